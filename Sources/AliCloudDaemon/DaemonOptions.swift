import AliCloudAPI
import AliCloudCatalog
import AliCloudCore
import AliCloudHTTP
import AliCloudOps
import AliCloudTransport
import AliCloudWire
import Foundation
import Glibc

/// The daemon's settings from its command line and configuration file. Every option is declared
/// once, in `DaemonOptions.table` (with the cloud side's in `CloudOptions.options`): the table
/// parses, prints `--help`, says which keys a configuration file takes, and generates
/// docs/options.md.
public struct DaemonOptions: Sendable, Equatable {
  public var socketPath: String? = nil
  public var logLevel: LogLevel = .info
  /// `--log-format text|json`.
  public var logFormat: LogFormat = .text
  public var maxFrame: Int = FrameLimits.defaultMaxBody
  public var maxInputs: Int = OperationSpec.defaultMaxInputs
  public var maxConnections = DaemonConfiguration.defaultMaxConnections
  public var maxConnectionsPerUID = DaemonConfiguration.defaultMaxConnectionsPerUID
  public var maxInFlight = DaemonConfiguration.defaultMaxInFlightPerConnection
  /// `--io-threads N`; 0: one per usable core, at most 4.
  public var ioThreads = 0
  public var allowUIDs: [UInt32] = []
  public var socketGroup: String? = nil
  public var grace: Duration = .seconds(10)
  /// Nil: never.
  public var idleTimeout: Duration? = DaemonConfiguration.defaultIdleTimeout
  public var frameTimeout: Duration? = DaemonConfiguration.defaultFrameTimeout
  /// `--http HOST:PORT`: serve the HTTP gateway there.
  public var httpListen: String? = nil
  /// `--http-token-file PATH`: require this bearer token on every HTTP request.
  public var httpTokenFile: String? = nil
  /// Gateway limits: connections per client address, seconds for a request to arrive.
  public var httpMaxConnectionsPerClient = HTTPLimits().maxConnectionsPerClient
  public var httpRequestTimeout: Double = HTTPLimits().requestTimeout
  /// `--metrics HOST:PORT`: serve `/metrics` and `/healthz` there.
  public var metricsListen: String? = nil
  /// `--config PATH`: the configuration file read before the other arguments.
  public var configFile: String? = nil
  /// The cloud side: endpoints, signing, retries, timeouts, waits and the sandbox.
  public var cloud = CloudOptions()
  /// `--help` or `--version`, when given.
  var requested: Request? = nil

  enum Request: Sendable, Equatable {
    case help
    case version
  }

  public enum Action: Sendable, Equatable {
    case run(DaemonOptions)
    case help
    case version
  }

  public typealias UsageError = OptionError

  public init() {}

  /// Parses arguments (without the program name), the configuration file's first.
  public static func parse(_ args: [String]) throws(UsageError) -> Action {
    var o = DaemonOptions()
    let (configFile, args) = try ConfigFile.expand(args)
    o.configFile = configFile
    try table.parse(args.map { $0 == "-h" ? "--help" : $0 }, into: &o)
    switch o.requested {
    case .help: return .help
    case .version: return .version
    case nil: break
    }
    try o.cloud.check()
    return .run(o)
  }

  /// The help `--help` prints.
  public static var help: String {
    """
    alicloudd \(Version.product): AliCloud operations for local callers over a Unix socket
    (length-prefixed JSON-RPC 2.0; see protocol/README.md).

    Usage: alicloudd [options]

    \(table.help(defaults: DaemonOptions()))
    Signals: SIGTERM and SIGINT shut down gracefully; SIGHUP rereads the configuration file (the
    log level changes at once, other changes at the next start; see daemon.status "service").

    Exit status: 0 after a clean shutdown, 64 for a usage error, 69 when the socket cannot
    be used (another daemon is listening, or the path is not a socket), 70 on other errors.
    """
  }

  /// Builds the daemon configuration (resolving the group name and socket activation).
  public func configuration(handlers: [String: OperationHandler] = [:], logger: Logger) throws(UsageError)
    -> DaemonConfiguration
  {
    var c = DaemonConfiguration(socketPath: socketPath ?? SocketPath.default(), handlers: handlers, logger: logger)
    c.connection = ConnectionOptions(
      limits: FrameLimits(maxBody: maxFrame), outputCap: DaemonConfiguration.defaultOutputCap,
      idleTimeout: idleTimeout, frameTimeout: frameTimeout,
      budget: OutputBudget(limit: DaemonConfiguration.defaultOutputBudget))
    c.maxInputs = maxInputs
    c.maxConnections = maxConnections
    c.maxConnectionsPerUID = min(maxConnectionsPerUID, maxConnections)
    c.maxInFlightPerConnection = maxInFlight
    c.ioThreads = ioThreads == 0 ? nil : ioThreads
    c.shutdownGrace = grace
    c.peerPolicy.allowedUIDs.formUnion(allowUIDs)
    if let socketGroup {
      guard let g = getgrnam(socketGroup) else {
        throw UsageError(message: "--socket-group: no group named \(socketGroup)")
      }
      c.socketGroupID = g.pointee.gr_gid
      c.peerPolicy.allowedGIDs.insert(g.pointee.gr_gid)
    }
    // Last: with --sandbox this starts the simulator (stopped with the daemon).
    try cloud.apply(to: &c)
    return c
  }
}
