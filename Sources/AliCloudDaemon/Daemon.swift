import AliCloudCatalog
import AliCloudCore
import AliCloudJournal
import AliCloudOps
import AliCloudTransport
import AliCloudWire
import Dispatch
import Glibc
import Synchronization

/// The daemon core: listens on the Unix socket, admits peers, runs one Session per connection,
/// reports status and shuts down gracefully. `start()`, then `waitUntilStopped()`; `shutdown()`
/// (or SIGTERM/SIGINT after `installSignalHandlers()`) stops it.
public final class Daemon: Sendable {
  public let configuration: DaemonConfiguration
  public let dispatcher: Dispatcher
  /// Every call of every front end passes through it.
  public let pipeline: CallPipeline
  let admission = AdmissionStage()
  let logger: Logger
  let stats = DaemonStats()
  let state = Mutex(State())
  /// The threads serving the socket: the listener on the first loop, connections spread over all.
  let loops: EventLoopGroup
  let service: ServiceControl

  struct State {
    var listener: UnixListener?
    var sessions: Set<Session> = []
    var phase = Phase.idle
    var stopWaiters: [CheckedContinuation<Void, Never>] = []
    var idleWaiters: [CheckedContinuation<Void, Never>] = []
    var signalSources: [any DispatchSourceSignal] = []
    var shutdownHooks: [@Sendable (Duration) async -> Void] = []
    /// Metric families of other front ends (the HTTP gateway's connections).
    var metricsSources: [@Sendable (inout MetricsText) -> Void] = []
  }

  enum Phase { case idle, running, stopping, stopped }

  public init(configuration: DaemonConfiguration) {
    self.configuration = configuration
    self.logger = configuration.logger
    loops = EventLoopGroup(threads: configuration.ioThreads)
    let stats = self.stats
    let service = ServiceControl(settings: configuration.service, logLevel: configuration.logger.currentLevel)
    self.service = service
    var providers = configuration.statusProviders
    if providers["service"] == nil { providers["service"] = { service.status } }
    var handlers = configuration.handlers
    if let ops = configuration.operations {
      handlers.merge(Operations.handlers(ops)) { explicit, _ in explicit }
      if providers["cloud"] == nil { providers["cloud"] = { [client = ops.client] in client.status() } }
      if let journal = ops.mutations?.journal, providers["journal"] == nil {
        providers["journal"] = { journal.status }
      }
    }
    let journal = configuration.operations?.mutations?.journal
    dispatcher = Dispatcher(
      handlers: handlers, logger: configuration.logger, maxInputs: configuration.maxInputs,
      pending: { Daemon.pending(journal) }
    ) { [providers, budget = configuration.connection.budget] in
      var status = stats.snapshot()
      if case .object(var o) = status {
        for (key, provider) in providers { o[key] = provider() }
        // Replies queued for clients, on all connections (the shared output budget's use).
        if let budget { o["outputQueued"] = .int(budget.queued) }
        status = .object(o)
      }
      return status
    }
    pipeline = CallPipeline(
      dispatcher: dispatcher,
      stages: [admission, StatsStage(stats: stats), LoggingStage()] + configuration.stages)
  }

  /// The socket path when we bound one ourselves; nil for an inherited socket.
  public var socketPath: String? { state.withLock { $0.listener?.path } }

  /// Binds (or adopts the inherited socket) and starts accepting connections.
  public func start() throws(TransportError) {
    let listener: UnixListener
    if let fd = configuration.inheritedListenerFD {
      listener = UnixListener(inheritedFD: fd, loop: loops.loops[0])
    } else {
      let options = ListenerOptions(path: configuration.socketPath, groupID: configuration.socketGroupID)
      listener = try UnixListener(binding: options, loop: loops.loops[0])
    }
    state.withLock { s in
      s.listener = listener
      s.phase = .running
    }
    for loop in loops.loops { loop.execute {} }  // every loop thread runs from the start
    admission.setAccepting(true)
    listener.start(
      policy: configuration.peerPolicy,
      refusalFrame: { [stats, logger] peer in
        stats.counters.withLock { $0.peersRefused += 1 }
        logger.warning("refused peer", ["peer.uid": String(peer.uid), "peer.pid": String(peer.pid)])
        return FrameEncoder.encode(RPCResponse(id: .null, error: .unauthorizedPeer(uid: peer.uid)))
      },
      onAccept: { [weak self] socket in self?.accept(socket) })
    logger.info(
      "listening",
      ["socket": listener.path ?? "inherited fd \(listener.fd)", "pid": String(getpid()), "version": Version.build])
  }

  func accept(_ socket: AcceptedSocket) {
    let uid = socket.peer.uid
    let connection = FrameConnection(
      fd: socket.fd, peer: socket.peer, options: configuration.connection, loop: loops.next())
    guard state.withLock({ $0.phase == .running }),
      stats.admit(uid: uid, max: configuration.maxConnections, maxPerUID: configuration.maxConnectionsPerUID)
    else {
      logger.warning("refused connection: limit reached", ["peer.uid": String(uid)])
      let refusal = RPCError(
        .tooManyConnections,
        "too many connections (limit \(configuration.maxConnections) in total, \(configuration.maxConnectionsPerUID) per uid)"
      )
      connection.send(FrameEncoder.encode(RPCResponse(id: .null, error: refusal)))
      connection.closeWhenFlushed()
      return
    }
    let session = Session(connection: connection, core: self)
    state.withLock { _ = $0.sessions.insert(session) }
    logger.debug("connection accepted", ["peer.uid": String(uid), "peer.pid": String(socket.peer.pid)])
    connection.start(delegate: session)
  }

  func sessionClosed(_ session: Session) {
    if let peer = session.connection.peer { stats.release(uid: peer.uid) }
    state.withLock { _ = $0.sessions.remove(session) }
    session.logger.debug("connection closed")
    callFinished()
  }

  /// Wakes a shutdown waiting for in-flight calls to drain.
  func callFinished() {
    let waiters: [CheckedContinuation<Void, Never>] = state.withLock { s in
      guard s.phase == .stopping, !s.idleWaiters.isEmpty, s.sessions.allSatisfy({ $0.inFlight == 0 }) else { return [] }
      defer { s.idleWaiters = [] }
      return s.idleWaiters
    }
    for w in waiters { w.resume() }
  }

  /// `daemon.pending`: the mutations whose outcome the daemon does not know (a crash, a lost
  /// answer, a cancelled call); re-sending the same input completes each.
  static func pending(_ journal: MutationJournal?) -> JSONValue {
    guard let journal else { return ["journal": "none", "pending": []] }
    let now = journal.nowMs
    return [
      "journal": .string(journal.path ?? "(memory)"), "pending": .array(journal.unfinished.map { $0.json(nowMs: now) }),
    ]
  }

  /// `daemon.status` as JSON.
  public func status() -> JSONValue { dispatcher.route(method: "daemon.status", params: nil).immediateValue ?? [:] }

  /// Open connections and calls in flight.
  public var counts: (connections: Int, inFlight: Int) {
    stats.counters.withLock { ($0.connections, $0.inFlight) }
  }

  /// The event loop threads serving the socket.
  public var ioThreads: Int { loops.loops.count }

  /// Connections the daemon has taken from the listener: accepted or refused for a limit.
  public var connectionsHandled: Int {
    stats.counters.withLock { $0.connectionsAccepted + $0.connectionsRefused }
  }
}

extension Dispatcher.Route {
  var immediateValue: JSONValue? {
    if case .immediate(.success(let v)) = self { return v }
    return nil
  }
}
