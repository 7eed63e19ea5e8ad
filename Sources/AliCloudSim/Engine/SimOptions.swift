import AliCloudCore

/// What a run of the simulator varies: the seed, how long transitions last, and the faults it
/// injects. `alicloud-sim` takes these options as they are named here; `alicloudd --sandbox`
/// takes the same ones prefixed with `sandbox-`.
public struct SimTuning: Sendable, Equatable {
  public var seed: UInt64
  public var delays: SimDelays
  public var faults: SimFaults

  public init(seed: UInt64 = 1, delays: SimDelays = SimDelays(), faults: SimFaults = SimFaults()) {
    self.seed = seed
    self.delays = delays
    self.faults = faults
  }

  /// The options that set a tuning, in help order.
  public static let options: [CommandOption<SimTuning>] = {
    let section = "Simulated cloud"
    func rate(
      _ name: String, _ help: String, _ path: WritableKeyPath<SimFaults, Double> & Sendable
    ) -> CommandOption<SimTuning> {
      .value(name, "R", section: section, help, show: { OptionValue.number($0.faults[keyPath: path]) }) {
        (t: inout SimTuning, text: String) throws(OptionError) in t.faults[keyPath: path] = try OptionValue.rate(text)
      }
    }
    return [
      .value(
        "seed", "N", section: section, "Seed for generated ids and fault decisions, so a run repeats.",
        show: { String($0.seed) }
      ) { (t: inout SimTuning, text: String) throws(OptionError) in
        guard let s = UInt64(text) else { throw OptionError("expected a non-negative integer, got \(text)") }
        t.seed = s
      },
      .value(
        "delay-ms", "N", section: section,
        "How long resources stay in transitional states (Pending, Deleting, ...), in milliseconds.",
        show: { String(Int(($0.delays.standard * 1000).rounded())) }
      ) { (t: inout SimTuning, text: String) throws(OptionError) in
        t.delays.standard = Double(try OptionValue.integer(text, in: 0...3_600_000, "milliseconds")) / 1000
      },
      .value(
        "delay", "KIND=MS", section: section, repeatable: true,
        "The same for one resource kind (vpc, vswitch, natgateway, eip, cen, instance, disk, ...)."
      ) { (t: inout SimTuning, text: String) throws(OptionError) in
        let (kind, ms) = try OptionValue.pair(text, "KIND=MS")
        t.delays.perKind[kind] = Double(try OptionValue.integer(ms, in: 0...3_600_000, "milliseconds")) / 1000
      },
      rate("throttle-rate", "Share (0..1) of calls answered Throttling.User.", \.throttleRate),
      rate("unavailable-rate", "Share of calls answered ServiceUnavailable (HTTP 503).", \.serviceUnavailableRate),
      rate("internal-error-rate", "Share of calls answered InternalError (HTTP 500).", \.internalErrorRate),
      rate("drop-rate", "Share of calls whose connection is reset before they are applied.", \.dropRate),
      rate(
        "lost-response-rate", "Share of calls applied, then their connection reset (a lost answer).",
        \.lostResponseRate),
      rate("latency-rate", "Share of calls given added latency (see latency-ms).", \.latencyRate),
      .value(
        "latency-ms", "MIN-MAX", section: section, "The added latency's range, in milliseconds.",
        show: { "\($0.faults.latencyMinMillis)-\($0.faults.latencyMaxMillis)" }
      ) { (t: inout SimTuning, text: String) throws(OptionError) in
        let r = try OptionValue.range(text, max: SimFaults.maxLatencyMillis)
        t.faults.latencyMinMillis = r.lowerBound
        t.faults.latencyMaxMillis = r.upperBound
      },
      .value(
        "flow-in-flight", "N", section: section,
        "Flow control by load: answer Throttling.User at once when N requests of the same action are already being answered."
      ) { (t: inout SimTuning, text: String) throws(OptionError) in
        t.faults.flowInFlight = try OptionValue.integer(text, in: 1...100_000, "requests")
      },
      .value(
        "flow-qps", "N", section: section,
        "Flow control by rate: answer Throttling.User at once when N requests of the same action were let in during the last second."
      ) { (t: inout SimTuning, text: String) throws(OptionError) in
        t.faults.flowPerSecond = try OptionValue.integer(text, in: 1...1_000_000, "requests per second")
      },
      .value(
        "retry-after-ms", "N", section: section, "Send x-acs-retry-after (milliseconds) with throttling answers."
      ) { (t: inout SimTuning, text: String) throws(OptionError) in
        t.faults.retryAfterMillis = try OptionValue.integer(text, in: 0...3_600_000, "milliseconds")
      },
    ]
  }()

  /// Checks the settings as a whole, once every option is read.
  public func check() throws(OptionError) {
    if let p = faults.problem { throw OptionError("fault settings: \(p)") }
  }
}

extension SimConfig {
  /// The seed, delays and faults.
  public var tuning: SimTuning {
    get { SimTuning(seed: seed, delays: delays, faults: faults) }
    set {
      seed = newValue.seed
      delays = newValue.delays
      faults = newValue.faults
    }
  }
}

/// `alicloud-sim`'s command line: where it listens, which keys it accepts, and its tuning.
public struct SimCommandLine: Sendable {
  public var config = SimConfig()
  /// `--credential`, in order; empty means the sandbox credential.
  public var credentials: [SimCredential] = []
  public var printPort = false
  public var verbose = false
  public var help = false
  public var version = false

  public init() {}

  public static let table = OptionTable<SimCommandLine>(
    [
      .value(
        "port", "N", section: "Listening", "TCP port on 127.0.0.1; 0 picks a free one.",
        show: { String($0.config.port) }
      ) { (c: inout SimCommandLine, text: String) throws(OptionError) in
        c.config.port = UInt16(try OptionValue.integer(text, in: 0...65535, "a port"))
      },
      .flag("print-port", section: "Listening", "Print the bound port alone on the first line of stdout.") {
        $0.printPort = true
      },
      .value(
        "credential", "ID:SECRET", section: "Access", repeatable: true,
        "Accept this access key instead of the sandbox key."
      ) { (c: inout SimCommandLine, text: String) throws(OptionError) in
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex
        else { throw OptionError("expected ACCESS_KEY_ID:SECRET") }
        c.credentials.append(
          SimCredential(accessKeyId: String(text[..<colon]), accessKeySecret: String(text[text.index(after: colon)...]))
        )
      },
      .value("sts-token", "TOKEN", section: "Access", "Require this STS token with the last --credential.") {
        (c: inout SimCommandLine, text: String) throws(OptionError) in
        guard !c.credentials.isEmpty else { throw OptionError("must follow a --credential") }
        c.credentials[c.credentials.count - 1].securityToken = text
      },
    ] + SimTuning.options.map { $0.lifted(into: \SimCommandLine.config.tuning) } + [
      .flag("verbose", section: "Other", "Log requests to stderr.") { $0.verbose = true },
      .flag("version", section: "Other", "Print the version and exit.") { $0.version = true },
      .flag("help", section: "Other", "Print this help and exit.") { $0.help = true },
    ])

  /// Reads `args` (without the program name); `-h` is `--help`.
  public static func parse(_ args: [String]) throws(OptionError) -> SimCommandLine {
    var c = SimCommandLine()
    try table.parse(args.map { $0 == "-h" ? "--help" : $0 }, into: &c)
    if !c.credentials.isEmpty { c.config.credentials = c.credentials }
    if c.verbose { c.config.logger = Logger(label: "alicloud-sim", level: .debug) }
    try c.config.tuning.check()
    return c
  }

  public static var usage: String {
    """
    usage: alicloud-sim [options]

    \(table.help(defaults: SimCommandLine()))
    The sandbox credential is \(SimCredential.sandbox.accessKeyId) / \(SimCredential.sandbox.accessKeySecret)
    (not a secret: it only opens this simulator).
    """
  }
}
