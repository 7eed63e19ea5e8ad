import AliCloudAPI
import AliCloudCore
import AliCloudSigning
import AliCloudSim
import Foundation
import TestSupport
import Testing

/// Every credential mode of the chain against the simulator's STS, metadata server and
/// credentials URI over real HTTP; expiry and refresh on a manual clock.
@Suite struct CredentialChainTests {
  func roleProfile(_ name: String, arn: String, extra: [String: JSONValue] = [:]) -> [String: JSONValue] {
    var p = IdentityFixture.akProfile(name)
    p["mode"] = "RamRoleArn"
    p["ram_role_arn"] = .string(arn)
    p["ram_session_name"] = "ops"
    p["expired_seconds"] = 900
    return p.merging(extra) { _, b in b }
  }

  /// What a failed fetch throws.
  func failure(_ body: () async throws -> Credential?) async -> AliCloudError? {
    do {
      _ = try await body()
      return nil
    } catch {
      return error as? AliCloudError ?? AliCloudError(kind: .badResponse, code: "NotAliCloudError", message: "\(error)")
    }
  }

  @Test func environmentKeysComeFirst() async throws {
    let f = try IdentityFixture()
    defer { f.stop() }
    try f.writeProfiles(current: "role", [roleProfile("role", arn: IdentityFixture.role)])
    let chain = f.chain(IdentityFixture.akEnvironment.merging(["ALIBABA_CLOUD_SECURITY_TOKEN": ""]) { a, _ in a })
    let c = try #require(try await chain.defaultCredential())
    #expect(c.accessKeyId == SimCredential.sandbox.accessKeyId && c.securityToken == nil)
    #expect(try chain.defaultSource() == "environment")
    #expect(f.sim.simulator.requests().isEmpty)
  }

  @Test func nothingConfiguredIsNil() async throws {
    let f = try IdentityFixture()
    defer { f.stop() }
    #expect(try await f.chain().defaultCredential() == nil)
    let e = await failure { try await f.chain().credential(for: Credentials.Identity()) }
    #expect(e?.code == "NoCredential")
  }

  @Test func akAndStsTokenProfilesWithTheirRegion() async throws {
    let f = try IdentityFixture()
    defer { f.stop() }
    var sts = IdentityFixture.akProfile("tok", region: "cn-beijing")
    sts["mode"] = "StsToken"
    sts["sts_token"] = "T-1"
    try f.writeProfiles(current: "default", [IdentityFixture.akProfile("default"), sts])
    let chain = f.chain()
    #expect(try await chain.defaultCredential()?.accessKeyId == SimCredential.sandbox.accessKeyId)
    #expect(chain.defaultRegion() == "cn-hangzhou" && chain.defaultRegion(profile: "tok") == "cn-beijing")
    let t = try await chain.credential(for: .init(profile: "tok"))
    #expect(t.securityToken == "T-1")
    #expect(f.chain(["ALIBABA_CLOUD_REGION_ID": "cn-shanghai"]).defaultRegion() == "cn-shanghai")
    #expect(try f.chain(["ALIBABA_CLOUD_PROFILE": "tok"]).defaultSource() == "profile tok (StsToken)")
  }

  @Test func ramRoleArnProfileAssumesTheRoleAndTheSimulatorAcceptsIt() async throws {
    let f = try IdentityFixture()
    defer { f.stop() }
    try f.writeProfiles(current: "role", [roleProfile("role", arn: IdentityFixture.role)])
    let chain = f.chain()
    let c = try #require(try await chain.defaultCredential())
    #expect(c.accessKeyId.hasPrefix("STS.") && c.securityToken != nil)
    try await f.accepts(c)
    let assume = try #require(f.sim.simulator.requests().first { $0.action == "AssumeRole" })
    #expect(assume.params["RoleArn"] == IdentityFixture.role && assume.params["RoleSessionName"] == "ops")
    #expect(assume.params["DurationSeconds"] == "900" && assume.accessKeyId == SimCredential.sandbox.accessKeyId)
    let status = chain.status.jsonString()
    #expect(status.contains("RamRoleArn") && status.contains("expiration"))
    #expect(!status.contains(c.accessKeySecret) && !status.contains(c.securityToken!))
  }

  @Test func chainableRoleFromASourceProfileWithExternalId() async throws {
    let f = try IdentityFixture()
    defer { f.stop() }
    var chained: [String: JSONValue] = [
      "name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "base",
      "ram_role_arn": .string(IdentityFixture.externalRole), "external_id": "ext-42",
    ]
    try f.writeProfiles(current: "chained", [IdentityFixture.akProfile("base"), chained])
    let c = try #require(try await f.chain().defaultCredential())
    try await f.accepts(c)
    chained["external_id"] = "wrong"
    try f.writeProfiles(current: "chained", [IdentityFixture.akProfile("base"), chained])
    let e = await failure { try await f.chain().defaultCredential() }
    #expect(e?.code == "NoPermission" && e?.httpStatus == 403)
  }

  @Test func aWrongRoleIsRefusedWithAliCloudsError() async throws {
    let f = try IdentityFixture()
    defer { f.stop() }
    try f.writeProfiles(current: "default", [IdentityFixture.akProfile("default")])
    let chain = f.chain()
    let missing = await failure {
      try await chain.credential(for: .init(role: .init(roleArn: IdentityFixture.missingRole)))
    }
    #expect(missing?.code == "EntityNotExist.Role" && missing?.httpStatus == 404)
    #expect(missing?.message.contains(IdentityFixture.missingRole) == true)
    let closed = await failure {
      try await chain.credential(for: .init(role: .init(roleArn: IdentityFixture.closedRole)))
    }
    #expect(closed?.code == "NoPermission")
    let short = await failure {
      try await chain.credential(for: .init(role: .init(roleArn: IdentityFixture.role, durationSeconds: 60)))
    }
    #expect(short?.code == "InvalidParameter.DurationSeconds")
  }

  @Test func identityParamsNameAProfileOrARole() async throws {
    let f = try IdentityFixture()
    defer { f.stop() }
    try f.writeProfiles(current: "default", [IdentityFixture.akProfile("default"), IdentityFixture.akProfile("prod")])
    let chain = f.chain()
    let prod = try Credentials.parseIdentity("profile=prod")
    #expect(prod.profile == "prod" && prod.keys == nil && prod.role == nil)
    #expect(try await chain.credential(for: prod).accessKeyId == SimCredential.sandbox.accessKeyId)
    let role = try Credentials.parseIdentity(
      "roleArn=\(IdentityFixture.externalRole);externalId=ext-42;roleSessionName=deploy;durationSeconds=1200")
    #expect(
      role.role?.externalId == "ext-42" && role.role?.durationSeconds == 1200 && role.role?.sessionName == "deploy")
    let c = try await chain.credential(for: role)
    try await f.accepts(c)
    #expect(throws: AliCloudError.self) { try Credentials.parseIdentity("externalId=x") }
    #expect(throws: AliCloudError.self) { try Credentials.parseIdentity("profile=a;accessKeyId=b;secret=c") }
    let keyed = try Credentials.parseIdentity(
      "accessKeyId=\(SimCredential.sandbox.accessKeyId);secret=\(SimCredential.sandbox.accessKeySecret);roleArn=\(IdentityFixture.role)"
    )
    try await f.accepts(try await chain.credential(for: keyed))
    let status = chain.status.jsonString()
    #expect(status.contains("from keys:LTAI5t***"), "\(status)")
    #expect(!status.contains(SimCredential.sandbox.accessKeySecret))
    #expect(!status.contains(Digest.sha256Hex(SimCredential.sandbox.accessKeySecret)))
    let missing = await failure { try await chain.credential(for: .init(profile: "nope")) }
    #expect(missing?.message.contains("profile 'nope'") == true)
  }

  @Test func ecsRamRoleThroughTheMetadataTokenMode() async throws {
    let f = try IdentityFixture()
    defer { f.stop() }
    try f.writeProfiles(current: "ecs", [["name": "ecs", "mode": "EcsRamRole", "ram_role_name": "alicloudd-ecs"]])
    let c = try #require(try await f.chain().defaultCredential())
    try await f.accepts(c)
    // Without a token the metadata server answers nothing.
    let bare = try await f.transport.send(
      HTTPRequest(method: "GET", url: f.sim.endpoint + "/latest/meta-data/ram/security-credentials/"))
    #expect(bare.status == 401)
    // The role name comes from the metadata server when not given.
    let env = f.chain(["ALIBABA_CLOUD_ECS_METADATA": "alicloudd-ecs", "ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true"])
    try await f.accepts(try #require(try await env.defaultCredential()))
    try f.writeProfiles(current: "ecs", [["name": "ecs", "mode": "EcsRamRole"]])
    try await f.accepts(try #require(try await f.chain().defaultCredential()))
  }

  @Test func oidcFromTheEnvironment() async throws {
    let f = try IdentityFixture { $0.roles.append(SimRole(arn: SimRole.arn("rrsa"))) }
    defer { f.stop() }
    let env = [
      "ALIBABA_CLOUD_ROLE_ARN": SimRole.arn("rrsa"), "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": SimIdentity.sandboxOIDCProvider,
      "ALIBABA_CLOUD_OIDC_TOKEN_FILE": f.tokenFile, "ALIBABA_CLOUD_ROLE_SESSION_NAME": "pod-1",
    ]
    let c = try #require(try await f.chain(env).defaultCredential())
    try await f.accepts(c)
    let r = try #require(f.sim.simulator.requests().first { $0.action == "AssumeRoleWithOIDC" })
    #expect(r.params["RoleSessionName"] == "pod-1" && r.params["OIDCToken"] != SimIdentity.sandboxOIDCToken)
    try f.writeToken("eyJ.forged.token")
    let e = await failure { try await f.chain(env).defaultCredential() }
    #expect(e?.code == "AuthenticationFail.OIDCToken.Invalid")
  }

  @Test func credentialsURIFromTheEnvironmentAndAProfile() async throws {
    let f = try IdentityFixture()
    defer { f.stop() }
    let uri = f.sim.endpoint + Simulator.credentialsURIPath
    try await f.accepts(try #require(try await f.chain(["ALIBABA_CLOUD_CREDENTIALS_URI": uri]).defaultCredential()))
    try f.writeProfiles(current: "u", [["name": "u", "mode": "CredentialsURI", "credentials_uri": .string(uri)]])
    try await f.accepts(try #require(try await f.chain().defaultCredential()))
  }

  @Test func keptUntilNearExpiryThenFetchedAgain() async throws {
    let f = try IdentityFixture()
    defer { f.stop() }
    try f.writeProfiles(current: "role", [roleProfile("role", arn: IdentityFixture.role)])
    let chain = f.chain()
    let first = try #require(try await chain.defaultCredential())
    f.clock.advance(.seconds(600))
    #expect(try await chain.defaultCredential() == first)
    #expect(f.sim.simulator.requests().filter { $0.action == "AssumeRole" }.count == 1)
    // 900 s credential, 180 s margin: after 720 s it is fetched again.
    f.clock.advance(.seconds(121))
    let second = try #require(try await chain.defaultCredential())
    #expect(second.accessKeyId != first.accessKeyId)
    #expect(f.sim.simulator.requests().filter { $0.action == "AssumeRole" }.count == 2)
    // Past its expiration the first one is refused by AliCloud's code; the new one works.
    f.clock.advance(.seconds(200))
    do {
      try await f.accepts(first)
      Issue.record("an expired STS credential was accepted")
    } catch {
      #expect(error.code == "InvalidSecurityToken.Expired")
    }
    try await f.accepts(second)
  }

  @Test func concurrentCallersShareOneFetch() async throws {
    let f = try IdentityFixture()
    defer { f.stop() }
    try f.writeProfiles(current: "role", [roleProfile("role", arn: IdentityFixture.role)])
    let chain = f.chain()
    let ids = try await withThrowingTaskGroup(of: String.self) { g in
      for _ in 0..<8 { g.addTask { try await chain.defaultCredential()?.accessKeyId ?? "" } }
      return try await g.reduce(into: Set<String>()) { $0.insert($1) }
    }
    #expect(ids.count == 1)
    #expect(f.sim.simulator.requests().filter { $0.action == "AssumeRole" }.count == 1)
  }

  @Test func aFailedRefreshKeepsTheValidCredential() async throws {
    let f = try IdentityFixture()
    defer { f.stop() }
    try f.writeProfiles(current: "role", [roleProfile("role", arn: IdentityFixture.role)])
    let chain = f.chain()
    let first = try #require(try await chain.defaultCredential())
    f.sim.stop()
    f.clock.advance(.seconds(800))
    let kept = try await chain.defaultCredential()
    #expect(kept == first)
    #expect(chain.status.jsonString().contains("lastError"))
    f.clock.advance(.seconds(200))
    #expect(await failure { try await chain.defaultCredential() } != nil)
  }

  @Test func unsupportedModesSayWhich() async throws {
    let f = try IdentityFixture()
    defer { f.stop() }
    try f.writeProfiles(current: "x", [["name": "x", "mode": "RsaKeyPair"]])
    let e = await failure { try await f.chain().defaultCredential() }
    #expect(e?.message.contains("RsaKeyPair") == true && e?.message.contains("EcsRamRole") == true)
  }
}
