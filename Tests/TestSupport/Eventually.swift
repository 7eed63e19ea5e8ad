import Foundation

/// A condition that did not hold within its time limit.
public struct TimedOut: Error, CustomStringConvertible {
  public let what: String
  public let timeout: Duration
  public var description: String { "timed out after \(timeout) waiting for \(what)" }
  public init(what: String, timeout: Duration) {
    self.what = what
    self.timeout = timeout
  }
}

/// The pause between two checks of a condition.
let pollPause: Duration = .milliseconds(1)

/// Checks `probe` with short pauses until it yields a value; nil when `timeout` passes first.
/// The pauses do not hold a thread of the cooperative pool.
public func waitForValue<T>(timeout: Duration, _ probe: () async throws -> T?) async rethrows -> T? {
  let deadline = ContinuousClock.now + timeout
  while true {
    if let value = try await probe() { return value }
    if ContinuousClock.now >= deadline { return nil }
    try? await Task.sleep(for: pollPause)
  }
}

/// Waits until `condition` holds, checking it with short pauses; throws `TimedOut` naming `what`
/// when it still does not hold after `timeout`.
public func eventually(
  timeout: Duration = .seconds(5), _ what: String, _ condition: () async throws -> Bool
) async throws {
  let held = try await waitForValue(timeout: timeout) { try await condition() ? true : nil }
  if held == nil { throw TimedOut(what: what, timeout: timeout) }
}
