/// Bounds how many inputs run at once against one region, across all calls.
public actor RegionLimiter {
  public let perRegion: Int
  private var running: [String: Int] = [:]
  private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

  public init(perRegion: Int = 8) {
    self.perRegion = max(1, perRegion)
  }

  public func withPermit<T: Sendable>(_ region: String, _ body: @Sendable () async -> T) async -> T {
    await acquire(region)
    let result = await body()
    release(region)
    return result
  }

  private func acquire(_ region: String) async {
    if running[region, default: 0] < perRegion {
      running[region, default: 0] += 1
      return
    }
    await withCheckedContinuation { waiting[region, default: []].append($0) }
  }

  private func release(_ region: String) {
    if var queue = waiting[region], !queue.isEmpty {
      let next = queue.removeFirst()
      waiting[region] = queue.isEmpty ? nil : queue
      next.resume()  // the permit passes to the next waiter
    } else {
      running[region, default: 1] -= 1
      if running[region] == 0 { running[region] = nil }
    }
  }

  /// Inputs currently running per region, for status.
  public var snapshot: [String: Int] { running }
}
