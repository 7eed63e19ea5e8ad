import AliCloudCatalog
import AliCloudCore
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
  public var maxConnectionsPerUID: Int
  /// How long in-flight calls may run on after a shutdown request before they are cancelled.
  public var shutdownGrace: Duration
  /// Operation handlers by method name (`vpc/create`). A documented operation without a handler
  /// answers -32004 `alicloudd.NoHandler`.
  public var handlers: [String: OperationHandler]
  /// Sections merged into `daemon.status` (e.g. `cloud`: region cache, API call counts).
  public var statusProviders: [String: @Sendable () -> JSONValue]
  public var logger: Logger

  public init(
    socketPath: String = SocketPath.default(), handlers: [String: OperationHandler] = [:],
    logger: Logger = Logger(label: "alicloudd")
  ) {
    self.socketPath = socketPath
    self.inheritedListenerFD = nil
    self.socketGroupID = nil
    self.peerPolicy = PeerPolicy()
    self.connection = ConnectionOptions()
    self.maxConnections = 256
    self.maxConnectionsPerUID = 64
    self.shutdownGrace = .seconds(10)
    self.handlers = handlers
    self.statusProviders = [:]
    self.logger = logger
  }
}
