import AliCloudAPI
import AliCloudCore
import AliCloudJournal
import AliCloudSim
import Testing

@testable import TestSupport

/// The create/delete life cycles of the network and compute operations through the journal,
/// with 30% of cloud calls throttled, 5% answered ServiceUnavailable and 5% applied with their
/// answer lost: every output succeeds, nothing is duplicated, nothing is left over; five runs
/// with different fault sequences.
@Suite struct FaultLifecycleTests {
  static var faults: SimFaults {
    var f = SimFaults()
    f.throttleRate = 0.3
    f.serviceUnavailableRate = 0.05
    f.lostResponseRate = 0.05
    return f
  }

  static func fixture(seed: UInt64) throws -> CloudFixture {
    let f = try CloudFixture(
      delayMs: 5, retry: RetryPolicy(maxAttempts: 20, baseDelayMs: 1, maxDelayMs: 5),
      journal: MutationJournal(directory: nil), seed: seed)
    try f.sim.simulator.setFaults(faults)
    return f
  }

  @Test(arguments: 1...5) func networkLifeCycle(seed: UInt64) async throws {
    let f = try Self.fixture(seed: seed)
    try await Scenario(f: f).run {
      let kinds = ["vpc": 1, "vswitch": 3, "natgateway": 1, "eip": 3, "bandwidthpackage": 1, "snatentry": 1, "cen": 1]
      for (kind, n) in kinds { #expect(f.resources(kind).count == n, "duplicates of \(kind), seed \(seed)") }
    }
    #expect(f.resources().map(\.id) == [], "left over, seed \(seed)")
    let stats = f.sim.simulator.stats.faults
    #expect((stats["throttle"] ?? 0) > 10 && (stats["lostResponse"] ?? 0) > 0, "\(stats)")
    await f.stop()
  }

  @Test(arguments: 1...5) func computeLifeCycle(seed: UInt64) async throws {
    let f = try Self.fixture(seed: seed)
    try await computeScenario(f)
    #expect(remaining(f).isEmpty, "left over, seed \(seed): \(remaining(f))")
    #expect((f.sim.simulator.stats.faults["throttle"] ?? 0) > 10, "\(f.sim.simulator.stats.faults)")
    await f.stop()
  }
}
