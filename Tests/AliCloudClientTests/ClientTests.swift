import AliCloudClient
import AliCloudCore
import Foundation
import Testing

@testable import TestSupport

@Suite struct ClientTests {
  struct Input: Codable { var vpcName: String }
  struct Params: Codable { var inputs: [Input] }
  struct Echo: Codable { var echo: Params }

  @Test func typedCallEncodesParamsAndDecodesResult() async throws {
    let f = try DaemonFixture()
    let c = try f.client()
    let r = try await c.call("vpc/create", params: Params(inputs: [Input(vpcName: "名前")]), as: Echo.self)
    #expect(r.echo.inputs.first?.vpcName == "名前")
    await #expect(throws: ClientError.self) {
      _ = try await c.call("vpc/create", params: Params(inputs: []), as: Int.self)
    }
    await f.stop()
  }

  @Test func blockingCallWorksFromSynchronousCode() async throws {
    let f = try DaemonFixture()
    let c = try f.client()
    let result = await withCheckedContinuation { cont in
      Thread.detachNewThread { cont.resume(returning: try? c.callBlocking("daemon.ping")) }
    }
    #expect(result?["version"] != nil)
    await f.stop()
  }

  @Test func errorsCarryCodeNameMessageAndData() async throws {
    let f = try DaemonFixture()
    let c = try f.client()
    do {
      _ = try await c.call("vpc/create", params: ["inputs": 3])
      Issue.record("no error")
    } catch {
      #expect(error.code == -32602)
      #expect(error.name == "alicloudd.InvalidParams")
      #expect(error.data["field"] == "inputs")
    }
    await f.stop()
  }

  @Test func pendingCallsFailWhenTheDaemonGoesAway() async throws {
    let f = try DaemonFixture { $0.shutdownGrace = .milliseconds(10) }
    let c = try f.client()
    let call = Task { try await c.call("vpc/delete", params: ["inputs": [["delayMs": 60_000]]]) }
    try await eventually("the call in flight") { f.daemon.counts.inFlight == 1 }
    await f.stop()
    await #expect(throws: ClientError.self) { try await call.value }
    await #expect(throws: ClientError.connectionClosed) { try await c.call("daemon.ping") }
  }
}
