import AliCloudCatalog
import AliCloudCore
import AliCloudDaemon
import AliCloudOps
import Foundation
import Synchronization
import Testing

@testable import TestSupport

/// Keep-alive, concurrency, status counters, shutdown and the loopback rule.
@Suite struct GatewayBehaviourTests {
  @Test func oneConnectionCarriesManyRequests() async throws {
    let f = try GatewayFixture()
    let c = try f.client()
    for i in 0..<5 {
      let r = try await c.send("/alicloud/v1/vpc/create", ["inputs": [["guid": .string("g\(i)")]]])
      #expect(r.status == 200 && r.headers["connection"] == "keep-alive")
      #expect(r.json?["echo"]?["inputs"]?[0]?["guid"] == .string("g\(i)"))
    }
    #expect(f.gateway.stats.connectionsAccepted == 1)
    #expect(f.gateway.stats.requestsServed == 5)
    await f.stop()
  }

  /// Each call waits until `peers` calls are inside the handler at once (or gives up after a
  /// while) and reports the most it saw; a gateway that ran calls one at a time reports 1.
  @Test func callsOnSeveralConnectionsRunConcurrently() async throws {
    let peers = 4
    let inside = Mutex((now: 0, peak: 0))
    let handler: OperationHandler = { _, _ in
      inside.withLock { s in
        s.now += 1
        s.peak = max(s.peak, s.now)
      }
      try? await eventually(timeout: .seconds(10), "\(peers) calls inside the handler at once") {
        inside.withLock { $0.peak } >= peers
      }
      let peak = inside.withLock { s in
        s.now -= 1
        return s.peak
      }
      return ["peak": .int(peak)]
    }
    let f = try GatewayFixture(handlers: ["vpc/create": handler])
    let clients = try (0..<peers).map { _ in try f.client() }
    let peaks = try await withThrowingTaskGroup(of: Int.self) { group in
      for c in clients {
        group.addTask { try await c.send("/alicloud/v1/vpc/create", ["inputs": []]).json?["peak"]?.intValue ?? 0 }
      }
      return try await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(peaks.count == peers && peaks.allSatisfy { $0 == peers }, "\(peaks)")
    await f.stop()
  }

  @Test func gatewayCallsCountInDaemonStatus() async throws {
    let f = try GatewayFixture()
    _ = try await f.client().send("/alicloud/v1/vpc/create", ["inputs": []])
    _ = try await f.client().send("/alicloud/v1/vswitch/create", ["inputs": []])
    let status = f.daemon.status()
    #expect(status["calls"]?["vpc/create"]?.intValue == 1)
    #expect(status["calls"]?["vswitch/create"]?.intValue == 1)
    #expect(status["errors"]?["alicloudd.NoHandler"]?.intValue == 1)
    #expect(status["inFlight"]?.intValue == 0)
    await f.stop()
  }

  @Test func shutdownLetsACallInFlightFinishAndRefusesNewOnes() async throws {
    let f = try GatewayFixture()
    let slow = try f.client()
    let later = try f.client()
    async let reply = slow.send("/alicloud/v1/vpc/delete", ["inputs": [["delayMs": 300]]])
    try await eventually("the call in flight") { f.daemon.counts.inFlight > 0 }
    async let stopping: Void = f.daemon.shutdown(grace: .seconds(30))
    var refused: LoopbackHTTPClient.Response? = nil
    try await eventually("the gateway refusing new calls") {
      let r = try await later.send("/alicloud/v1/vpc/create", ["inputs": []])
      if r.status == 503 { refused = r }
      return refused != nil
    }
    #expect(refused?.json?["error"]?["name"] == "alicloudd.ShuttingDown")
    let r = try await reply
    #expect(r.status == 200)
    #expect(r.json?["done"] == true)
    await stopping
  }

  @Test func aCancelledCallStillGetsAReply() async throws {
    let f = try GatewayFixture()
    let c = try f.client()
    async let reply = c.send("/alicloud/v1/vpc/delete", ["inputs": [["delayMs": 60_000]]])
    try await eventually("the call in flight") { f.daemon.counts.inFlight > 0 }
    await f.daemon.shutdown(grace: .milliseconds(50))
    let r = try await reply
    #expect(r.status == 503)
    #expect(r.json?["error"]?["name"] == "alicloudd.Cancelled")
    #expect(r.json?["error"]?["data"]?["partial"]?["vpcId"] == "vpc-partial")
  }

  @Test func nonLoopbackAddressesNeedAToken() throws {
    let daemon = Daemon(configuration: DaemonConfiguration(socketPath: "/nonexistent/s"))
    #expect(throws: DaemonOptions.UsageError.self) {
      try Gateway(daemon: daemon, configuration: GatewayConfiguration(host: "0.0.0.0", port: 0))
    }
    #expect(GatewayConfiguration(host: "127.0.0.2").isLoopback)
    #expect(!GatewayConfiguration(host: "10.0.0.1").isLoopback)
    // With a token the gateway may be built for any address (not started here: loopback only in tests).
    _ = try Gateway(
      daemon: daemon, configuration: GatewayConfiguration(host: "0.0.0.0", port: 0, token: "0123456789abcdef"))
  }
}
