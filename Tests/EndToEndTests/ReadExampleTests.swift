import AliCloudCatalog
import AliCloudCore
import TestSupport
import Testing

/// The example body of every read (examples/), through the HTTP gateway of a sandbox daemon: each
/// describe names ids that do not exist, so each fails with NotFound in its output (HTTP 200,
/// `resultCode` "1"); each list without a parent succeeds, and one after a create finds it.
@Suite struct ReadExampleTests {
  @Test func everyReadExampleAnswersThroughTheGateway() async throws {
    let f = try GatewayFixture(sandboxArguments: ["--sandbox-delay-ms", "2"])
    do {
      let client = try f.client()
      for kind in Catalog.readKinds {
        for op in [kind.describe, kind.list] {
          let r = try await client.send(op.path, try GuideReplay.example(op.method))
          #expect(r.status == 200, "\(op.method): HTTP \(r.status)")
          let out = r.json?["results"]?["outputs"]?[0]
          if op == kind.describe {
            #expect(r.json?["resultCode"] == "1", "\(op.method)")
            let message = out?["errorMessage"]?.stringValue ?? ""
            #expect(message.hasPrefix("NotFound: "), "\(op.method): \(message)")
          } else if kind.scope.isEmpty {
            #expect(r.json?["resultCode"] == "0" && out?["count"] == "0", "\(op.method): \(r.json ?? .null)")
          }
        }
      }
      var create = try GuideReplay.example("vpc/create")
      let made = try await client.send("/alicloud/v1/vpc/create", create)
      let vpc = try #require(made.json?["results"]?["outputs"]?[0]?["vpcId"])
      create = try GuideReplay.example("vpc/list")
      let listed = try await client.send(
        "/alicloud/v1/vpc/list", ["inputs": [["cloudParams": create["inputs"]?[0]?["cloudParams"] ?? ""]]])
      let items = listed.json?["results"]?["outputs"]?[0]?["items"]?.arrayValue ?? []
      #expect(items.map { $0["vpcId"] } == [vpc], "\(listed.json ?? .null)")
    } catch {
      await f.stop()
      throw error
    }
    await f.stop()
  }
}
