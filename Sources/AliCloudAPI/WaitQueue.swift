/// A first-in first-out queue of waiting tasks: O(1) push and pop, and removal by ticket (a
/// removed ticket is skipped when its turn comes). The limiters keep one per key.
package struct WaitQueue<Value: Sendable> {
  private var order: [Int] = []
  private var head = 0
  private var waiters: [Int: CheckedContinuation<Value, Error>] = [:]

  package init() {}

  package var count: Int { waiters.count }

  package mutating func push(_ ticket: Int, _ c: CheckedContinuation<Value, Error>) {
    order.append(ticket)
    waiters[ticket] = c
  }

  package mutating func pop() -> CheckedContinuation<Value, Error>? {
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

  package mutating func remove(_ ticket: Int) -> CheckedContinuation<Value, Error>? {
    waiters.removeValue(forKey: ticket)
  }
}
