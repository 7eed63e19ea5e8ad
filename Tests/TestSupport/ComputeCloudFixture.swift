import AliCloudAPI
import AliCloudClient
import AliCloudCore
import AliCloudOps
import AliCloudSigning
import AliCloudSim
import Foundation

/// The simulator on a loopback HTTP port and a daemon on a Unix socket whose operations call it,
/// with millisecond resource delays and polling: every operation runs end to end as in production.
public final class ComputeCloudFixture: Sendable {
  public let sim: SimServer
  public let daemon: DaemonFixture
  public let client: Client
  public let api: OpenAPIClient
  public static let region = "cn-hangzhou"
  public static let zone = "cn-hangzhou-h"

  public init(delayMs: Int = 5, retryAttempts: Int = 10) throws {
    var config = SimConfig(delays: .milliseconds(delayMs))
    config.seed = 7
    sim = try SimServer.start(config)
    api = OpenAPIClient(
      configuration: .init(
        endpoints: Endpoints(all: sim.endpoint),
        retry: RetryPolicy(maxAttempts: retryAttempts, baseDelayMs: 1, maxDelayMs: 10, maxRetryAfterMs: 20)))
    let sandbox = SimCredential.sandbox
    let env = OpsEnvironment(
      client: api, waits: .fast(timeoutMs: 15_000),
      defaultCredential: {
        Credential(accessKeyId: sandbox.accessKeyId, accessKeySecret: sandbox.accessKeySecret)
      })
    daemon = try DaemonFixture(handlers: [:]) { $0.operations = env }
    client = try daemon.client()
  }

  /// The common fields of one input: sandbox credentials (explicit), region, guid.
  public static func base(_ guid: String = "g-1") -> [String: JSONValue] {
    let c = SimCredential.sandbox
    return [
      "guid": .string(guid), "identityParams": .string("accessKeyId=\(c.accessKeyId);secret=\(c.accessKeySecret)"),
      "cloudParams": .string("regionId=\(region)"), "callbackParameter": "cb",
    ]
  }

  /// Calls `method` with these inputs (each merged over `base`); returns the envelope.
  public func call(_ method: String, _ inputs: [[String: JSONValue]]) async throws -> JSONValue {
    let full = inputs.map { JSONValue.object(ComputeCloudFixture.base().merging($0) { _, new in new }) }
    return try await client.call(method, params: ["inputs": .array(full)])
  }

  /// The single output of a one-input call.
  public func one(_ method: String, _ input: [String: JSONValue]) async throws -> JSONValue {
    try await call(method, [input])["results"]?["outputs"]?[0] ?? .null
  }

  /// One AliCloud call straight to the simulator (for setting up and checking).
  public func cloud(_ product: Product, _ action: String, _ params: [String: JSONValue] = [:]) async throws -> JSONValue
  {
    let c = SimCredential.sandbox
    return try await api.call(
      product: product, action: action, params: params, region: ComputeCloudFixture.region,
      credential: Credential(accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret))
  }

  /// A VPC with a vSwitch in the fixture's zone: (vpcId, vSwitchId).
  public func network() async throws -> (String, String) {
    let vpc = try await cloud(.vpc, "CreateVpc", ["CidrBlock": "10.0.0.0/16"])["VpcId"]!.stringValue!
    for _ in 0..<400 {
      let v = try await cloud(.vpc, "DescribeVpcs", ["VpcId": .string(vpc)])
      if v["Vpcs"]?["Vpc"]?[0]?["Status"] == "Available" { break }
      try await Task.sleep(for: .milliseconds(5))
    }
    let vsw = try await cloud(
      .vpc, "CreateVSwitch",
      ["VpcId": .string(vpc), "ZoneId": .string(ComputeCloudFixture.zone), "CidrBlock": "10.0.1.0/24"])["VSwitchId"]!
      .stringValue!
    for _ in 0..<400 {
      let v = try await cloud(.vpc, "DescribeVSwitches", ["VSwitchId": .string(vsw)])
      if v["VSwitches"]?["VSwitch"]?[0]?["Status"] == "Available" { break }
      try await Task.sleep(for: .milliseconds(5))
    }
    return (vpc, vsw)
  }

  /// Every simulated resource still present, by kind (the network's own records aside).
  public func leftovers(ignoring kinds: Set<String> = []) -> [String] {
    sim.simulator.resources().filter { !kinds.contains($0.kind) }.map { "\($0.kind) \($0.id)" }
  }

  public func stop() async {
    client.close()
    await daemon.stop()
    sim.stop()
  }
}
