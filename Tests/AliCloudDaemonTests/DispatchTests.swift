import AliCloudClient
import AliCloudCore
import AliCloudWire
import Glibc
import Testing

@testable import AliCloudDaemon
@testable import TestSupport

@Suite struct DispatchTests {
  @Test func pingAndStatusAnswer() async throws {
    let f = try DaemonFixture()
    let c = try f.client()
    let pong = try await c.call("daemon.ping")
    #expect(pong["version"]?.stringValue == Version.product)
    let status = try await c.call("daemon.status")
    #expect(status["connections"] == 1)
    #expect(status["calls"]?["daemon.ping"] == 1)
    #expect(status["pid"]?.intValue == Int(getpid()))
    c.close()
    await f.stop()
  }
}
