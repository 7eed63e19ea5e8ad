/// Bounds how many inputs run at once against one region, across all calls. Waiters are served in
/// arrival order; a waiter whose task is cancelled leaves the queue at once.
public actor RegionLimiter {
  public nonisolated let perRegion: Int
  private var running: [String: Int] = [:]
  private var queues: [String: WaitQueue] = [:]
  private var nextTicket = 0

  public init(perRegion: Int = 8) {
    self.perRegion = max(1, perRegion)
  }

  /// Runs `body` holding one of the region's permits. Throws `CancellationError` without running
  /// `body` when the task is cancelled while waiting.
  public func withPermit<T: Sendable>(_ region: String, _ body: @Sendable () async -> T) async throws -> T {
    try await acquire(region)
    let result = await body()
    release(region)
    return result
  }

  private func acquire(_ region: String) async throws {
    try Task.checkCancellation()
    if running[region, default: 0] < perRegion {
      running[region, default: 0] += 1
      return
    }
    nextTicket += 1
    let ticket = nextTicket
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, Error>) in
        if Task.isCancelled {
          c.resume(throwing: CancellationError())
        } else {
          queues[region, default: WaitQueue()].push(ticket, c)
        }
      }
    } onCancel: {
      Task { await self.abandon(region, ticket) }
    }
  }

  private func abandon(_ region: String, _ ticket: Int) {
    queues[region]?.remove(ticket)?.resume(throwing: CancellationError())
  }

  private func release(_ region: String) {
    if let next = queues[region]?.pop() {
      next.resume()  // the permit passes straight to the next waiter
    } else {
      queues[region] = nil
      running[region, default: 1] -= 1
      if running[region] == 0 { running[region] = nil }
    }
  }

  /// Inputs running and waiting per region, for status.
  public var snapshot: [String: [String: Int]] {
    var out: [String: [String: Int]] = [:]
    for (r, n) in running { out[r, default: [:]]["running"] = n }
    for (r, q) in queues where q.count > 0 { out[r, default: [:]]["waiting"] = q.count }
    return out
  }
}

/// A first-in first-out queue of waiters: O(1) push and pop, and removal by ticket (a removed
/// ticket is skipped when its turn comes).
struct WaitQueue {
  private var order: [Int] = []
  private var head = 0
  private var waiters: [Int: CheckedContinuation<Void, Error>] = [:]

  var count: Int { waiters.count }

  mutating func push(_ ticket: Int, _ c: CheckedContinuation<Void, Error>) {
    order.append(ticket)
    waiters[ticket] = c
  }

  mutating func pop() -> CheckedContinuation<Void, Error>? {
    while head < order.count {
      let ticket = order[head]
      head += 1
      if let c = waiters.removeValue(forKey: ticket) {
        if head > 64 && head * 2 > order.count {
          order.removeFirst(head)
          head = 0
        }
        return c
      }
    }
    return nil
  }

  mutating func remove(_ ticket: Int) -> CheckedContinuation<Void, Error>? {
    waiters.removeValue(forKey: ticket)
  }
}
