import AliCloudCatalog
import AliCloudCore
import AliCloudOps
import AliCloudTransport
import AliCloudWire

/// Everything the daemon core needs, built by the executable (from DaemonOptions) or by tests.
public struct DaemonConfiguration: Sendable {
  /// Where to listen (ignored when `inheritedListenerFD` is set).
  public var socketPath: String
  /// A listening socket passed by the service manager; never unlinked.
  public var inheritedListenerFD: Int32?
  /// Group that may connect; the socket becomes 0660 and is chowned to it.
  public var socketGroupID: UInt32?
  public var peerPolicy: PeerPolicy
  public var connection: ConnectionOptions
  public var maxConnections: Int
  /// Event loop threads serving the socket's connections; nil: one per usable core, at most
  /// `EventLoopGroup.maxDefaultThreads`.
  public var ioThreads: Int? = nil
  public var maxConnectionsPerUID: Int
  /// Above this many calls in flight on one connection, the daemon stops reading its requests.
  public var maxInFlightPerConnection: Int
  /// The largest number of inputs in one operation call (more: -32602 naming `inputs`).
  public var maxInputs: Int
  /// How long in-flight calls may run on after a shutdown request before they are cancelled.
  public var shutdownGrace: Duration
  /// Operation handlers by method name (`vpc/create`). A documented operation without a handler
  /// answers -32004 `alicloudd.NoHandler`.
  public var handlers: [String: OperationHandler]
  /// The cloud side: API client, limiter, waits, default credentials. When set, the daemon
  /// registers `Operations.handlers(operations)` (entries of `handlers` win) and reports the
  /// client's calls, retries and cache under `cloud` in `daemon.status`.
  public var operations: OpsEnvironment?
  /// Sections merged into `daemon.status` (e.g. `cloud`: region cache, API call counts).
  public var statusProviders: [String: @Sendable () -> JSONValue]
  /// Stages added to the call pipeline after the daemon's own (admission, stats, logging).
  public var stages: [any CallStage] = []
  /// Run once the daemon has stopped (e.g. the sandbox stops its simulator).
  public var onStop: [@Sendable () -> Void] = []
  public var logger: Logger
  /// The service manager side (readiness, watchdog, SIGHUP reloads); see `ServiceSettings`.
  public var service = ServiceSettings()

  /// Connection limits by default, sd-varlink's: 4096 in all, 1024 per uid.
  public static let defaultMaxConnections = 4096
  public static let defaultMaxConnectionsPerUID = 1024
  public static let defaultMaxInFlightPerConnection = 256
  /// A connection with no call in flight that sends nothing for this long is closed (clients
  /// reconnect); a frame must be complete this long after its first byte.
  public static let defaultIdleTimeout: Duration = .seconds(300)
  public static let defaultFrameTimeout: Duration = .seconds(30)
  /// Replies queued for one connection before it stops being read (a reply larger than this is
  /// still sent whole): small, so that clients that never read cost little each.
  public static let defaultOutputCap = 1 << 20
  /// Output queued on all connections together before each stops decoding after its next reply.
  public static let defaultOutputBudget = 64 << 20
  public static var defaultConnectionOptions: ConnectionOptions {
    ConnectionOptions(
      outputCap: defaultOutputCap, idleTimeout: defaultIdleTimeout, frameTimeout: defaultFrameTimeout,
      budget: OutputBudget(limit: defaultOutputBudget))
  }

  public init(
    socketPath: String = SocketPath.default(), handlers: [String: OperationHandler] = [:],
    logger: Logger = Logger(label: "alicloudd")
  ) {
    self.socketPath = socketPath
    self.inheritedListenerFD = nil
    self.socketGroupID = nil
    self.peerPolicy = PeerPolicy()
    self.connection = DaemonConfiguration.defaultConnectionOptions
    self.maxConnections = DaemonConfiguration.defaultMaxConnections
    self.maxConnectionsPerUID = DaemonConfiguration.defaultMaxConnectionsPerUID
    self.maxInFlightPerConnection = DaemonConfiguration.defaultMaxInFlightPerConnection
    self.maxInputs = OperationSpec.defaultMaxInputs
    self.shutdownGrace = .seconds(10)
    self.handlers = handlers
    self.operations = nil
    self.statusProviders = [:]
    self.logger = logger
  }
}
