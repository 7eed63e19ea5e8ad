import AliCloudCore
import AliCloudTransport

/// How the daemon works with a service manager: `READY=1` / `STOPPING=1` / `WATCHDOG=1` on the
/// notification socket, and what a reload (SIGHUP, `ExecReload=`) reads and changes.
public struct ServiceSettings: Sendable {
  /// `$NOTIFY_SOCKET`'s notifier (`Type=notify`); nil: nothing is sent.
  public var notifier: SystemdNotifier?
  /// How often `WATCHDOG=1` is sent (half of `$WATCHDOG_USEC`); nil: never.
  public var watchdogInterval: Duration?
  /// What a reload reads: the command line again, with the configuration file as it is now.
  public var configSource: ConfigSource?
  /// The log level a reload sets (the daemon's loggers follow it).
  public var logThreshold: LogThreshold?
  /// Run on every reload, after the options are read (e.g. to drop cached credentials so that a
  /// rotated credential file or profile is read again).
  public var onReload: [@Sendable () -> Void] = []

  public init() {}

  /// The settings of a daemon started by the service manager (from `$NOTIFY_SOCKET`,
  /// `$WATCHDOG_USEC`), reloading from `arguments` with `threshold` as its log level.
  public static func fromEnvironment(arguments: [String], threshold: LogThreshold) -> ServiceSettings {
    var s = ServiceSettings()
    s.notifier = SystemdNotifier.fromEnvironment()
    s.watchdogInterval = s.notifier == nil ? nil : SystemdNotifier.watchdogInterval()
    s.configSource = ConfigSource(arguments: arguments)
    s.logThreshold = threshold
    return s
  }
}

/// The daemon's command line, read again on a reload together with its configuration file.
public struct ConfigSource: Sendable {
  /// The command line without the program name.
  public let arguments: [String]
  /// The arguments in force: the configuration file's (as read at start) then the command line's.
  let initial: [String]

  public init(arguments: [String]) {
    self.arguments = arguments
    initial = (try? ConfigFile.expand(arguments).1) ?? arguments
  }

  /// The options as the command line and the file give them now, and the arguments they come from.
  func read() throws(DaemonOptions.UsageError) -> (DaemonOptions, [String]) {
    let expanded = try ConfigFile.expand(arguments).1
    guard case .run(let options) = try DaemonOptions.parse(arguments) else {
      throw DaemonOptions.UsageError(message: "the command line asks for --help or --version")
    }
    return (options, expanded)
  }

  /// The option names whose arguments differ between `old` and `new`.
  static func changedKeys(_ old: [String], _ new: [String]) -> [String] {
    func key(_ arg: String) -> String {
      let name = arg.hasPrefix("--") ? arg.dropFirst(2) : Substring(arg)
      return String(name.split(separator: "=", maxSplits: 1).first ?? name)
    }
    func byKey(_ args: [String]) -> [String: [String]] {
      var out: [String: [String]] = [:]
      var i = 0
      while i < args.count {
        var arg = args[i]
        // `--key value` as well as `--key=value`.
        if arg.hasPrefix("--"), !arg.contains("="), i + 1 < args.count, !args[i + 1].hasPrefix("--"),
          DaemonOptions.table.option(named: String(arg.dropFirst(2)))?.placeholder != nil
        {
          arg += "=" + args[i + 1]
          i += 1
        }
        out[key(arg), default: []].append(arg)
        i += 1
      }
      return out
    }
    let a = byKey(old)
    let b = byKey(new)
    return Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
  }
}
