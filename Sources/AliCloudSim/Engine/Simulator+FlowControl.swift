import Foundation

/// Flow control by load (`SimFaults.flowInFlight`, `flowPerSecond`): unlike faults by rate, how
/// many requests are throttled depends on how many a client sends at once. Called under the lock.
extension Simulator {
  /// Whether a request of `action` is over a flow-control limit now (it is then not let in).
  func overFlowLimit(_ action: String) -> Bool {
    if let only = faults.actions, !only.contains(action) { return false }
    if let n = faults.flowInFlight, inFlight[action, default: 0] >= n { return true }
    guard let n = faults.flowPerSecond else { return false }
    let now = config.clock.now
    var recent = letIn[action, default: []]
    if let cut = recent.firstIndex(where: { now.timeIntervalSince($0) < 1 }) {
      recent.removeFirst(cut)
    } else {
      recent = []
    }
    defer { letIn[action] = recent }
    if recent.count >= n { return true }
    recent.append(now)
    return false
  }

  /// A request of `action` let in: counted in flight until `leave`.
  func enter(_ action: String) {
    inFlight[action, default: 0] += 1
    inFlightTotal += 1
    counters.peakInFlight = max(counters.peakInFlight, inFlightTotal)
    counters.peakInFlightByAction[action] = max(counters.peakInFlightByAction[action, default: 0], inFlight[action]!)
  }

  func leave(_ action: String) {
    inFlight[action, default: 1] -= 1
    if inFlight[action] == 0 { inFlight[action] = nil }
    inFlightTotal -= 1
  }
}
