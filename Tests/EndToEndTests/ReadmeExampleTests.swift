import AliCloudClient
import AliCloudCore
import TestSupport
import Testing

/// The README's Swift client example, as written there, against a sandbox daemon.
@Test func readmeSwiftClientExampleCreatesAVPC() async throws {
  let f = try GatewayFixture(sandboxArguments: ["--sandbox-delay-ms", "5"])
  do {
    let client = try Client(socketPath: f.daemonFixture.socketPath)
    let envelope = try await client.call(
      "vpc/create",
      params: ["inputs": [["cloudParams": "regionId=ap-southeast-1", "vpcName": "demo", "cidrBlock": "10.0.0.0/16"]]])
    let vpcId = envelope["results"]?["outputs"]?[0]?["vpcId"]?.stringValue ?? ""
    #expect(vpcId.hasPrefix("vpc-"), "\(envelope)")
    client.close()
  } catch {
    await f.stop()
    throw error
  }
  await f.stop()
}
