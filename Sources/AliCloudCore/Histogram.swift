/// Counts of observed values (seconds) in buckets with fixed upper bounds, plus their sum: a
/// Prometheus histogram's state.
public struct Histogram: Sendable, Equatable {
  /// Upper bounds, ascending; a last `+Inf` bucket is implied.
  public let bounds: [Double]
  /// Observations per bucket (not cumulative); one more than `bounds`, the last for `+Inf`.
  public private(set) var counts: [Int]
  public private(set) var sum: Double = 0
  public private(set) var count: Int = 0

  /// Bounds for call and request durations: 5 ms to 5 minutes.
  public static let durationBounds: [Double] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
  ]

  public init(bounds: [Double] = Histogram.durationBounds) {
    self.bounds = bounds
    counts = Array(repeating: 0, count: bounds.count + 1)
  }

  public mutating func observe(_ value: Double) {
    let i = bounds.firstIndex { value <= $0 } ?? bounds.count
    counts[i] += 1
    sum += value
    count += 1
  }

  /// `(upper bound, observations at or below it)`, the last bound `+Inf`.
  public var cumulative: [(bound: Double, count: Int)] {
    var total = 0
    return counts.enumerated().map { i, n in
      total += n
      return (i < bounds.count ? bounds[i] : .infinity, total)
    }
  }
}
