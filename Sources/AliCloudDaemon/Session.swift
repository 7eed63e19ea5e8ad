import AliCloudCatalog
import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Synchronization

/// One client connection: decodes requests, answers service methods at once, runs operations in
/// tasks (many at a time, replies in completion order), and handles `$/cancelRequest`.
final class Session: FrameConnectionDelegate, Hashable {
  let connection: FrameConnection
  let core: Daemon
  let logger: Logger
  let state = Mutex(State())

  struct State {
    var calls: [RPCID: Call] = [:]
    var recent = RecentIDs()
    var endOfInput = false
    var shuttingDown = false
    var readingHeld = false
  }

  init(connection: FrameConnection, core: Daemon) {
    self.connection = connection
    self.core = core
    var l = core.logger
    if let p = connection.peer {
      l = l.with("peer.uid", String(p.uid)).with("peer.pid", String(p.pid))
    }
    logger = l
  }

  static func == (a: Session, b: Session) -> Bool { a === b }
  func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }

  func connection(_ connection: FrameConnection, didReceive body: UnsafeRawBufferPointer, replies: inout [UInt8]) {
    logger.trace("frame received", ["bytes": String(body.count)])
    switch RPCMessage.decodeFrame(body) {
    case .single(let message): receive(message, batch: nil, replies: &replies)
    case .batch(let members): receiveBatch(members, replies: &replies)
    }
  }

  /// Sends `response`: into the frame's batch when it came in one, else as a frame of its own.
  func reply(_ response: RPCResponse, batch: BatchReply?, replies: inout [UInt8]) {
    if let batch {
      if let frame = batch.add(response) { replies += frame }
    } else {
      FrameEncoder.appendReply(response, to: &replies)
    }
  }

  func receive(_ message: Result<RPCMessage, RPCDecodeFailure>, batch: BatchReply?, replies: inout [UInt8]) {
    switch message {
    case .failure(let f):
      core.stats.error(f.error.name)
      logger.debug("rejected message", ["error.name": f.error.name])
      reply(RPCResponse(id: f.id, error: f.error), batch: batch, replies: &replies)
    case .success(.response):
      logger.debug("ignored a response sent to the daemon")
    case .success(.request(let request)):
      handle(request, batch: batch, replies: &replies)
    }
  }

  /// A JSON-RPC 2.0 batch: every member is handled like a message of its own, and the responses
  /// come back together in one array. The input limit applies to the batch as a whole.
  func receiveBatch(_ members: [Result<RPCMessage, RPCDecodeFailure>], replies: inout [UInt8]) {
    let inputs = members.reduce(0) { n, m in
      guard case .success(.request(let r)) = m else { return n }
      return n + (r.params?["inputs"]?.arrayValue?.count ?? 0)
    }
    guard inputs <= core.configuration.maxInputs else {
      let e = RPCError(
        .invalidRequest,
        "invalid request: the batch carries \(inputs) inputs, more than the limit of \(core.configuration.maxInputs)")
      core.stats.error(e.name)
      FrameEncoder.append(RPCResponse(id: .null, error: e), to: &replies)
      return
    }
    let expected = members.filter { m in
      switch m {
      case .failure: return true
      case .success(.response): return false
      case .success(.request(let r)): return r.id != nil
      }
    }.count
    let batch = BatchReply(expected: expected)
    for m in members { receive(m, batch: batch, replies: &replies) }
  }

  func connection(_ connection: FrameConnection, didFailFraming error: FrameError, replies: inout [UInt8]) {
    core.stats.error(error.rpcError.name)
    logger.notice("closing connection: bad frame", ["error": error.description])
    FrameEncoder.append(RPCResponse(id: .null, error: error.rpcError), to: &replies)
  }

  func connectionDidReachEndOfInput(_ connection: FrameConnection) {
    let idle = state.withLock { s in
      s.endOfInput = true
      return s.calls.isEmpty
    }
    if idle { connection.closeWhenFlushed() }
  }

  func connectionIsBusy(_ connection: FrameConnection) -> Bool { state.withLock { !$0.calls.isEmpty } }

  func connectionDidClose(_ connection: FrameConnection) {
    let calls = state.withLock { s in Array(s.calls.values) }
    for call in calls { call.cancel() }
    core.sessionClosed(self)
  }

  func handle(_ request: RPCRequest, batch: BatchReply?, replies: inout [UInt8]) {
    logger.trace(
      "request",
      [
        "rpc.method": String(request.method.prefix(128)),
        "rpc.id": request.id.map { String("\($0)".prefix(128)) } ?? "none",
      ])
    if request.method == "$/cancelRequest" {
      cancel(request.params?["id"])
      if let id = request.id { reply(RPCResponse(id: id, result: .null), batch: batch, replies: &replies) }
      return
    }
    let step = core.pipeline.begin(
      method: request.method, params: request.params, id: request.id ?? .null, frontEnd: "socket",
      logger: logger)
    switch step {
    case .answered(let outcome):
      if let id = request.id { reply(RPCResponse(id: id, outcome: outcome), batch: batch, replies: &replies) }
    case .operation(let op):
      guard let id = request.id else {
        logger.warning(
          "operation sent as a notification was not run (its result could not be reported)",
          ["rpc.method": op.spec.method])
        return
      }
      start(op, id: id, params: request.params ?? [:], batch: batch, replies: &replies)
    }
  }
}
