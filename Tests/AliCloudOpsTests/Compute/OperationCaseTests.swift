import AliCloudAPI
import AliCloudCore
import AliCloudSim
import Testing

@testable import TestSupport

/// Every compute and data operation through the daemon against the simulator: success with every
/// output field, an AliCloud error in one input while the other input of the same call succeeds,
/// the idempotent re-run, and a missing required input refused before any cloud call.
@Test(arguments: computeCases)
func computeOperation(_ c: OperationCase) async throws {
  // One input at a time and two attempts per call: the scripted failures hit the first input
  // that calls the action.
  let f = try CloudFixture(delayMs: 5, perRegion: 1, retry: RetryPolicy(maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2))
  let e = Estate(f: f)
  let inputs = [try await c.inputs(e, 0), try await c.inputs(e, 1)]
  var faults = SimFaults()
  faults.actions = [c.faultAction]
  faults.script = [.internalError, .internalError]
  try f.sim.simulator.setFaults(faults)

  let split = try await f.expectOneFailsOneSucceeds(c.method, inputs, error: "InternalError", outputs: c.outputs)
  #expect(!split.failure.contains("seed123") && !split.failure.contains("Abcd1234"))
  let outs = split.outputs
  let i = split.succeeded

  // The idempotent path: nothing new is made and the output is complete again.
  try f.sim.simulator.setFaults(SimFaults())
  let before = Set(f.resources().filter { $0.kind != "invocation" }.map(\.id))
  let rerun = try await f.call(c.method, [CloudFixture.input(c.again(inputs[i], outs[i]), guid: "g\(i)")])
  let again = rerun["results"]?["outputs"]?[0]?.objectValue ?? [:]
  #expect(again["errorCode"] == "0", "\(again)")
  for name in c.outputs where name != "requestId" {
    #expect(again[name] == outs[i][name], "\(c.method) re-run: \(name)")
  }
  let made = Set(f.resources().filter { $0.kind != "invocation" }.map(\.id)).subtracting(before)
  #expect(made.isEmpty, "\(c.method) re-run made \(made)")

  // A missing required input is refused before any cloud call.
  let sent = f.sim.simulator.stats.requests
  var missing = inputs[1]
  missing[c.required] = ""
  let refused = try await f.one(c.method, missing)
  let message = refused["errorMessage"]?.stringValue ?? ""
  #expect(message.contains(c.required), "\(message)")
  #expect(f.sim.simulator.stats.requests == sent)
  await f.stop()
}
