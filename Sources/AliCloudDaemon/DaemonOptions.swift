import AliCloudAPI
import AliCloudCatalog
import AliCloudCore
import AliCloudOps
import AliCloudTransport
import AliCloudWire
import Foundation
import Glibc

/// The daemon's command line. Parsing is separate from the executable so it can be tested and
/// extended (`--sandbox`, `--endpoint`, `--http`) in one place.
public struct DaemonOptions: Sendable, Equatable {
  public var socketPath: String? = nil
  public var logLevel: LogLevel = .info
  public var maxFrame: Int = FrameLimits.defaultMaxBody
  public var maxInputs: Int = OperationSpec.defaultMaxInputs
  public var allowUIDs: [UInt32] = []
  public var socketGroup: String? = nil
  public var grace: Duration = .seconds(10)
  /// `--http HOST:PORT`: serve the HTTP gateway there.
  public var httpListen: String? = nil
  /// `--http-token-file PATH`: require this bearer token on every HTTP request.
  public var httpTokenFile: String? = nil
  /// `--config PATH`: the configuration file read before the other arguments.
  public var configFile: String? = nil
  /// `--sandbox`, `--endpoint`, `--signature` and the sandbox's settings.
  public var cloud = CloudOptions()
  /// Arguments not known here, for options added by other parts of the daemon.
  public var extra: [String] = []

  public enum Action: Sendable, Equatable {
    case run(DaemonOptions)
    case help
    case version
  }

  public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }

  public init() {}

  /// Parses arguments (without the program name). Unknown `--options` are errors unless
  /// `allowExtra` is true, in which case they (and their values) are collected in `extra`.
  /// `checked: false` skips the checks of combinations (used for one line of a config file).
  public static func parse(_ args: [String], allowExtra: Bool = false, checked: Bool = true) throws(UsageError)
    -> Action
  {
    var o = DaemonOptions()
    let (configFile, args) = try ConfigFile.expand(args, allowExtra: allowExtra)
    o.configFile = configFile
    var i = 0
    func value(_ name: String) throws(UsageError) -> String {
      i += 1
      guard i < args.count else { throw UsageError(message: "\(name) needs a value") }
      return args[i]
    }
    while i < args.count {
      var arg = args[i]
      var inline: String? = nil
      if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
        inline = String(arg[arg.index(after: eq)...])
        arg = String(arg[..<eq])
      }
      func v() throws(UsageError) -> String { if let inline { return inline } else { return try value(arg) } }
      switch arg {
      case "-h", "--help": return .help
      case "--version": return .version
      case "--socket": o.socketPath = try v()
      case "--log-level":
        let t = try v()
        guard let l = LogLevel(name: t) else {
          throw UsageError(
            message: "--log-level: unknown level \(t) (one of \(LogLevel.allCases.map(\.name).joined(separator: ", ")))"
          )
        }
        o.logLevel = l
      case "--max-frame":
        let t = try v()
        guard let n = Int(t), n >= 64, n <= FrameLimits.hardCeiling else {
          throw UsageError(message: "--max-frame: expected bytes between 64 and \(FrameLimits.hardCeiling), got \(t)")
        }
        o.maxFrame = n
      case "--max-inputs":
        let t = try v()
        guard let n = Int(t), n >= 1, n <= 100_000 else {
          throw UsageError(message: "--max-inputs: expected a count between 1 and 100000, got \(t)")
        }
        o.maxInputs = n
      case "--allow-uid":
        let t = try v()
        guard let uid = UInt32(t) else { throw UsageError(message: "--allow-uid: expected a numeric uid, got \(t)") }
        o.allowUIDs.append(uid)
      case "--socket-group": o.socketGroup = try v()
      case "--http":
        let t = try v()
        _ = try GatewayConfiguration.parseListen(t)
        o.httpListen = t
      case "--http-token-file": o.httpTokenFile = try v()
      case "--grace":
        let t = try v()
        guard let s = Double(t), s >= 0, s <= 3600 else {
          throw UsageError(message: "--grace: expected seconds between 0 and 3600, got \(t)")
        }
        o.grace = .milliseconds(Int(s * 1000))
      default:
        if try o.cloud.parse(arg, value: v) { break }
        guard allowExtra, arg.hasPrefix("-") else {
          throw UsageError(message: "unknown argument \(args[i]) (see --help)")
        }
        o.extra.append(args[i])
      }
      i += 1
    }
    if checked { try o.cloud.check() }
    return .run(o)
  }

  public static let help = """
    alicloudd \(Version.product): AliCloud operations for local callers over a Unix socket
    (length-prefixed JSON-RPC 2.0; see protocol/README.md).

    Usage: alicloudd [options]

    Options:
      --socket PATH        Listen on PATH. Default: $ALICLOUDD_SOCKET, else
                           /run/alicloudd/alicloudd.sock as root,
                           $XDG_RUNTIME_DIR/alicloudd/alicloudd.sock otherwise.
                           With systemd socket activation the passed socket is used.
      --allow-uid UID      Also accept connections from UID (repeatable). The daemon's
                           own uid and root are always accepted.
      --socket-group NAME  Make the socket 0660 and owned by group NAME, and accept
                           its members. Anyone who can connect can spend cloud money.
      --max-frame BYTES    Largest accepted frame body (default 4194304, at most 16777216).
      --max-inputs N       Largest number of inputs in one operation call (default 1000).
      --grace SECONDS      On SIGTERM/SIGINT, let calls in flight finish this long
                           before cancelling them (default 10).
      --log-level LEVEL    trace, debug, info, notice, warning or error (default info).
                           Logs go to stderr.
      --http HOST:PORT     Also serve the HTTP gateway (POST /alicloud/v1/<operation>) there,
                           e.g. 127.0.0.1:8080. Loopback addresses only, unless a token is set.
      --http-token-file PATH
                           Require "Authorization: Bearer <token>" on every HTTP request; the
                           token is the file's first line. Required for non-loopback addresses.
      --config PATH        Read options from PATH first (key = value lines, keys are these
                           option names without "--"); options given here override it.
    \(CloudOptions.help)
      --version            Print the version and exit.
      -h, --help           Print this help and exit.

    Exit status: 0 after a clean shutdown, 64 for a usage error, 69 when the socket cannot
    be used (another daemon is listening, or the path is not a socket), 70 on other errors.
    """

  /// Builds the daemon configuration (resolving the group name and socket activation).
  public func configuration(handlers: [String: OperationHandler] = [:], logger: Logger) throws(UsageError)
    -> DaemonConfiguration
  {
    var c = DaemonConfiguration(socketPath: socketPath ?? SocketPath.default(), handlers: handlers, logger: logger)
    c.connection = ConnectionOptions(limits: FrameLimits(maxBody: maxFrame))
    c.maxInputs = maxInputs
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
