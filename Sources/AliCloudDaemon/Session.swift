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
    switch RPCMessage.decode(body) {
    case .failure(let f):
      core.stats.error(f.error.name)
      logger.debug("rejected message", ["error.name": f.error.name])
      FrameEncoder.append(RPCResponse(id: f.id, error: f.error), to: &replies)
    case .success(.response):
      logger.debug("ignored a response sent to the daemon")
    case .success(.request(let request)):
      handle(request, replies: &replies)
    }
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

  func connectionDidClose(_ connection: FrameConnection) {
    let calls = state.withLock { s in Array(s.calls.values) }
    for call in calls { call.cancel() }
    core.sessionClosed(self)
  }

  func handle(_ request: RPCRequest, replies: inout [UInt8]) {
    if request.method == "$/cancelRequest" {
      cancel(request.params?["id"])
      if let id = request.id { FrameEncoder.append(RPCResponse(id: id, result: .null), to: &replies) }
      return
    }
    let step = core.pipeline.begin(
      method: request.method, params: request.params, id: request.id ?? .null, frontEnd: "socket",
      logger: logger)
    switch step {
    case .answered(let outcome):
      if let id = request.id { FrameEncoder.appendReply(RPCResponse(id: id, outcome: outcome), to: &replies) }
    case .operation(let op):
      guard let id = request.id else {
        logger.warning(
          "operation sent as a notification was not run (its result could not be reported)",
          ["rpc.method": op.spec.method])
        return
      }
      start(op, id: id, params: request.params ?? [:], replies: &replies)
    }
  }
}
