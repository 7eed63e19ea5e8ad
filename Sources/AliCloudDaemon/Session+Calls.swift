import AliCloudCatalog
import AliCloudCore
import AliCloudOps
import AliCloudTransport
import AliCloudWire

extension Session {
  func start(_ op: OperationCall, id: RPCID, params: JSONValue, batch: BatchReply?, replies: inout [UInt8]) {
    let call = Call(
      id: id, method: op.spec.method, progressToken: params["progressToken"], connection: connection, batch: batch)
    let limit = core.configuration.maxInFlightPerConnection
    let (duplicate, hold) = state.withLock { s in
      if s.calls[id] != nil { return (true, false) }
      s.calls[id] = call
      let hold = s.calls.count >= limit && !s.readingHeld
      if hold { s.readingHeld = true }
      return (false, hold)
    }
    if hold { connection.holdReading(true) }
    if duplicate {
      let e = RPCError(.invalidRequest, "invalid request: id \(id) is already in use by a call in flight")
      reply(RPCResponse(id: id, error: e), batch: batch, replies: &replies)
      return
    }
    // On the loop that read the call: worked on and answered there without a thread hop.
    let task = op.start(
      on: connection.loop, progress: { [call] in call.progress($0) }, inputsDone: { [call] in call.inputsDone($0, $1) }
    ) { [self] outcome in finish(call, outcome) }
    call.attach(task)
  }

  func finish(_ call: Call, _ outcome: Result<JSONValue, RPCError>) {
    call.finish(outcome)
    let limit = core.configuration.maxInFlightPerConnection
    let (closeNow, release) = state.withLock { s in
      s.calls[call.id] = nil
      s.recent.insert(call.id)
      let release = s.readingHeld && s.calls.count < limit
      if release { s.readingHeld = false }
      return ((s.endOfInput || s.shuttingDown) && s.calls.isEmpty, release)
    }
    if release { connection.holdReading(false) }
    core.callFinished()
    if closeNow { connection.closeWhenFlushed() }
  }

  func cancel(_ rawID: JSONValue?) {
    guard let rawID, let id = RPCID(json: rawID) else {
      logger.debug("ignored $/cancelRequest without a valid id")
      return
    }
    let (call, late) = state.withLock { s in (s.calls[id], s.recent.contains(id)) }
    if let call {
      logger.debug("cancelling call", ["rpc.id": id.description, "rpc.method": call.method])
      call.cancel()
    } else if !late {
      logger.debug("ignored $/cancelRequest for an unknown id", ["rpc.id": id.description])
    }
  }

  /// Refuses new calls from now on; closes at once when idle.
  func beginShutdown() {
    let idle = state.withLock { s in
      s.shuttingDown = true
      return s.calls.isEmpty
    }
    if idle { connection.closeWhenFlushed() }
  }

  func cancelAll() {
    for call in state.withLock({ Array($0.calls.values) }) { call.cancel() }
  }

  var inFlight: Int { state.withLock { $0.calls.count } }
}
