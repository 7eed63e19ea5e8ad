import AliCloudCore
import Foundation
import Testing

@testable import AliCloudClient
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
    // Once the daemon's close has reached the socket, the next call tries a new connection, and
    // says the daemon is not there.
    try await eventually("the daemon closed the connection") { c.link.withLock { $0.connection.peerHasClosed } }
    do {
      _ = try await c.call("daemon.ping")
      Issue.record("answered by a stopped daemon")
    } catch {
      #expect(error.isDaemonUnreachable, "\(error)")
    }
  }

  @Test func theNextCallReconnectsAfterTheDaemonClosedAnIdleConnection() async throws {
    let f = try DaemonFixture { $0.connection.idleTimeout = .milliseconds(100) }
    let c = try f.client()
    #expect(try await c.call("daemon.ping")["version"] != nil)
    // Once the daemon's close reaches the socket, the next call connects again, even before the
    // client's reader has seen the end of input.
    try await eventually("the idle connection closed") { c.link.withLock { $0.connection.peerHasClosed } }
    #expect(try await c.call("daemon.ping")["version"] != nil)
    #expect(f.daemon.connectionsHandled == 2)
    // After close(), calls fail and nothing reconnects.
    c.close()
    await #expect(throws: ClientError.connectionClosed) { try await c.call("daemon.ping") }
    #expect(f.daemon.connectionsHandled == 2)
    await f.stop()
  }

  @Test func callsHaveDefaultTimeoutsByKindOfMethod() async throws {
    #expect(Client.Timeouts.standard.timeout(for: "daemon.ping") == .seconds(30))
    #expect(Client.Timeouts.standard.timeout(for: "vpc/create") == .seconds(3600))
    #expect(Client.Timeouts.none.timeout(for: "vpc/create") == nil)
    // A client's default applies when the call gives none: a slow operation is cancelled on the
    // daemon and its final reply is carried by the timeout error.
    let f = try DaemonFixture()
    let c = try Client(
      socketPath: f.socketPath, timeouts: Client.Timeouts(service: .seconds(30), operation: .milliseconds(200)))
    do {
      _ = try await c.call("vpc/delete", params: ["inputs": [["delayMs": 60_000]]])
      Issue.record("no timeout")
    } catch {
      #expect(error.name == "alicloudd.TimedOut", "\(error)")
    }
    try await eventually("the call was cancelled on the daemon") { f.daemon.counts.inFlight == 0 }
    await f.stop()
  }
}
