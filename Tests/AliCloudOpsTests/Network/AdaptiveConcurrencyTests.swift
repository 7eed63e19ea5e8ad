import AliCloudAPI
import AliCloudCore
import AliCloudSim
import Testing

@testable import TestSupport

/// `n` vpc/create inputs.
private func creates(_ n: Int) -> [JSONValue] {
  (0..<n).map { CloudFixture.input(["vpcName": .string("v\($0)"), "cidrBlock": "10.0.0.0/16"], guid: "g\($0)") }
}

@Test func throttlingAnswersShrinkTheBoundAndTheBatchStillSucceeds() async throws {
  // The simulator throttles a request when 2 of its action are already being answered; the
  // client starts at 8 requests at once.
  let f = try CloudFixture(
    perRegion: 32, retry: RetryPolicy(maxAttempts: 30, baseDelayMs: 2, maxDelayMs: 20), latencyMs: 10,
    flowInFlight: 2, concurrency: .init(initial: 8, maximum: 8))
  let r = try await f.call("vpc/create", creates(24))
  #expect(r["resultCode"] == "0", "\(r["resultMessage"] ?? "")")
  #expect(f.outputs.total == 24 && f.outputs.failed == 0)
  let stats = f.sim.simulator.stats
  #expect(stats.flowThrottled > 0)
  let windows = f.env.client.limiter.windows.filter { $0.0.product == "vpc" }.map(\.1)
  let create = f.env.client.limiter.window(region: CloudFixture.region, product: "vpc", action: "CreateVpc")
  #expect(create.decreases >= 1 && create.limit < 8, "\(create)")
  #expect(
    windows.map(\.throttled).reduce(0, +) == stats.flowThrottled,
    "every throttled attempt, retries included, reached the limiter")
  #expect(windows.allSatisfy { $0.inFlight == 0 && $0.waiting == 0 })
  await f.stop()
}

@Test func neverMoreRequestsInFlightThanTheBound() async throws {
  let f = try CloudFixture(perRegion: 32, latencyMs: 10, concurrency: .init(initial: 2, maximum: 4))
  let r = try await f.call("vpc/create", creates(20))
  #expect(r["resultCode"] == "0", "\(r["resultMessage"] ?? "")")
  let peaks = f.sim.simulator.stats.peakInFlightByAction
  #expect(peaks["CreateVpc"] != nil)
  for (action, peak) in peaks {
    #expect(peak <= 4, "at most 4 requests of \(action) were being answered at once, saw \(peak)")
  }
  let w = f.env.client.limiter.window(region: CloudFixture.region, product: "vpc", action: "CreateVpc")
  // Inputs waited for places, so successes raised the bound from 2, never above 4.
  #expect(w.limit > 2 && w.limit <= 4, "\(w)")
  #expect(w.decreases == 0)
  await f.stop()
}

@Test func statusShowsTheBoundPerRegionAndProduct() async throws {
  let f = try CloudFixture(latencyMs: 5, concurrency: .init(initial: 3, maximum: 6))
  _ = try await f.call("vpc/create", creates(1))
  let status = try await f.client.call("daemon.status")
  let concurrency = try #require(status["cloud"]?["concurrency"])
  #expect(concurrency["initial"] == 3 && concurrency["maximum"] == 6)
  // One request at a time never uses the bound: it is not kept, nothing was learnt.
  #expect(concurrency["windows"]?.arrayValue?.isEmpty == true)
  _ = try await f.call("vpc/create", creates(12))
  let after = try await f.client.call("daemon.status")
  let rows = after["cloud"]?["concurrency"]?["windows"]?.arrayValue ?? []
  let vpc = try #require(rows.first { $0["product"] == "vpc" && $0["action"] == "CreateVpc" })
  #expect(vpc["region"] == .string(CloudFixture.region))
  #expect((vpc["limit"]?.intValue ?? 0) > 3 && vpc["inFlight"] == 0 && vpc["waiting"] == 0)
  await f.stop()
}
