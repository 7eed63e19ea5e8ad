import AliCloudAPI
import AliCloudCore
import AliCloudDaemon
import AliCloudSigning
import AliCloudSim
import Foundation

/// A simulator on an ephemeral loopback port and an API client pointed at it over HTTP.
public final class SimClientFixture: Sendable {
  public let server: SimServer
  public let client: OpenAPIClient
  /// The simulator's clock: transitions fall due only when a test advances it.
  public let clock = ManualClock()

  /// `configure` adjusts the simulator (faults, delays, credentials) before it starts.
  public init(
    signature: OpenAPIClient.SignatureVersion = .v3, retry: RetryPolicy = RetryPolicy(baseDelayMs: 2, maxDelayMs: 20),
    configure: (inout SimConfig) -> Void = { _ in }
  ) throws {
    var config = SimConfig(delays: .milliseconds(20))
    config.clock = clock
    configure(&config)
    server = try SimServer.start(config)
    client = OpenAPIClient(
      configuration: .init(endpoints: Endpoints(all: server.endpoint), signatureVersion: signature, retry: retry))
  }

  public var simulator: Simulator { server.simulator }

  /// Calls `action` with the sandbox credential (or `credential`).
  public func call(
    _ product: Product, _ action: String, _ params: [String: JSONValue] = [:], region: String = "cn-hangzhou",
    credential: Credential = Sandbox.credential, clientToken: String? = nil
  ) async throws(AliCloudError) -> JSONValue {
    try await client.call(
      product: product, action: action, params: params, region: region, credential: credential,
      clientToken: clientToken)
  }

  public func stop() { server.stop() }
}

/// An in-process daemon started like `alicloudd --sandbox`: the arguments go through
/// `DaemonOptions`, so the operations reach the in-process simulator over HTTP.
public final class SandboxDaemonFixture: Sendable {
  public let fixture: DaemonFixture
  public let sandbox: Sandbox

  /// `arguments` are extra `alicloudd` options (`--sandbox` is added; a short
  /// `--sandbox-delay-ms` is the default for tests). Throws `DaemonOptions.UsageError` for bad
  /// arguments, `EINVAL` for `--help` or `--version`.
  public init(arguments: [String] = ["--sandbox-delay-ms", "20"]) throws {
    guard case .run(let options) = try DaemonOptions.parse(["--sandbox"] + arguments) else {
      throw POSIXError(.EINVAL)
    }
    let sandbox = try Sandbox.start(options.cloud.sandboxSettings)
    do {
      fixture = try DaemonFixture(handlers: [:]) { config in sandbox.apply(to: &config, cloud: options.cloud) }
    } catch {
      sandbox.stop()
      throw error
    }
    self.sandbox = sandbox
  }

  public var daemon: Daemon { fixture.daemon }
  public var simulator: Simulator { sandbox.server.simulator }

  /// Stops the daemon, which stops the sandbox.
  public func stop() async { await fixture.stop() }
}
