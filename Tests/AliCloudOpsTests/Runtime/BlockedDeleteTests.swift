import AliCloudAPI
import AliCloudCore
import AliCloudSim
import Testing

@testable import TestSupport

/// A parent delete behind a child whose delete failed: it fails after a few blocked attempts,
/// naming the child, instead of retrying until the delete timeout; once the child's delete is
/// re-sent, the parent's goes through and nothing is left.
@Test func parentDeleteFailsFastBehindAChildThatStays() async throws {
  // Two attempts per call; a 3 s delete timeout polled every 5-40 ms would take about 80
  // attempts of DeleteVpc before it gave up.
  let f = try CloudFixture(
    delayMs: 5, retry: RetryPolicy(maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2), waitTimeoutMs: 3_000)
  let e = Estate(f: f)
  let (vpc, vsw) = try await e.network(0)
  var faults = SimFaults()
  faults.actions = ["DeleteVSwitch"]
  faults.script = [.internalError, .internalError]
  try f.sim.simulator.setFaults(faults)
  let child = try await f.one("vswitch/delete", ["vSwitchId": vsw])
  #expect(child["errorCode"] == "1", "\(child)")
  try f.sim.simulator.setFaults(SimFaults())

  let parent = try await f.one("vpc/delete", ["vpcId": vpc])
  #expect(parent["errorCode"] == "1")
  let message = parent["errorMessage"]?.stringValue ?? ""
  #expect(
    message.contains("blocked by vSwitch \(vsw.stringValue ?? "?")") && message.contains("delete it first"),
    "\(message)")
  let attempts = f.sim.simulator.stats.byAction["DeleteVpc"] ?? 0
  #expect(attempts == 3, "DeleteVpc was sent \(attempts) times")

  _ = try await e.make("vswitch/delete", ["vSwitchId": vsw])
  _ = try await e.make("vpc/delete", ["vpcId": vpc])
  #expect(f.resources().map(\.id) == [])
  await f.stop()
}
