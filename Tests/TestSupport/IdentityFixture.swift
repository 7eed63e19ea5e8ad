import AliCloudAPI
import AliCloudCore
import AliCloudSigning
import AliCloudSim
import Foundation

/// A simulator with STS, a metadata server and a credentials URI, a temporary HOME for
/// `.aliyun/config.json` and an OIDC token file; `chain` builds credential chains against it.
public final class IdentityFixture: Sendable {
  public let sim: SimServer
  public let home: String
  public let clock: ManualClock
  public let transport = CurlTransport()

  /// The role every test key may assume, one that needs an external id, and one only
  /// `trusted` keys may assume.
  public static let role = SimRole.arn("alicloudd-sandbox")
  public static let externalRole = SimRole.arn("alicloudd-external")
  public static let closedRole = SimRole.arn("alicloudd-closed")
  public static let missingRole = SimRole.arn("no-such-role")

  /// `clock` is the chains' time and, with `manualClock`, the simulator's too (signatures are
  /// then accepted two hours either side of it, so a test can move it past a credential's
  /// expiration); without, the simulator runs on real time (resources become ready).
  public init(manualClock: Bool = true, identity configure: (inout SimIdentity) -> Void = { _ in }) throws {
    clock = ManualClock()
    var config = SimConfig(delays: .milliseconds(5))
    if manualClock { config.clock = clock }
    config.v3DateWindow = 2 * 3600
    config.v1TimestampWindow = 2 * 3600
    config.identity.roles = [
      SimRole(arn: Self.role), SimRole(arn: Self.externalRole, externalId: "ext-42"),
      SimRole(arn: Self.closedRole, trustedKeys: ["LTAI-nobody"]),
    ]
    configure(&config.identity)
    sim = try SimServer.start(config)
    home = try DaemonFixture.makeTemporaryDirectory()
    try FileManager.default.createDirectory(atPath: home + "/.aliyun", withIntermediateDirectories: true)
    try writeToken(SimIdentity.sandboxOIDCToken)
  }

  public var tokenFile: String { home + "/oidc-token" }

  public func writeToken(_ token: String) throws {
    try Data(token.utf8).write(to: URL(fileURLWithPath: tokenFile))
  }

  /// Writes `.aliyun/config.json` with these profiles (each a dictionary of its fields).
  public func writeProfiles(current: String, _ profiles: [[String: JSONValue]]) throws {
    let doc: JSONValue = ["current": .string(current), "profiles": .array(profiles.map { .object($0) })]
    try doc.jsonData().write(to: URL(fileURLWithPath: home + "/.aliyun/config.json"))
  }

  /// An AK profile with the sandbox key.
  public static func akProfile(_ name: String, region: String = "cn-hangzhou") -> [String: JSONValue] {
    [
      "name": .string(name), "mode": "AK", "access_key_id": .string(SimCredential.sandbox.accessKeyId),
      "access_key_secret": .string(SimCredential.sandbox.accessKeySecret), "region_id": .string(region),
    ]
  }

  /// The sandbox key as environment variables.
  public static let akEnvironment = [
    "ALIBABA_CLOUD_ACCESS_KEY_ID": SimCredential.sandbox.accessKeyId,
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SimCredential.sandbox.accessKeySecret,
  ]

  /// The environment a chain sees: `HOME` plus `extra`.
  public func environment(_ extra: [String: String] = [:]) -> [String: String] {
    extra.merging(["HOME": home]) { a, _ in a }
  }

  /// A chain reading `environment(extra)`, with STS and the metadata server on the simulator.
  public func chain(_ extra: [String: String] = [:], refreshMargin: TimeInterval = 180) -> CredentialChain {
    CredentialChain(
      settings: .init(
        environment: environment(extra), stsEndpoint: sim.endpoint, metadataEndpoint: sim.endpoint, clock: clock,
        refreshMargin: refreshMargin, retry: RetryPolicy(maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2)),
      transport: transport)
  }

  /// A client calling the simulator.
  public func client() -> OpenAPIClient {
    OpenAPIClient(
      configuration: .init(endpoints: Endpoints(all: sim.endpoint), retry: RetryPolicy(maxAttempts: 1)),
      transport: transport)
  }

  /// Whether the simulator accepts `credential` (one DescribeRegions).
  public func accepts(_ credential: Credential) async throws(AliCloudError) {
    _ = try await client().call(product: .ecs, action: "DescribeRegions", region: "cn-hangzhou", credential: credential)
  }

  public func stop() {
    sim.stop()
    try? FileManager.default.removeItem(atPath: home)
  }
}
