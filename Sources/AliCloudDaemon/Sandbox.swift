import AliCloudAPI
import AliCloudCore
import AliCloudOps
import AliCloudSigning
import AliCloudSim

/// `alicloudd --sandbox`: the simulated AliCloud inside the daemon, on an ephemeral loopback
/// port. The daemon reaches it like any cloud endpoint (OpenAPIClient over HTTP), and uses the
/// sandbox credential when an input has no `identityParams`.
public final class Sandbox: Sendable {
  /// The sandbox's seed, delays and faults (`--sandbox-*`); transitions last 300 ms by default.
  public static let defaultSettings = SimTuning(delays: .milliseconds(300))

  public let settings: SimTuning
  public let server: SimServer

  /// The simulator's documented credential. Not a secret: it only opens the local simulator.
  public static let credential = Credential(
    accessKeyId: SimCredential.sandbox.accessKeyId, accessKeySecret: SimCredential.sandbox.accessKeySecret)

  private init(settings: SimTuning, server: SimServer) {
    self.settings = settings
    self.server = server
  }

  /// Starts the simulator on 127.0.0.1 with an ephemeral port.
  public static func start(_ settings: SimTuning = Sandbox.defaultSettings) throws -> Sandbox {
    var config = SimConfig(credentials: [.sandbox])
    config.tuning = settings
    return Sandbox(settings: settings, server: try SimServer.start(config))
  }

  /// `http://127.0.0.1:<port>`.
  public var endpoint: String { server.endpoint }

  /// Points the daemon's every product at the simulator, makes the sandbox credential the
  /// default one, adds `sandbox` to `daemon.status` and stops the simulator with the daemon.
  /// `cloud` gives the client's and the waits' settings.
  public func apply(to config: inout DaemonConfiguration, cloud: CloudOptions = CloudOptions()) {
    let logger = config.logger
    let http = CurlTransport(configuration: cloud.transport)
    let client = OpenAPIClient(
      configuration: cloud.clientConfiguration(endpoints: Endpoints(all: endpoint)), transport: http, logger: logger)
    let credential = Sandbox.credential
    // Roles and profiles named in identityParams are fetched from the simulator's STS and
    // metadata server.
    var identity = cloud
    identity.stsEndpoint = endpoint
    identity.metadataEndpoint = endpoint
    let chain = identity.credentialChain(transport: http, logger: logger, fixedDefault: credential)
    config.operations = OpsEnvironment(
      client: client, limiter: RegionLimiter(perRegion: cloud.inputsPerRegion),
      waits: cloud.waitSettings(fitted: Sandbox.poll(delayMs: delayMs)),
      defaultCredential: { credential }, credentials: chain, journal: cloud.journal(default: nil, logger: logger),
      logger: logger)
    config.statusProviders["sandbox"] = { [self] in status }
    config.statusProviders["credentials"] = { chain.status }
    config.onStop.append { [server] in server.stop() }
    logger.notice(
      "SANDBOX: calls go to a simulated AliCloud inside this daemon, never to a real cloud",
      ["simulator": endpoint, "accessKeyId": credential.accessKeyId, "delayMs": String(delayMs)])
  }

  /// How long transitions last, in milliseconds.
  public var delayMs: Int { Int((settings.delays.standard * 1000).rounded()) }

  /// Polling fitted to the simulator's delays, so waits end soon after a transition.
  static func poll(delayMs: Int) -> ClosedRange<Int> { max(5, delayMs / 5)...max(20, delayMs / 2) }

  /// The `sandbox` section of `daemon.status`.
  public var status: JSONValue {
    let f = settings.faults
    let rates: [(String, Double)] = [
      ("throttleRate", f.throttleRate), ("serviceUnavailableRate", f.serviceUnavailableRate),
      ("internalErrorRate", f.internalErrorRate), ("dropRate", f.dropRate), ("lostResponseRate", f.lostResponseRate),
      ("latencyRate", f.latencyRate),
    ]
    return [
      "endpoint": .string(endpoint), "port": .int(Int(server.port)),
      "accessKeyId": .string(Sandbox.credential.accessKeyId), "delayMs": .int(delayMs),
      "faults": .object(
        Dictionary(uniqueKeysWithValues: rates.filter { $0.1 > 0 }.map { ($0.0, .double($0.1)) }).merging(
          [("flowInFlight", f.flowInFlight), ("flowPerSecond", f.flowPerSecond)].compactMap { k, v in
            v.map { (k, JSONValue.int($0)) }
          }
        ) { a, _ in a }),
      "resources": .int(server.simulator.resources().count), "simulator": server.simulator.statsJSON,
    ]
  }

  public func stop() { server.stop() }
}
