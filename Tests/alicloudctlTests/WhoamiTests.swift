import AliCloudCore
import AliCloudSim
import Foundation
import TestSupport
import Testing

/// `alicloudctl whoami` against a sandboxed daemon that has used its default credential and
/// assumed a role: each kept credential's source and expiration, never a secret.
@Suite struct WhoamiTests {
  @Test func showsSourcesAndExpirationsWithoutSecrets() async throws {
    let d = try SandboxDaemonFixture()
    let client = try d.fixture.client()
    let input: JSONValue = [
      "guid": "g", "identityParams": .string("roleArn=\(SimRole.arn("alicloudd-sandbox"));roleSessionName=cli"),
      "cloudParams": "regionId=cn-hangzhou", "vpcName": "who", "cidrBlock": "10.0.0.0/16",
    ]
    let r = try await client.call("vpc/create", params: ["inputs": [input]])
    client.close()
    #expect(r["results"]?["outputs"]?[0]?["errorCode"] == "0", "\(r)")
    let who = try await CLIProcess.run(["--socket", d.fixture.socketPath, "whoami"])
    await d.stop()
    #expect(who.status == 0, "\(who.stderr)")
    let shown = try JSONValue.parse(who.stdout)
    #expect(shown["default"]?["source"] == "sandbox")
    let role = shown.objectValue?.first { $0.key.hasPrefix("role:") }?.value
    #expect(role?["source"]?.stringValue?.contains("alicloudd-sandbox") == true, "\(who.stdout)")
    #expect(role?["expiration"]?.stringValue?.hasSuffix("Z") == true)
    #expect(!who.stdout.contains(SimCredential.sandbox.accessKeySecret) && !who.stdout.contains("CAIS"))
  }
}
