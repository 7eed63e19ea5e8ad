import AliCloudCore
import Foundation
import Synchronization

/// A clock that stands still until a test advances it. It starts at the real current time, so
/// signatures made against it pass the simulator's clock-skew checks.
public final class ManualClock: TimeSource {
  private let reading: Mutex<(now: Date, uptime: Duration)>

  public init(start: Date = Date()) { reading = Mutex((start, .zero)) }

  public var now: Date { reading.withLock { $0.now } }
  public var uptime: Duration { reading.withLock { $0.uptime } }

  /// Moves both readings forward.
  public func advance(_ by: Duration) {
    precondition(by >= .zero, "a clock only moves forward")
    reading.withLock {
      $0.now = $0.now.addingTimeInterval(by.timeInterval)
      $0.uptime += by
    }
  }
}

extension Duration {
  /// The duration as a (fractional) number of seconds.
  public var timeInterval: TimeInterval {
    let (s, atto) = components
    return TimeInterval(s) + TimeInterval(atto) / 1e18
  }
}
