import AliCloudAPI
import AliCloudClient
import AliCloudCore
import AliCloudSim
import Foundation
import TestSupport
import Testing

@testable import AliCloudDaemon

/// Every credential mode end to end: a daemon started from its options, with the simulator as
/// every product's endpoint, its STS and its metadata server, creates a VPC for an input whose
/// identityParams is empty (or names a profile or a role) and cloudParams names no region (the
/// guide requires the field, so it carries only a region group).
@Suite struct CredentialModesTests {
  /// A daemon whose credential chain reads `environment` (HOME is the fixture's).
  func daemon(_ f: IdentityFixture, _ environment: [String: String]) throws -> DaemonFixture {
    guard
      case .run(var options) = try DaemonOptions.parse([
        "--endpoint", f.sim.endpoint, "--sts-endpoint", f.sim.endpoint, "--metadata-endpoint", f.sim.endpoint,
        "--wait-poll-ms", "5-20", "--attempts", "2", "--retry-delay-ms", "1-5", "--state-dir", f.home + "/state",
      ])
    else { throw DaemonOptions.UsageError(message: "not run") }
    options.cloud.credentialEnvironment = f.environment(environment)
    let built = try options.configuration(logger: .silent)
    return try DaemonFixture(handlers: [:]) { c in
      c.operations = built.operations
      c.statusProviders.merge(built.statusProviders) { _, b in b }
    }
  }

  /// One vpc/create; its output.
  func createVpc(_ d: DaemonFixture, identity: String = "", cloud: String = "regionGroup=default") async throws
    -> [String: JSONValue]
  {
    let client = try d.client()
    defer { client.close() }
    let input: JSONValue = [
      "guid": "g1", "identityParams": .string(identity), "cloudParams": .string(cloud), "vpcName": "cred",
      "cidrBlock": "10.0.0.0/16",
    ]
    let r = try await client.call("vpc/create", params: ["inputs": [input]])
    return r["results"]?["outputs"]?[0]?.objectValue ?? [:]
  }

  func rolePrefix(_ mode: String) -> String { mode == "environment" || mode.hasPrefix("profile AK") ? "LTAI" : "STS." }

  struct Mode: Sendable, CustomStringConvertible {
    var description: String
    var environment: @Sendable (IdentityFixture) -> [String: String]
    var profiles: @Sendable (IdentityFixture) -> [[String: JSONValue]]
    /// How the key CreateVpc was signed with starts.
    var keyPrefix: String
    var source: String
  }

  static let modes: [Mode] = [
    Mode(
      description: "environment",
      environment: { _ in
        IdentityFixture.akEnvironment.merging(["ALIBABA_CLOUD_REGION_ID": "cn-hangzhou"]) { a, _ in a }
      },
      profiles: { _ in [] }, keyPrefix: "LTAI", source: "environment"),
    Mode(
      description: "AK profile", environment: { _ in [:] }, profiles: { _ in [IdentityFixture.akProfile("default")] },
      keyPrefix: "LTAI", source: "profile default (AK)"),
    Mode(
      description: "StsToken profile", environment: { _ in [:] },
      profiles: { _ in
        var p = IdentityFixture.akProfile("default")
        p["mode"] = "StsToken"
        p["sts_token"] = "CAIS-static"
        return [p]
      }, keyPrefix: "LTAI", source: "profile default (StsToken)"),
    Mode(
      description: "RamRoleArn profile", environment: { _ in [:] },
      profiles: { _ in
        var p = IdentityFixture.akProfile("default")
        p["mode"] = "RamRoleArn"
        p["ram_role_arn"] = .string(IdentityFixture.externalRole)
        p["external_id"] = "ext-42"
        p["ram_session_name"] = "deploy"
        return [p]
      }, keyPrefix: "STS.", source: "RamRoleArn"),
    Mode(
      description: "EcsRamRole profile", environment: { _ in [:] },
      profiles: { _ in [["name": "default", "mode": "EcsRamRole", "region_id": "cn-hangzhou"]] }, keyPrefix: "STS.",
      source: "role alicloudd-ecs"),
    Mode(
      description: "OIDC environment",
      environment: { f in
        [
          "ALIBABA_CLOUD_ROLE_ARN": IdentityFixture.role,
          "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": SimIdentity.sandboxOIDCProvider,
          "ALIBABA_CLOUD_OIDC_TOKEN_FILE": f.tokenFile, "ALIBABA_CLOUD_REGION_ID": "cn-hangzhou",
        ]
      }, profiles: { _ in [] }, keyPrefix: "STS.", source: "OIDC"),
    Mode(
      description: "credentials URI environment",
      environment: { f in
        [
          "ALIBABA_CLOUD_CREDENTIALS_URI": f.sim.endpoint + Simulator.credentialsURIPath,
          "ALIBABA_CLOUD_REGION_ID": "cn-hangzhou",
        ]
      }, profiles: { _ in [] }, keyPrefix: "STS.", source: "credentials URI"),
    Mode(
      description: "ECS role environment",
      environment: { _ in ["ALIBABA_CLOUD_ECS_METADATA": "alicloudd-ecs", "ALIBABA_CLOUD_REGION_ID": "cn-hangzhou"] },
      profiles: { _ in [] }, keyPrefix: "STS.", source: "ECS RAM role"),
  ]

  @Test(arguments: modes)
  func eachModeCreatesAVpc(_ mode: Mode) async throws {
    let f = try IdentityFixture(manualClock: false)
    defer { f.stop() }
    let profiles = mode.profiles(f)
    if !profiles.isEmpty { try f.writeProfiles(current: "default", profiles) }
    let d = try daemon(f, mode.environment(f))
    let out = try await createVpc(d)
    #expect(out["errorCode"] == "0", "\(out)")
    let create = try #require(f.sim.simulator.requests().first { $0.action == "CreateVpc" })
    #expect(create.accessKeyId.hasPrefix(mode.keyPrefix) && create.params["RegionId"] == "cn-hangzhou")
    let client = try d.client()
    let status = try await client.call("daemon.status", params: [:])
    client.close()
    let text = status["credentials"]?.jsonString() ?? ""
    #expect(text.contains(mode.source), "\(text)")
    #expect(text.contains("expiration"))
    #expect(!text.contains(SimCredential.sandbox.accessKeySecret))
    await d.stop()
  }

  @Test func identityParamsNameAProfileOrARoleAndAWrongRoleIsRefused() async throws {
    let f = try IdentityFixture(manualClock: false)
    defer { f.stop() }
    try f.writeProfiles(
      current: "default",
      [IdentityFixture.akProfile("default"), IdentityFixture.akProfile("prod", region: "cn-beijing")])
    let d = try daemon(f, [:])
    let prod = try await createVpc(d, identity: "profile=prod")
    #expect(prod["errorCode"] == "0", "\(prod)")
    #expect(f.sim.simulator.requests().last { $0.action == "CreateVpc" }?.params["RegionId"] == "cn-beijing")
    let role = try await createVpc(
      d, identity: "roleArn=\(IdentityFixture.role);roleSessionName=ops", cloud: "regionId=cn-shanghai")
    #expect(role["errorCode"] == "0", "\(role)")
    #expect(f.sim.simulator.requests().last { $0.action == "CreateVpc" }?.accessKeyId.hasPrefix("STS.") == true)
    let wrong = try await createVpc(d, identity: "roleArn=\(IdentityFixture.missingRole)")
    #expect(wrong["errorCode"] == "1")
    let message = wrong["errorMessage"]?.stringValue ?? ""
    #expect(message.contains("EntityNotExist.Role") && message.contains(IdentityFixture.missingRole), "\(message)")
    let closed = try await createVpc(d, identity: "profile=prod;roleArn=\(IdentityFixture.closedRole)")
    #expect(closed["errorMessage"]?.stringValue?.contains("NoPermission") == true, "\(closed)")
    await d.stop()
  }
}
