import Foundation
import Synchronization
import TestSupport
import Testing

@Test func eventuallyReturnsOnceTheConditionHolds() async throws {
  let checks = Mutex(0)
  try await eventually("the third check") {
    checks.withLock {
      $0 += 1; return $0 >= 3
    }
  }
  #expect(checks.withLock { $0 } == 3)
}

@Test func eventuallyFailsNamingWhatItWaitedFor() async {
  do {
    try await eventually(timeout: .milliseconds(20), "a condition that never holds") { false }
    Issue.record("expected a timeout")
  } catch {
    #expect("\(error)".contains("a condition that never holds"), "\(error)")
  }
}

@Test func aManualClockMovesOnlyWhenAdvanced() {
  let start = Date(timeIntervalSince1970: 1_700_000_000)
  let clock = ManualClock(start: start)
  #expect(clock.now == start && clock.uptime == .zero)
  clock.advance(.milliseconds(1_500))
  #expect(clock.now == start.addingTimeInterval(1.5))
  #expect(clock.uptime == .milliseconds(1_500))
}
