import Foundation

/// Where code reads the time: the wall clock (`now`) and a monotonic reading (`uptime`) for
/// measuring intervals. `SystemTime` reads the machine's clocks; a test passes a clock it
/// advances itself, so time-dependent behaviour is checked without waiting.
public protocol TimeSource: Sendable {
  /// The current wall-clock time.
  var now: Date { get }
  /// A monotonic reading; only the difference between two readings means anything.
  var uptime: Duration { get }
}

/// The machine's clocks: `Date()` and `ContinuousClock`.
public struct SystemTime: TimeSource {
  private static let origin = ContinuousClock.now

  public init() {}

  public var now: Date { Date() }
  public var uptime: Duration { ContinuousClock.now - Self.origin }
}
