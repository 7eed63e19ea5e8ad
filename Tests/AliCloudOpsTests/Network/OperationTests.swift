import AliCloudAPI
import AliCloudCore
import AliCloudSim
import Testing

@testable import TestSupport

/// Every network operation through the daemon against the simulator: success with every output
/// field, an AliCloud error in one input while the other input of the same call succeeds, the
/// idempotent re-run, and a missing required input.
@Test(arguments: networkCases)
func operation(_ c: OperationCase) async throws {
  // One input at a time per region and two attempts per call: the scripted failures all hit
  // whichever input calls the action first.
  let f = try CloudFixture(perRegion: 1, retry: RetryPolicy(maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2))
  let w = Estate(f: f)
  let inputs = [try await c.inputs(w, 0), try await c.inputs(w, 1)]
  var faults = SimFaults()
  faults.actions = [c.faultAction]
  faults.script = [.internalError, .internalError]
  try f.sim.simulator.setFaults(faults)

  let split = try await f.expectOneFailsOneSucceeds(c.method, inputs, error: "InternalError", outputs: c.outputs)
  let outs = split.outputs
  let i = split.succeeded

  // The idempotent path: nothing new is made and the output is complete again.
  let before = f.resources().count
  let again = try await f.one(c.method, c.again(inputs[i], outs[i]))
  #expect(again["errorCode"] == "0", "\(again)")
  for name in c.outputs where name != "requestId" {
    #expect(again[name] == outs[i][name], "\(c.method) re-run: \(name)")
  }
  #expect(f.resources().count == before)

  // A missing required input is refused before any cloud call.
  let sent = f.sim.simulator.stats.requests
  var missing = inputs[1]
  missing[c.required] = ""
  let refused = try await f.call(c.method, [CloudFixture.input(missing).merging(c.required)])
  let message = refused["results"]?["outputs"]?[0]?["errorMessage"]?.stringValue ?? ""
  #expect(message.contains(c.required), "\(message)")
  #expect(f.sim.simulator.stats.requests == sent)
  await f.stop()
}

extension JSONValue {
  /// This object with `field` blanked (also the envelope's own fields such as `cloudParams`).
  func merging(_ field: String) -> JSONValue {
    guard case .object(var o) = self else { return self }
    o[field] = ""
    return .object(o)
  }
}
