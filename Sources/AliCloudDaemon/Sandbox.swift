import AliCloudAPI
import AliCloudCore
import AliCloudOps
import AliCloudSigning
import AliCloudSim

/// Settings of the sandbox's simulator (`--sandbox-*`).
public struct SandboxSettings: Sendable, Equatable {
  /// How long resources stay in transitional states (`Pending`, `Deleting`, ...).
  public var delayMs: Int
  /// Seeds the simulator's generated ids and fault decisions.
  public var seed: UInt64
  public var faults: SimFaults

  public init(delayMs: Int = 300, seed: UInt64 = 1, faults: SimFaults = SimFaults()) {
    self.delayMs = delayMs
    self.seed = seed
    self.faults = faults
  }
}

/// `alicloudd --sandbox`: the simulated AliCloud inside the daemon, on an ephemeral loopback
/// port. The daemon reaches it like any cloud endpoint (OpenAPIClient over HTTP), and uses the
/// sandbox credential when an input has no `identityParams`.
public final class Sandbox: Sendable {
  public let settings: SandboxSettings
  public let server: SimServer

  /// The simulator's documented credential. Not a secret: it only opens the local simulator.
  public static let credential = Credential(
    accessKeyId: SimCredential.sandbox.accessKeyId, accessKeySecret: SimCredential.sandbox.accessKeySecret)

  private init(settings: SandboxSettings, server: SimServer) {
    self.settings = settings
    self.server = server
  }

  /// Starts the simulator on 127.0.0.1 with an ephemeral port.
  public static func start(_ settings: SandboxSettings = SandboxSettings()) throws -> Sandbox {
    var config = SimConfig(credentials: [.sandbox], seed: settings.seed, delays: .milliseconds(settings.delayMs))
    config.faults = settings.faults
    return Sandbox(settings: settings, server: try SimServer.start(config))
  }

  /// `http://127.0.0.1:<port>`.
  public var endpoint: String { server.endpoint }

  /// Points the daemon's every product at the simulator, makes the sandbox credential the
  /// default one, adds `sandbox` to `daemon.status` and stops the simulator with the daemon.
  public func apply(to config: inout DaemonConfiguration, signature: OpenAPIClient.SignatureVersion = .v3) {
    let logger = config.logger
    let client = OpenAPIClient(
      configuration: .init(endpoints: Endpoints(all: endpoint), signatureVersion: signature), logger: logger)
    let credential = Sandbox.credential
    config.operations = OpsEnvironment(
      client: client, waits: Sandbox.waits(delayMs: settings.delayMs), defaultCredential: { credential },
      logger: logger)
    config.statusProviders["sandbox"] = { [self] in status }
    config.onStop.append { [server] in server.stop() }
    logger.notice(
      "SANDBOX: calls go to a simulated AliCloud inside this daemon, never to a real cloud",
      ["simulator": endpoint, "accessKeyId": credential.accessKeyId, "delayMs": String(settings.delayMs)])
  }

  /// Polling fitted to the simulator's delays, so waits end soon after a transition.
  static func waits(delayMs: Int) -> WaitSettings {
    WaitSettings(pollBaseMs: max(5, delayMs / 5), pollMaxMs: max(20, delayMs / 2))
  }

  /// The `sandbox` section of `daemon.status`.
  public var status: JSONValue {
    let f = settings.faults
    let rates: [(String, Double)] = [
      ("throttleRate", f.throttleRate), ("serviceUnavailableRate", f.serviceUnavailableRate),
      ("dropRate", f.dropRate), ("lostResponseRate", f.lostResponseRate),
    ]
    return [
      "endpoint": .string(endpoint), "port": .int(Int(server.port)),
      "accessKeyId": .string(Sandbox.credential.accessKeyId), "delayMs": .int(settings.delayMs),
      "faults": .object(Dictionary(uniqueKeysWithValues: rates.filter { $0.1 > 0 }.map { ($0.0, .double($0.1)) })),
      "resources": .int(server.simulator.resources().count), "simulator": server.simulator.statsJSON,
    ]
  }

  public func stop() { server.stop() }
}
