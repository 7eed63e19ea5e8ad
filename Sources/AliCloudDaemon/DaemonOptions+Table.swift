import AliCloudCatalog
import AliCloudCore
import AliCloudWire

extension DaemonOptions {
  typealias Option = CommandOption<DaemonOptions>

  /// Every option of the daemon, in help order.
  public static let table = OptionTable<DaemonOptions>(
    [
      .value(
        "socket", "PATH", section: "Socket",
        "Listen on PATH. Default: $ALICLOUDD_SOCKET, else /run/alicloudd/alicloudd.sock as root, $XDG_RUNTIME_DIR/alicloudd/alicloudd.sock otherwise. With systemd socket activation the passed socket is used."
      ) { (o: inout DaemonOptions, text: String) throws(OptionError) in o.socketPath = try nonEmpty(text) },
      .value(
        "allow-uid", "UID", section: "Socket", repeatable: true,
        "Also accept connections from UID. The daemon's own uid and root are always accepted."
      ) { (o: inout DaemonOptions, text: String) throws(OptionError) in
        guard let uid = UInt32(text) else { throw OptionError("expected a numeric uid, got \(text)") }
        o.allowUIDs.append(uid)
      },
      .value(
        "socket-group", "NAME", section: "Socket",
        "Make the socket 0660 and owned by group NAME, and accept its members. Anyone who can connect can spend cloud money."
      ) { (o: inout DaemonOptions, text: String) throws(OptionError) in o.socketGroup = try nonEmpty(text) },
      .value(
        "max-frame", "BYTES", section: "Limits", "Largest accepted frame body (and HTTP request body).",
        show: { String($0.maxFrame) }
      ) { (o: inout DaemonOptions, text: String) throws(OptionError) in
        o.maxFrame = try OptionValue.integer(text, in: 64...FrameLimits.hardCeiling, "bytes")
      },
      .value(
        "max-inputs", "N", section: "Limits", "Largest number of inputs in one operation call.",
        show: { String($0.maxInputs) }
      ) { (o: inout DaemonOptions, text: String) throws(OptionError) in
        o.maxInputs = try OptionValue.integer(text, in: 1...100_000, "a count")
      },
      count(
        "max-connections",
        "Client connections open at once, in all; more are refused with -32007 (TooManyConnections).",
        1...1_000_000, \.maxConnections),
      count(
        "max-connections-per-uid", "Client connections open at once from one uid.", 1...1_000_000,
        \.maxConnectionsPerUID),
      count(
        "io-threads",
        "Threads serving the socket's connections (event loops). 0: one per usable core, at most 4.", 0...64,
        \.ioThreads),
      count(
        "max-in-flight",
        "Calls one connection may have running at once; its further requests are not read until one ends.",
        1...100_000, \.maxInFlight),
      timeout(
        "idle-timeout",
        "Close a connection with no call in flight that sends nothing for this long (clients reconnect). 0: never.",
        \.idleTimeout),
      timeout(
        "frame-timeout",
        "Close a connection whose frame is not complete this long after its first byte, with -32008 (FrameTimeout). 0: never.",
        \.frameTimeout),
      .value(
        "grace", "SECONDS", section: "Limits",
        "On SIGTERM/SIGINT, let calls in flight finish this long before cancelling them.",
        show: { OptionValue.number(Double($0.grace.components.seconds)) }
      ) { (o: inout DaemonOptions, text: String) throws(OptionError) in
        o.grace = .milliseconds(try OptionValue.seconds(text, in: 0...3600))
      },
      .value(
        "log-level", "LEVEL", section: "Logging",
        "trace, debug, info, notice, warning or error. Logs go to stderr.", show: { $0.logLevel.name }
      ) { (o: inout DaemonOptions, text: String) throws(OptionError) in
        guard let l = LogLevel(name: text) else {
          throw OptionError("unknown level \(text) (one of \(LogLevel.allCases.map(\.name).joined(separator: ", ")))")
        }
        o.logLevel = l
      },
      .value(
        "log-format", "FORMAT", section: "Logging",
        "text (time level label: message key=value ...) or json (one object per line). When stderr is the systemd journal (JOURNAL_STREAM), lines start with their syslog priority (<3> error ... <7> debug). See docs/operations.md (Logs).",
        show: { $0.logFormat.rawValue }
      ) { (o: inout DaemonOptions, text: String) throws(OptionError) in
        guard let f = LogFormat(rawValue: text.lowercased()) else {
          throw OptionError("expected text or json, got \(text)")
        }
        o.logFormat = f
      },
      .value(
        "http", "HOST:PORT", section: "HTTP gateway",
        "Also serve the HTTP gateway (POST /alicloud/v1/<operation>) there, e.g. 127.0.0.1:8080. Loopback addresses only, unless a token is set."
      ) { (o: inout DaemonOptions, text: String) throws(OptionError) in
        _ = try GatewayConfiguration.parseListen(text)
        o.httpListen = text
      },
      .value(
        "http-token-file", "PATH", section: "HTTP gateway",
        "Require \"Authorization: Bearer <token>\" on every HTTP request; the token is the file's first line. Required for non-loopback addresses."
      ) { (o: inout DaemonOptions, text: String) throws(OptionError) in o.httpTokenFile = try nonEmpty(text) },
      .value(
        "http-max-connections-per-client", "N", section: "HTTP gateway",
        "HTTP connections open at once from one client address (of 256 in all); more get 503.",
        show: { String($0.httpMaxConnectionsPerClient) }
      ) { (o: inout DaemonOptions, text: String) throws(OptionError) in
        o.httpMaxConnectionsPerClient = try OptionValue.integer(text, in: 1...256, "a count")
      },
      .value(
        "http-request-timeout", "SECONDS", section: "HTTP gateway",
        "A request must arrive in full this long after its first byte (else 408), and a response be taken as fast.",
        show: { OptionValue.number($0.httpRequestTimeout) }
      ) { (o: inout DaemonOptions, text: String) throws(OptionError) in
        o.httpRequestTimeout = Double(try OptionValue.seconds(text, in: 0.1...3600)) / 1000
      },
      .value(
        "metrics", "HOST:PORT", section: "Metrics",
        "Serve GET /metrics (Prometheus text format) and GET /healthz (200 when ready, else 503) there, e.g. 127.0.0.1:9464, with or without the gateway (which serves both too). They show counts, never secrets."
      ) { (o: inout DaemonOptions, text: String) throws(OptionError) in
        _ = try GatewayConfiguration.parseListen(text)
        o.metricsListen = text
      },
    ] + CloudOptions.options.map { $0.lifted(into: \DaemonOptions.cloud) } + [
      .value(
        "config", "PATH", section: "Other", inConfigFile: false,
        "Read options from PATH first (key = value lines, keys are these option names without \"--\"); options given here override it."
      ) { (o: inout DaemonOptions, text: String) throws(OptionError) in o.configFile = text },
      .flag("version", section: "Other", inConfigFile: false, "Print the version and exit.") {
        $0.requested = .version
      },
      .flag("help", section: "Other", inConfigFile: false, "Print this help and exit (also -h).") {
        $0.requested = .help
      },
    ])

  static func count(
    _ name: String, _ help: String, _ range: ClosedRange<Int>, _ path: WritableKeyPath<DaemonOptions, Int> & Sendable
  ) -> Option {
    .value(name, "N", section: "Limits", help, show: { String($0[keyPath: path]) }) {
      (o: inout DaemonOptions, text: String) throws(OptionError) in
      o[keyPath: path] = try OptionValue.integer(text, in: range, "a count")
    }
  }

  static func timeout(
    _ name: String, _ help: String, _ path: WritableKeyPath<DaemonOptions, Duration?> & Sendable
  ) -> Option {
    .value(
      name, "SECONDS", section: "Limits", help,
      show: { o in o[keyPath: path].map { OptionValue.number(Double($0.components.seconds)) } ?? "0" }
    ) { (o: inout DaemonOptions, text: String) throws(OptionError) in
      let ms = try OptionValue.seconds(text, in: 0...86_400)
      o[keyPath: path] = ms == 0 ? nil : .milliseconds(ms)
    }
  }

  static func nonEmpty(_ text: String) throws(OptionError) -> String {
    guard !text.isEmpty else { throw OptionError("expected a value") }
    return text
  }
}
