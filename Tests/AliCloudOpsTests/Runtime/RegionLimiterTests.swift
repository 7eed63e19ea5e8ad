import AliCloudCatalog
import AliCloudCore
import Testing

@testable import AliCloudOps

/// Records the order in which inputs start, and lets a test hold inputs until it opens the gate.
private actor Journal {
  var started: [String] = []
  var gateOpen = false
  private var held: [CheckedContinuation<Void, Never>] = []

  func start(_ name: String) { started.append(name) }

  func gate() async {
    if gateOpen { return }
    await withCheckedContinuation { held.append($0) }
  }

  func open() {
    gateOpen = true
    for c in held { c.resume() }
    held = []
  }

  func waitForStarts(_ n: Int) async {
    while started.count < n { await Task.yield() }
  }
}

private func inputs(_ prefix: String, _ n: Int, valid: Bool = true) -> JSONValue {
  .array((0..<n).map { i in ["guid": .string("\(prefix)\(i)"), "name": valid ? "n" : "", "size": "1"] })
}

@Test func invalidInputsAreAnsweredWithoutWaitingForAPermit() async {
  let limiter = RegionLimiter(perRegion: 1)
  let journal = Journal()
  let busy = Task {
    await Envelope.run(["inputs": inputs("busy", 1)], spec: demoSpec, limiter: limiter, regionOf: { _ in "r" }) { i in
      await journal.start(i.guid)
      await journal.gate()
      return [:]
    }
  }
  await journal.waitForStarts(1)
  // The only permit is held; a call whose inputs all fail validation still completes.
  let refused = await Envelope.run(
    ["inputs": inputs("bad", 3, valid: false)], spec: demoSpec, limiter: limiter,
    regionOf: { _ in "r" }
  ) { _ in [:] }
  #expect(refused["results"]?["outputs"]?.arrayValue?.allSatisfy { $0["errorCode"] == "1" } == true)
  await journal.open()
  _ = await busy.value
}

@Test func aLargeBatchDoesNotQueueAheadOfALaterCall() async {
  let limiter = RegionLimiter(perRegion: 1)
  let journal = Journal()
  let big = Task {
    await Envelope.run(["inputs": inputs("big", 100)], spec: demoSpec, limiter: limiter, regionOf: { _ in "r" }) { i in
      await journal.start(i.guid)
      await journal.gate()
      return [:]
    }
  }
  await journal.waitForStarts(1)
  let small = Task {
    await Envelope.run(["inputs": inputs("small", 1)], spec: demoSpec, limiter: limiter, regionOf: { _ in "r" }) { i in
      await journal.start(i.guid)
      return [:]
    }
  }
  // Give the small call time to queue behind the big call's window, then let everything run.
  for _ in 0..<1000 { await Task.yield() }
  await journal.open()
  _ = await (big.value, small.value)
  let order = await journal.started
  let position = order.firstIndex(of: "small0") ?? order.count
  #expect(order.count == 101)
  #expect(position <= 2 * limiter.perRegion + 1, "the later call started at \(position) of \(order.count)")
}

@Test func cancellingACallReleasesItsWaitingInputsAtOnce() async {
  let limiter = RegionLimiter(perRegion: 1)
  let journal = Journal()
  let call = Task {
    await Envelope.run(["inputs": inputs("c", 40)], spec: demoSpec, limiter: limiter, regionOf: { _ in "r" }) { i in
      await journal.start(i.guid)
      await journal.gate()
      try Task.checkCancellation()
      return [:]
    }
  }
  await journal.waitForStarts(1)
  call.cancel()
  await journal.open()
  let result = await call.value
  let outputs = result["results"]?["outputs"]?.arrayValue ?? []
  #expect(outputs.count == 40)
  #expect(await journal.started.count < 40)
  #expect(outputs.allSatisfy { $0["errorCode"] == "1" })
  #expect(outputs.contains { $0["errorMessage"] == "cancelled before this input started" })
  // The permit came back: another call still runs.
  let after = await Envelope.run(["inputs": inputs("a", 1)], spec: demoSpec, limiter: limiter, regionOf: { _ in "r" }) {
    _ in [:]
  }
  #expect(after["resultCode"] == "0")
}
