import AliCloudAPI
import AliCloudClient
import AliCloudCore
import AliCloudDaemon
import AliCloudJournal
import AliCloudOps
import AliCloudSim
import Foundation
import Synchronization

/// The simulator on 127.0.0.1 (millisecond delays) and an in-process daemon whose operations
/// call it over real HTTP, with a client on the daemon's Unix socket.
public final class CloudFixture: Sendable {
  public let sim: SimServer
  public let daemon: DaemonFixture
  public let client: Client
  public let env: OpsEnvironment
  /// Every output the calls through this fixture answered, and how many of them failed.
  public let outputs = OutputTally()
  /// How often `call` sends a call again, as a caller would, while one of its outputs failed.
  public let resends: Int
  /// The calls `call` sent again.
  public let resent = Counter()

  /// The sandbox credential as `identityParams`.
  public static let identity =
    "accessKeyId=\(SimCredential.sandbox.accessKeyId);secret=\(SimCredential.sandbox.accessKeySecret)"
  public static let region = "cn-hangzhou"
  public static let zone = "cn-hangzhou-h"

  /// `resends`: a call with a failed output is sent again, up to this many times.
  /// `delayMs`: the simulator's transition delays. `perRegion`: inputs running at once per region.
  /// `clock`: the simulator's time (real time by default). `journal`: re-sent inputs are the same
  /// mutation. `sim`: use this simulator (a daemon restarted against the same cloud) instead.
  /// `flowInFlight`: the simulator's flow control by load. `concurrency`: the client's bound on
  /// requests at once per region and product.
  public init(
    delayMs: Int = 20, perRegion: Int = 8,
    retry: RetryPolicy = RetryPolicy(maxAttempts: 8, baseDelayMs: 2, maxDelayMs: 20),
    waitTimeoutMs: Int = 20_000, latencyMs: Int = 0, clock: any TimeSource = SystemTime(),
    journal: MutationJournal? = nil, sim existing: SimServer? = nil, seed: UInt64 = 1, resends: Int = 0,
    flowInFlight: Int? = nil, concurrency: ConcurrencyLimiter.Settings = .init()
  ) throws {
    self.resends = resends
    if let existing {
      sim = existing
    } else {
      var config = SimConfig(seed: seed, delays: .milliseconds(delayMs))
      config.clock = clock
      config.faults.flowInFlight = flowInFlight
      if latencyMs > 0 {
        config.faults.latencyRate = 1
        config.faults.latencyMinMillis = latencyMs
        config.faults.latencyMaxMillis = latencyMs
      }
      sim = try SimServer.start(config)
    }
    let env = OpsEnvironment(
      client: OpenAPIClient(
        configuration: .init(endpoints: Endpoints(all: sim.endpoint), retry: retry, concurrency: concurrency)),
      limiter: RegionLimiter(perRegion: perRegion), waits: .fast(timeoutMs: waitTimeoutMs),
      defaultCredential: { nil }, journal: journal)
    self.env = env
    daemon = try DaemonFixture(handlers: [:]) { $0.operations = env }
    client = try daemon.client()
  }

  /// One input with the sandbox credential and region, plus `fields`.
  public static func input(_ fields: [String: JSONValue], guid: String = "g") -> JSONValue {
    var o: [String: JSONValue] = [
      "guid": .string(guid), "identityParams": .string(identity), "cloudParams": .string("regionId=\(region)"),
    ]
    o.merge(fields) { _, b in b }
    return .object(o)
  }

  /// Calls `method` with these inputs; returns the envelope.
  public func call(
    _ method: String, _ inputs: [JSONValue], progress: (@Sendable (JSONValue) -> Void)? = nil
  ) async throws -> JSONValue {
    var sent = 0
    while true {
      let r = try await client.call(method, params: ["inputs": .array(inputs)], progress: progress)
      var failed = false
      for out in r["results"]?["outputs"]?.arrayValue ?? [] {
        outputs.count(failed: out["errorCode"] != "0")
        failed = failed || out["errorCode"] != "0"
      }
      guard failed, sent < resends else { return r }
      sent += 1
      resent.increment()
    }
  }

  /// Calls `method` with one input built from `fields`; returns its output.
  public func one(_ method: String, _ fields: [String: JSONValue]) async throws -> [String: JSONValue] {
    let r = try await call(method, [Self.input(fields)])
    return r["results"]?["outputs"]?[0]?.objectValue ?? [:]
  }

  /// Resources left in the simulator (optionally of one kind).
  public func resources(_ kind: String? = nil) -> [SimResource] { sim.simulator.resources(kind: kind) }

  public func stop() async {
    await stopDaemon()
    sim.stop()
  }

  /// Stops the daemon and its client but leaves the simulator running.
  public func stopDaemon() async {
    client.close()
    await daemon.stop()
  }
}

/// Outputs answered, and how many failed (`errorCode` other than "0").
public final class OutputTally: Sendable {
  private let counts = Mutex((total: 0, failed: 0))
  public init() {}
  func count(failed: Bool) { counts.withLock { $0 = ($0.total + 1, $0.failed + (failed ? 1 : 0)) } }
  public var total: Int { counts.withLock { $0.total } }
  public var failed: Int { counts.withLock { $0.failed } }
}
