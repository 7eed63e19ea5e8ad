import TestSupport
import Testing

@testable import AliCloudAPI

/// Takes `n` places of `limiter` for region `r`, product `p`.
private func take(_ limiter: ConcurrencyLimiter, _ n: Int) async throws -> [ConcurrencyLimiter.Permit] {
  var permits: [ConcurrencyLimiter.Permit] = []
  for _ in 0..<n { permits.append(try await limiter.acquire(region: "r", product: "p")) }
  return permits
}

private func limit(_ limiter: ConcurrencyLimiter) -> Int { limiter.window(region: "r", product: "p").limit }

@Test func theBoundGrowsByOnePerSuccessWhileInUseUpToTheMaximum() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 2, maximum: 5))
  var held = try await take(limiter, 2)
  for expected in 3...5 {
    // As many in flight as the bound allows: a success raises it by one (slow start).
    limiter.release(held.removeFirst(), .success)
    #expect(limit(limiter) == expected)
    held += try await take(limiter, expected - held.count)
  }
  limiter.release(held.removeFirst(), .success)
  #expect(limit(limiter) == 5, "never above the maximum")
  for p in held { limiter.release(p, .other) }
  #expect(limiter.window(region: "r", product: "p").inFlight == 0)
}

@Test func theBoundDoesNotGrowWhileRequestsAreFewerThanIt() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 4, maximum: 32))
  for _ in 0..<20 {
    let p = try await limiter.acquire(region: "r", product: "p")
    limiter.release(p, .success)
  }
  #expect(limit(limiter) == 4)
}

@Test func aThrottlingAnswerHalvesTheBoundOncePerRoundTripDownToOne() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 8, maximum: 8))
  var held = try await take(limiter, 8)
  limiter.release(held.removeFirst(), .throttled)
  #expect(limit(limiter) == 4)
  // Requests sent before the halving answer throttled too: the same congestion, no second halving.
  limiter.release(held.removeFirst(), .throttled)
  limiter.release(held.removeFirst(), .throttled)
  #expect(limit(limiter) == 4)
  for p in held { limiter.release(p, .other) }
  for expected in [2, 1, 1, 1] {
    let p = try await limiter.acquire(region: "r", product: "p")
    limiter.release(p, .throttled)
    #expect(limit(limiter) == expected)
  }
  let w = limiter.window(region: "r", product: "p")
  #expect(w.throttled == 7 && w.decreases == 5 && w.inFlight == 0)
}

@Test func afterAThrottlingAnswerTheBoundGrowsByOnePerRoundTrip() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 8, maximum: 16))
  var held = try await take(limiter, 8)
  limiter.release(held.removeFirst(), .throttled)
  for p in held { limiter.release(p, .other) }
  #expect(limit(limiter) == 4)
  // Four successes with the bound in use: +1/4 each, one in all.
  for _ in 0..<3 {
    held = try await take(limiter, 4)
    limiter.release(held.removeFirst(), .success)
    for p in held { limiter.release(p, .other) }
  }
  #expect(limit(limiter) == 4)
  held = try await take(limiter, 4)
  limiter.release(held.removeFirst(), .success)
  for p in held { limiter.release(p, .other) }
  #expect(limit(limiter) == 5)
}

@Test func keysAreSeparate() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 2, maximum: 2))
  let held = try await take(limiter, 2)
  limiter.release(held[0], .throttled)
  #expect(limit(limiter) == 1)
  #expect(limiter.window(region: "r", product: "other").limit == 2)
  #expect(limiter.window(region: "elsewhere", product: "p").limit == 2)
  let other = try await limiter.acquire(region: "elsewhere", product: "p")
  limiter.release(other, .success)
  limiter.release(held[1], .other)
}

@Test func waitersAreServedInArrivalOrder() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 1, maximum: 1))
  let first = try await limiter.acquire(region: "r", product: "p")
  actor Order {
    var ids: [Int] = []
    func add(_ i: Int) { ids.append(i) }
  }
  let order = Order()
  var tasks: [Task<Void, Error>] = []
  for i in 1...6 {
    tasks.append(
      Task {
        let p = try await limiter.acquire(region: "r", product: "p")
        await order.add(i)
        limiter.release(p, .other)
      })
    try await eventually("waiter \(i) queued") { limiter.window(region: "r", product: "p").waiting == i }
  }
  limiter.release(first, .other)
  for t in tasks { try await t.value }
  #expect(await order.ids == Array(1...6))
}

@Test func aCancelledWaiterLeavesTheQueueAtOnce() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 1, maximum: 1))
  let held = try await limiter.acquire(region: "r", product: "p")
  let waiter = Task { try await limiter.acquire(region: "r", product: "p") }
  try await eventually("the waiter queued") { limiter.window(region: "r", product: "p").waiting == 1 }
  waiter.cancel()
  // The place is still held: the waiter ends by its cancellation alone.
  await #expect(throws: CancellationError.self) { try await waiter.value }
  #expect(limiter.window(region: "r", product: "p").waiting == 0)
  limiter.release(held, .other)
  #expect(limiter.window(region: "r", product: "p").inFlight == 0)
  let again = try await limiter.acquire(region: "r", product: "p")
  limiter.release(again, .other)
}

@Test func aCancelledTaskTakesNoPlace() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 1, maximum: 1))
  let task = Task {
    withUnsafeCurrentTask { $0?.cancel() }
    return try await limiter.acquire(region: "r", product: "p")
  }
  await #expect(throws: CancellationError.self) { try await task.value }
  #expect(limiter.window(region: "r", product: "p").inFlight == 0)
}

@Test func throttlingIsClassifiedInOnePlace() {
  func service(_ code: String, _ message: String = "") -> AliCloudError {
    AliCloudError(kind: .service, code: code, message: message)
  }
  for code in ["Throttling", "Throttling.User", "Throttling.Api", "Rejected.Throttling", "ServiceUnavailable"] {
    #expect(RetryPolicy.asksToSlowDown(service(code)), "\(code)")
  }
  #expect(RetryPolicy.asksToSlowDown(service("Forbidden", "Request was denied due to user flow control.")))
  for code in ["InvalidParameter", "OperationConflict", "InternalError"] {
    #expect(!RetryPolicy.asksToSlowDown(service(code)), "\(code)")
  }
  #expect(!RetryPolicy.asksToSlowDown(.transport(.timeout, "no answer")))
}

@Test func waitQueueSkipsRemovedWaiters() async {
  actor Box {
    var q = WaitQueue<Void>()
    var resumed: [Int] = []
    func add(_ t: Int, _ c: CheckedContinuation<Void, Error>) { q.push(t, c) }
    func popOne() -> Bool {
      guard let c = q.pop() else { return false }
      c.resume()
      return true
    }
    func drop(_ t: Int) { q.remove(t)?.resume(throwing: CancellationError()) }
    func note(_ t: Int) { resumed.append(t) }
    var count: Int { q.count }
  }
  let box = Box()
  await withTaskGroup(of: Void.self) { group in
    for t in 1...5 {
      group.addTask {
        do {
          try await withCheckedThrowingContinuation { c in Task { await box.add(t, c) } }
          await box.note(t)
        } catch {}
      }
      while await box.count < t { await Task.yield() }
    }
    await box.drop(2)
    await box.drop(4)
    while await box.popOne() {}
  }
  #expect(await box.resumed.sorted() == [1, 3, 5])
  #expect(await box.count == 0)
}
