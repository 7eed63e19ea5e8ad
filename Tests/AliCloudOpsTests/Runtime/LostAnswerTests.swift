import AliCloudAPI
import AliCloudCore
import AliCloudJournal
import AliCloudSim
import Testing

@testable import TestSupport

/// Each state-changing write action with a standard check, and deletes, in the life cycles, with the answer to its
/// first call lost and the retries then throttled until the client's three attempts run out (a
/// transport's replay of the lost request is answered `SignatureNonceUsed` and uses up none, hence
/// three throttles): the cloud shows the change made, so every output succeeds and nothing is
/// left over.
@Suite struct LostAnswerTests {
  /// The actions of the standard checks (`LostAnswer.byAction`), and deletes of both kinds of
  /// path: `CloudSession.delete` and the bandwidth package's own.
  static let network = [
    "AssociateEipAddress", "UnassociateEipAddress", "AddCommonBandwidthPackageIp", "RemoveCommonBandwidthPackageIp",
    "DeleteCommonBandwidthPackage", "DeleteCen", "DeleteVpc",
  ]
  static let compute = [
    "StartInstance", "StopInstance", "AttachDisk", "DetachDisk", "DeleteInstance", "DeleteDBInstance",
  ]

  static func fixture(losing action: String) throws -> CloudFixture {
    let f = try CloudFixture(
      delayMs: 5, retry: RetryPolicy(maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2),
      journal: MutationJournal(directory: nil))
    var faults = SimFaults()
    faults.actions = [action]
    faults.script = [.lostResponse, .throttle, .throttle, .throttle]
    try f.sim.simulator.setFaults(faults)
    return f
  }

  @Test(arguments: network) func networkLifeCycle(losing action: String) async throws {
    let f = try Self.fixture(losing: action)
    try await Scenario(f: f).run()
    #expect(f.outputs.failed == 0 && f.resources().map(\.id) == [], "\(action)")
    #expect(f.sim.simulator.stats.faults["lostResponse"] == 1, "\(action) was not called")
    await f.stop()
  }

  @Test(arguments: compute) func computeLifeCycle(losing action: String) async throws {
    let f = try Self.fixture(losing: action)
    try await computeScenario(f)
    #expect(f.outputs.failed == 0 && remaining(f) == [], "\(action)")
    #expect(f.sim.simulator.stats.faults["lostResponse"] == 1, "\(action) was not called")
    await f.stop()
  }
}
