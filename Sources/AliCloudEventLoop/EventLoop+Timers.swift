import Synchronization

extension EventLoop {
  /// Names a scheduled timer, for `cancel`.
  public struct TimerID: Sendable, Hashable {
    let raw: UInt64
  }

  /// Runs `action` on the loop's thread at `deadline` (at once if it has passed). Timers due at
  /// the same instant run in the order they were scheduled.
  @discardableResult
  public func schedule(at deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) -> TimerID {
    let (id, wake) = state.withLock { s -> (TimerID, Bool) in
      let id = s.nextTimer
      s.nextTimer += 1
      s.timers.push(TimerHeap.Entry(deadline: deadline, id: id, action: action))
      // Only a new earliest deadline shortens the loop's wait.
      if s.timers.first?.id == id { return (TimerID(raw: id), claimWake(&s)) }
      startIfNeeded(&s)
      return (TimerID(raw: id), false)
    }
    if wake { signalWake() }
    return id
  }

  @discardableResult
  public func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> TimerID {
    schedule(at: .now + delay, action)
  }

  /// Cancels a timer that has not run yet (nothing happens if it has).
  public func cancel(_ timer: TimerID) {
    state.withLock { _ = $0.timers.remove(id: timer.raw) }
  }

  /// Runs the timers due now; false when none was.
  @discardableResult
  func runDueTimers() -> Bool {
    let now = ContinuousClock.now
    var ran = false
    while let action = state.withLock({ $0.timers.popDue(now: now) }) {
      action()
      ran = true
    }
    return ran
  }
}

/// A binary min-heap of timers by (deadline, id), with each timer's position kept so that one
/// can be removed before it is due.
struct TimerHeap {
  struct Entry {
    var deadline: ContinuousClock.Instant
    var id: UInt64
    var action: @Sendable () -> Void

    func precedes(_ other: Entry) -> Bool {
      deadline < other.deadline || (deadline == other.deadline && id < other.id)
    }
  }

  private(set) var entries: [Entry] = []
  private var positions: [UInt64: Int] = [:]

  var first: Entry? { entries.first }
  var count: Int { entries.count }

  mutating func push(_ e: Entry) {
    entries.append(e)
    positions[e.id] = entries.count - 1
    siftUp(entries.count - 1)
  }

  /// The earliest timer's action when it is due by `now`, removed from the heap.
  mutating func popDue(now: ContinuousClock.Instant) -> (@Sendable () -> Void)? {
    guard let top = entries.first, top.deadline <= now else { return nil }
    return remove(at: 0).action
  }

  @discardableResult
  mutating func remove(id: UInt64) -> Bool {
    guard let i = positions[id] else { return false }
    remove(at: i)
    return true
  }

  @discardableResult
  private mutating func remove(at i: Int) -> Entry {
    let removed = entries[i]
    positions[removed.id] = nil
    let last = entries.removeLast()
    if i < entries.count {
      entries[i] = last
      positions[last.id] = i
      siftDown(i)
      siftUp(i)
    }
    return removed
  }

  private mutating func swapAt(_ a: Int, _ b: Int) {
    entries.swapAt(a, b)
    positions[entries[a].id] = a
    positions[entries[b].id] = b
  }

  private mutating func siftUp(_ start: Int) {
    var i = start
    while i > 0 {
      let parent = (i - 1) / 2
      guard entries[i].precedes(entries[parent]) else { return }
      swapAt(i, parent)
      i = parent
    }
  }

  private mutating func siftDown(_ start: Int) {
    var i = start
    while true {
      let l = 2 * i + 1
      let r = l + 1
      var best = i
      if l < entries.count && entries[l].precedes(entries[best]) { best = l }
      if r < entries.count && entries[r].precedes(entries[best]) { best = r }
      if best == i { return }
      swapAt(i, best)
      i = best
    }
  }
}
