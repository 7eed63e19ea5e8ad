import AliCloudCore

/// Counters of the API client for `daemon.status`: calls, retries, errors, latency.
public final class ClientMetrics: Sendable {
  private struct State {
    var calls = 0
    var attempts = 0
    var retries = 0
    var errors = 0
    var errorCodes: [String: Int] = [:]
    var latenciesMs: [Double] = []
    var next = 0
  }

  private static let window = 1024
  private let state = Locked(State())

  public init() {}

  func recordAttempt() { state.withLock { $0.attempts += 1 } }
  func recordRetry() { state.withLock { $0.retries += 1 } }

  func recordCall(latencyMs: Double, error: AliCloudError?) {
    state.withLock { s in
      s.calls += 1
      if let e = error {
        s.errors += 1
        s.errorCodes[e.code, default: 0] += 1
      }
      if s.latenciesMs.count < ClientMetrics.window {
        s.latenciesMs.append(latencyMs)
      } else {
        s.latenciesMs[s.next] = latencyMs
        s.next = (s.next + 1) % ClientMetrics.window
      }
    }
  }

  public var calls: Int { state.withLock { $0.calls } }
  public var retries: Int { state.withLock { $0.retries } }
  public var errors: Int { state.withLock { $0.errors } }

  public var json: JSONValue {
    state.withLock { s in
      let sorted = s.latenciesMs.sorted()
      func pct(_ p: Double) -> JSONValue {
        sorted.isEmpty ? .null : .double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))])
      }
      let mean: JSONValue = sorted.isEmpty ? .null : .double(sorted.reduce(0, +) / Double(sorted.count))
      return [
        "apiCalls": .int(s.calls), "attempts": .int(s.attempts), "retries": .int(s.retries), "errors": .int(s.errors),
        "errorCodes": .object(s.errorCodes.mapValues { .int($0) }),
        "latencyMs": ["samples": .int(sorted.count), "mean": mean, "p50": pct(0.5), "p95": pct(0.95), "max": pct(1)],
      ]
    }
  }
}
