/// Serialises work per key within the daemon, e.g. "find or create the bandwidth package named
/// X in region R", so concurrent inputs do not both create one.
public actor KeyedLocks {
  private var busy: Set<String> = []
  private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

  public init() {}

  public func withLock<T: Sendable>(_ key: String, _ body: @Sendable () async throws -> T) async rethrows -> T {
    await acquire(key)
    do {
      let value = try await body()
      release(key)
      return value
    } catch {
      release(key)
      throw error
    }
  }

  private func acquire(_ key: String) async {
    if !busy.contains(key) {
      busy.insert(key)
      return
    }
    await withCheckedContinuation { waiting[key, default: []].append($0) }
  }

  private func release(_ key: String) {
    if var queue = waiting[key], !queue.isEmpty {
      let next = queue.removeFirst()
      waiting[key] = queue.isEmpty ? nil : queue
      next.resume()  // the lock passes to the next waiter
    } else {
      busy.remove(key)
    }
  }
}
