import AliCloudAPI
import AliCloudCore
import AliCloudOps
import AliCloudSim

/// The daemon's options about the cloud side: where requests go (`--endpoint`), how they are
/// signed (`--signature`), and the in-process simulated cloud (`--sandbox` and its settings).
public struct CloudOptions: Sendable, Equatable {
  /// `--endpoint URL` / `--endpoint product=URL`, already checked.
  public var endpoints = Endpoints()
  public var signature: OpenAPIClient.SignatureVersion = .v3
  /// `--sandbox`: run the simulator in process and send every call there.
  public var sandbox = false
  public var sandboxSettings = SandboxSettings()

  public init() {}

  public typealias UsageError = DaemonOptions.UsageError

  /// Handles `flag` if it is one of ours; `value` reads the flag's value. False otherwise.
  public mutating func parse(_ flag: String, value: () throws(UsageError) -> String) throws(UsageError) -> Bool {
    switch flag {
    case "--sandbox": sandbox = true
    case "--endpoint":
      let t = try value()
      do {
        try endpoints.add(t)
      } catch {
        throw UsageError(message: "--endpoint: \(error.description)")
      }
    case "--signature":
      let t = try value()
      guard let v = OpenAPIClient.SignatureVersion(rawValue: t.lowercased()) else {
        throw UsageError(message: "--signature: expected v3 or v1, got \(t)")
      }
      signature = v
    case "--sandbox-delay-ms":
      sandboxSettings.delayMs = try Self.integer(flag, try value(), max: 3_600_000)
    case "--sandbox-seed":
      let t = try value()
      guard let s = UInt64(t) else { throw UsageError(message: "\(flag): expected a non-negative integer, got \(t)") }
      sandboxSettings.seed = s
    case "--sandbox-throttle-rate": sandboxSettings.faults.throttleRate = try Self.rate(flag, try value())
    case "--sandbox-unavailable-rate": sandboxSettings.faults.serviceUnavailableRate = try Self.rate(flag, try value())
    case "--sandbox-drop-rate": sandboxSettings.faults.dropRate = try Self.rate(flag, try value())
    case "--sandbox-lost-response-rate": sandboxSettings.faults.lostResponseRate = try Self.rate(flag, try value())
    default: return false
    }
    return true
  }

  /// Checks combinations once every argument is read.
  public func check() throws(UsageError) {
    if sandbox && (endpoints.all != nil || !endpoints.perProduct.isEmpty) {
      throw UsageError(message: "--endpoint cannot be combined with --sandbox (the sandbox is the endpoint)")
    }
    if !sandbox && sandboxSettings != SandboxSettings() {
      throw UsageError(message: "--sandbox-* options need --sandbox")
    }
    if let p = sandboxSettings.faults.problem { throw UsageError(message: "--sandbox fault rates: \(p)") }
  }

  static func rate(_ flag: String, _ text: String) throws(UsageError) -> Double {
    guard let r = Double(text), (0...1).contains(r) else {
      throw UsageError(message: "\(flag): expected a number between 0 and 1, got \(text)")
    }
    return r
  }

  static func integer(_ flag: String, _ text: String, max: Int) throws(UsageError) -> Int {
    guard let n = Int(text), n >= 0, n <= max else {
      throw UsageError(message: "\(flag): expected an integer between 0 and \(max), got \(text)")
    }
    return n
  }

  /// Sets the daemon's cloud side: the API client, and the sandbox when asked for. Starting the
  /// sandbox's simulator is the only side effect; it stops when the daemon stops.
  public func apply(to config: inout DaemonConfiguration) throws(UsageError) {
    let logger = config.logger
    if sandbox {
      do {
        try Sandbox.start(sandboxSettings).apply(to: &config, signature: signature)
      } catch {
        throw UsageError(message: "--sandbox: cannot start the simulator on 127.0.0.1: \(error)")
      }
      return
    }
    let client = OpenAPIClient(
      configuration: .init(endpoints: endpoints, signatureVersion: signature), logger: logger)
    config.operations = OpsEnvironment(client: client, logger: logger)
    Self.logDefaultCredential(logger)
    if endpoints.all != nil || !endpoints.perProduct.isEmpty {
      var fields: [String: String] = [:]
      if let all = endpoints.all { fields["endpoint"] = all }
      for (product, url) in endpoints.perProduct { fields["endpoint." + product.code] = url }
      logger.notice("endpoint overrides in effect", fields)
    }
  }

  /// Says at start-up whether calls with an empty `identityParams` have a credential to use
  /// (only the access key id's first characters are shown).
  static func logDefaultCredential(_ logger: Logger) {
    do {
      if let c = try Credentials.defaultCredential() {
        logger.info("default credential found", ["accessKeyId": String(c.accessKeyId.prefix(4)) + "***"])
      } else {
        logger.info("no default credential: inputs need identityParams")
      }
    } catch {
      logger.warning("default credential unusable; inputs need identityParams", ["error": error.message])
    }
  }

  public static let help = """
      --sandbox            Run a simulated AliCloud inside the daemon on an ephemeral
                           127.0.0.1 port and send every call there; calls with an empty
                           identityParams use the sandbox credential. No account needed.
      --sandbox-delay-ms N How long simulated resources stay in transitional states
                           (default 300).
      --sandbox-seed N     Seed for the simulator's ids and faults (default 1).
      --sandbox-throttle-rate R, --sandbox-unavailable-rate R,
      --sandbox-drop-rate R, --sandbox-lost-response-rate R
                           Share (0..1) of simulated calls answered with Throttling.User,
                           ServiceUnavailable, a reset connection, or a reset after applying.
      --endpoint URL       Send the calls of every product to URL (e.g. an alicloud-sim at
                           http://127.0.0.1:9000) instead of the public endpoints.
      --endpoint PRODUCT=URL
                           The same for one product (ecs, vpc, slb, rds, r-kvstore, cbn);
                           repeatable; wins over the one for all products.
      --signature v3|v1    Request signature: ACS3-HMAC-SHA256 (v3, default) or HMAC-SHA1.
                           Outside the sandbox, calls with an empty identityParams use
                           ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET
                           (and ALIBABA_CLOUD_SECURITY_TOKEN), else the current profile
                           of ~/.aliyun/config.json (ALIBABA_CLOUD_PROFILE picks another).
    """
}
