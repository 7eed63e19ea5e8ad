import AliCloudAPI
import AliCloudCore
import AliCloudSim
import Testing

@testable import TestSupport

/// Creates whose answers are lost on the way back: every VPC the simulator made is reported by
/// exactly one output, and every output succeeds, although the client allows few attempts.
@Test func lostAnswersLoseNoCreatedVpc() async throws {
  let f = try CloudFixture(delayMs: 5, retry: RetryPolicy(maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5))
  var faults = SimFaults()
  faults.lostResponseRate = 0.5
  try f.sim.simulator.setFaults(faults)

  let inputs = (0..<20).map { i in
    CloudFixture.input(["vpcName": .string("lost\(i)"), "cidrBlock": "10.0.0.0/16"], guid: "g\(i)")
  }
  let result = try await f.call("vpc/create", inputs)
  let outs = result["results"]?["outputs"]?.arrayValue?.compactMap(\.objectValue) ?? []
  try #require(outs.count == 20)
  for out in outs { #expect(out["errorCode"] == "0", "\(out)") }
  let reported = outs.compactMap { $0["vpcId"]?.stringValue }
  let made = f.resources("vpc").map(\.id)
  #expect(made.count == 20 && Set(reported) == Set(made) && reported.count == 20, "\(reported) vs \(made)")
  #expect((f.sim.simulator.stats.faults["lostResponse"] ?? 0) > 0)
  await f.stop()
}
