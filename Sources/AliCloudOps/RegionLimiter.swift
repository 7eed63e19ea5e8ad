import AliCloudAPI

/// Bounds how many inputs run at once against one region, across all calls. Waiters are served in
/// arrival order; a waiter whose task is cancelled leaves the queue at once. The load on the cloud
/// is bounded per request by the API client's `ConcurrencyLimiter`; this bound keeps the number of
/// inputs under way (each holding a task and its waits) in reason, and lets calls take turns.
public actor RegionLimiter {
  /// Inputs at once per region unless configured (`--inputs-per-region`).
  public static let defaultPerRegion = 64
  public nonisolated let perRegion: Int
  private var running: [String: Int] = [:]
  private var queues: [String: WaitQueue<Void>] = [:]
  private var nextTicket = 0

  public init(perRegion: Int = RegionLimiter.defaultPerRegion) {
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
          queues[region, default: WaitQueue<Void>()].push(ticket, c)
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
