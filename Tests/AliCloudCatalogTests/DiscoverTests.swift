import AliCloudCatalog
import AliCloudCore
import TestSupport
import Testing

/// `rpc.discover` on a real daemon over its socket returns exactly protocol/openrpc.json.
@Suite struct DiscoverTests {
  @Test func discoverEqualsTheCommittedDocument() async throws {
    let fixture = try DaemonFixture(handlers: [:])
    do {
      let client = try fixture.client()
      let document = try await client.call("rpc.discover")
      client.close()
      let committed = try JSONValue.parse(try OpenRPCTests.committedText())
      #expect(document == committed)
      #expect(document.jsonString(pretty: true) + "\n" == (try OpenRPCTests.committedText()))
    } catch {
      await fixture.stop()
      throw error
    }
    await fixture.stop()
  }
}
