import AliCloudAPI
import AliCloudSigning
import Foundation
import Testing

@Suite struct CredentialTests {
  @Test(
    arguments: [
      ("accessKeyId=AK1;secret=SK1", "AK1", "SK1", nil),
      (" accessKeyId = AK1 ; secret = SK1 ; ", "AK1", "SK1", nil),
      ("accessKeyId=AK1;secret=a=b==;securityToken=T=1", "AK1", "a=b==", "T=1"),
      ("AccessKeyId=AK1;Secret=SK1;SecurityToken=", "AK1", "SK1", nil),
    ] as [(String, String, String, String?)])
  func parsesIdentityParams(_ text: String, _ id: String, _ secret: String, _ token: String?) throws {
    let c = try #require(try Credentials.parseIdentityParams(text))
    #expect(c.accessKeyId == id)
    #expect(c.accessKeySecret == secret)
    #expect(c.securityToken == token)
  }

  @Test(arguments: [
    ("secret=SK-VALUE", "accessKeyId"), ("accessKeyId=AK1", "secret"), ("accessKeyId=AK1;secret=", "secret"),
    ("nonsense", "accessKeyId and secret"),
  ])
  func namesWhatIsMissing(_ text: String, _ missing: String) {
    do {
      _ = try Credentials.parseIdentityParams(text)
      Issue.record("expected an error")
    } catch {
      #expect(error.message.contains("missing \(missing)"))
      #expect(!error.message.contains("SK-VALUE"))
    }
  }

  @Test func emptyIdentityMeansDefaults() throws {
    #expect(try Credentials.parseIdentityParams("  ") == nil)
  }

  @Test(
    arguments: [
      ("regionId=cn-hangzhou", "cn-hangzhou", nil), (" regionId = cn-beijing ; regionGroup = g1 ", "cn-beijing", "g1"),
    ] as [(String, String, String?)])
  func parsesCloudParams(_ text: String, _ region: String, _ group: String?) throws {
    let p = try CloudParams.parse(text)
    #expect(p.regionId == region)
    #expect(p.regionGroup == group)
  }

  @Test func cloudParamsErrors() {
    #expect(throws: AliCloudError.self) { try CloudParams.parse("regionGroup=x") }
    #expect(throws: AliCloudError.self) { try CloudParams.parse("regionId=evil.com/x") }
  }

  @Test func environmentComesFirst() throws {
    let env = [
      "ALIBABA_CLOUD_ACCESS_KEY_ID": "ENVID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "ENVSK",
      "ALIBABA_CLOUD_SECURITY_TOKEN": "ENVTOK", "HOME": "/nonexistent",
    ]
    let c = try #require(try Credentials.defaultCredential(environment: env))
    #expect(c == Credential(accessKeyId: "ENVID", accessKeySecret: "ENVSK", securityToken: "ENVTOK"))
    #expect(throws: AliCloudError.self) {
      try Credentials.defaultCredential(environment: ["ALIBABA_CLOUD_ACCESS_KEY_ID": "X", "HOME": "/nonexistent"])
    }
    #expect(try Credentials.defaultCredential(environment: ["HOME": "/nonexistent"]) == nil)
  }

  @Test func cliProfiles() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("alicloud-cred-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: home.appendingPathComponent(".aliyun"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    let config = """
      {"current": "sts", "profiles": [
        {"name": "default", "mode": "AK", "access_key_id": "AKID", "access_key_secret": "AKSK"},
        {"name": "sts", "mode": "StsToken", "access_key_id": "STSID", "access_key_secret": "STSSK", "sts_token": "TOK"},
        {"name": "role", "mode": "RamRoleArn", "access_key_id": "R", "access_key_secret": "RSK"}
      ]}
      """
    try config.write(to: home.appendingPathComponent(".aliyun/config.json"), atomically: true, encoding: .utf8)
    let current = try Credentials.defaultCredential(environment: ["HOME": home.path])
    #expect(current == Credential(accessKeyId: "STSID", accessKeySecret: "STSSK", securityToken: "TOK"))
    let named = try Credentials.defaultCredential(environment: ["HOME": home.path, "ALIBABA_CLOUD_PROFILE": "default"])
    #expect(named == Credential(accessKeyId: "AKID", accessKeySecret: "AKSK"))
    do {
      _ = try Credentials.defaultCredential(environment: ["HOME": home.path, "ALIBABA_CLOUD_PROFILE": "role"])
      Issue.record("expected an error")
    } catch {
      #expect(error.message.contains("RamRoleArn"))
      #expect(!error.message.contains("RSK"))
    }
    #expect(throws: AliCloudError.self) {
      try Credentials.defaultCredential(environment: ["HOME": home.path, "ALIBABA_CLOUD_PROFILE": "nope"])
    }
  }
}
