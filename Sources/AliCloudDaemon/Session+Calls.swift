import AliCloudCatalog
import AliCloudCore
import AliCloudOps
import AliCloudTransport
import AliCloudWire

extension Session {
  func start(
    _ spec: OperationSpec, _ handler: @escaping OperationHandler, id: RPCID, params: JSONValue, replies: inout [UInt8]
  ) {
    let call = Call(id: id, method: spec.method, progressToken: params["progressToken"], connection: connection)
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
      FrameEncoder.append(RPCResponse(id: id, error: e), to: &replies)
      return
    }
    core.stats.callStarted(spec.method)
    let callLogger = logger.with("rpc.method", spec.method).with("rpc.id", id.description)
    callLogger.debug("call started")
    let context = OperationContext(
      callID: id.description, progress: { [call] in call.progress($0) }, logger: callLogger)
    let dispatcher = core.dispatcher
    let task = Task { [self] in
      let outcome = await dispatcher.run(spec, handler, params: params, context: context)
      finish(call, outcome)
    }
    call.attach(task)
  }

  func finish(_ call: Call, _ outcome: Result<JSONValue, RPCError>) {
    call.finish(outcome)
    core.stats.callFinished(error: outcome.errorName)
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
