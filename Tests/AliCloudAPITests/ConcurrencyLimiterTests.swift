import TestSupport
import Testing

@testable import AliCloudAPI

/// Takes `n` places of `limiter` for region `r`, product `p`.
private func take(_ limiter: ConcurrencyLimiter, _ n: Int) async throws -> [ConcurrencyLimiter.Permit] {
  var permits: [ConcurrencyLimiter.Permit] = []
  for _ in 0..<n { permits.append(try await limiter.acquire(region: "r", product: "p", action: "A")) }
  return permits
}

private func limit(_ limiter: ConcurrencyLimiter) -> Int {
  limiter.window(region: "r", product: "p", action: "A").limit
}

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
  #expect(limiter.window(region: "r", product: "p", action: "A").inFlight == 0)
}

@Test func theBoundDoesNotGrowWhileRequestsAreFewerThanIt() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 4, maximum: 32))
  for _ in 0..<20 {
    let p = try await limiter.acquire(region: "r", product: "p", action: "A")
    limiter.release(p, .success)
  }
  #expect(limit(limiter) == 4)
}

@Test func aThrottlingAnswerHalvesTheBoundOncePerRoundDownToOne() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 8, maximum: 8))
  var held = try await take(limiter, 8)
  let old = held.removeLast()
  limiter.release(held.removeFirst(), .throttled)
  #expect(limit(limiter) == 4)
  // More throttled requests of the round that was halved: the service took fewer than half.
  limiter.release(held.removeFirst(), .throttled)
  limiter.release(held.removeFirst(), .throttled)
  #expect(limit(limiter) == 2)
  for p in held { limiter.release(p, .other) }
  // The next round: halved once more.
  held = try await take(limiter, 1)
  limiter.release(held[0], .throttled)
  #expect(limit(limiter) == 1)
  // An answer to a request sent two halvings ago changes nothing.
  let before = limiter.window(region: "r", product: "p", action: "A")
  limiter.release(old, .throttled)
  let after = limiter.window(region: "r", product: "p", action: "A")
  #expect(after.limit == 1 && after.decreases == before.decreases && after.throttled == before.throttled + 1)
  // Never below one.
  for _ in 0..<3 {
    let p = try await limiter.acquire(region: "r", product: "p", action: "A")
    limiter.release(p, .throttled)
    #expect(limit(limiter) == 1)
  }
  let w = limiter.window(region: "r", product: "p", action: "A")
  #expect(w.throttled == 8 && w.decreases == 5 && w.inFlight == 0)
}

@Test func afterAThrottlingAnswerTheBoundGrowsSlowlyUntilIdle() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 8, maximum: 16))
  var held = try await take(limiter, 8)
  limiter.release(held.removeFirst(), .throttled)
  for p in held.dropFirst(3) { limiter.release(p, .other) }
  held = Array(held.prefix(3))
  #expect(limit(limiter) == 4)
  // With the bound in use, one step per `successesPerStep` round trips of four successes.
  let successes = ConcurrencyLimiter.successesPerStep * 4
  for n in 1...successes {
    let p = try await limiter.acquire(region: "r", product: "p", action: "A")
    limiter.release(p, .success)
    #expect(limit(limiter) == (n < successes ? 4 : 5), "after \(n) successes")
  }
  // Once idle, the next burst grows by one per success again (slow start) from the bound learnt.
  for p in held { limiter.release(p, .other) }
  held = try await take(limiter, 5)
  limiter.release(held.removeFirst(), .success)
  #expect(limit(limiter) == 6)
  for p in held { limiter.release(p, .other) }
}

@Test func aFixedBoundIgnoresTheAnswers() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 3, maximum: 8, adaptive: false))
  var held = try await take(limiter, 3)
  limiter.release(held.removeFirst(), .throttled)
  limiter.release(held.removeFirst(), .success)
  #expect(limit(limiter) == 3)
  #expect(limiter.window(region: "r", product: "p", action: "A").throttled == 1)
  limiter.release(held[0], .other)
}

@Test func keysAreSeparate() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 2, maximum: 2))
  let held = try await take(limiter, 2)
  limiter.release(held[0], .throttled)
  #expect(limit(limiter) == 1)
  #expect(limiter.window(region: "r", product: "other", action: "A").limit == 2)
  #expect(limiter.window(region: "elsewhere", product: "p", action: "A").limit == 2)
  let other = try await limiter.acquire(region: "elsewhere", product: "p", action: "A")
  limiter.release(other, .success)
  limiter.release(held[1], .other)
}

@Test func waitersAreServedInArrivalOrder() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 1, maximum: 1))
  let first = try await limiter.acquire(region: "r", product: "p", action: "A")
  actor Order {
    var ids: [Int] = []
    func add(_ i: Int) { ids.append(i) }
  }
  let order = Order()
  var tasks: [Task<Void, Error>] = []
  for i in 1...6 {
    tasks.append(
      Task {
        let p = try await limiter.acquire(region: "r", product: "p", action: "A")
        await order.add(i)
        limiter.release(p, .other)
      })
    try await eventually("waiter \(i) queued") { limiter.window(region: "r", product: "p", action: "A").waiting == i }
  }
  limiter.release(first, .other)
  for t in tasks { try await t.value }
  #expect(await order.ids == Array(1...6))
}

@Test func aCancelledWaiterLeavesTheQueueAtOnce() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 1, maximum: 1))
  let held = try await limiter.acquire(region: "r", product: "p", action: "A")
  let waiter = Task { try await limiter.acquire(region: "r", product: "p", action: "A") }
  try await eventually("the waiter queued") { limiter.window(region: "r", product: "p", action: "A").waiting == 1 }
  waiter.cancel()
  // The place is still held: the waiter ends by its cancellation alone.
  await #expect(throws: CancellationError.self) { try await waiter.value }
  #expect(limiter.window(region: "r", product: "p", action: "A").waiting == 0)
  limiter.release(held, .other)
  #expect(limiter.window(region: "r", product: "p", action: "A").inFlight == 0)
  let again = try await limiter.acquire(region: "r", product: "p", action: "A")
  limiter.release(again, .other)
}

@Test func aCancelledTaskTakesNoPlace() async throws {
  let limiter = ConcurrencyLimiter(.init(initial: 1, maximum: 1))
  let task = Task {
    withUnsafeCurrentTask { $0?.cancel() }
    return try await limiter.acquire(region: "r", product: "p", action: "A")
  }
  await #expect(throws: CancellationError.self) { try await task.value }
  #expect(limiter.window(region: "r", product: "p", action: "A").inFlight == 0)
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
