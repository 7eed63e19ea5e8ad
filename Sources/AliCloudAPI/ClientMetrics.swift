import AliCloudCore

/// Counters of the API client, for `daemon.status` and `/metrics`: calls (with their retries),
/// and each request sent by product, action and answer code, with latency histograms, retries
/// and throttled answers by product and action.
public final class ClientMetrics: Sendable {
  /// A product and action (`vpc`, `CreateVpc`).
  struct Action: Hashable {
    var product: String
    var action: String
  }

  /// A request's answer: `OK`, or the AliCloud (or transport) error code.
  struct Answer: Hashable {
    var action: Action
    var code: String
  }

  private struct State {
    var calls = 0
    var attempts = 0
    var retries = 0
    var errors = 0
    var errorCodes: [String: Int] = [:]
    var latenciesMs: [Double] = []
    var next = 0
    var requests: [Answer: Int] = [:]
    var requestLatency: [Action: Histogram] = [:]
    var retriesBy: [Action: Int] = [:]
    var throttledBy: [Action: Int] = [:]
  }

  private static let window = 1024
  /// Distinct answer codes counted per action; further codes count as `other`, so that odd
  /// answers cannot grow the counters without bound.
  static let maxCodesPerAction = 32
  private let state = Locked(State())

  public init() {}

  /// One request sent and its answer (`code` nil for a success).
  func recordAttempt(_ product: Product, _ action: String, code: String?, latencyMs: Double) {
    let key = Action(product: product.code, action: action)
    state.withLock { s in
      s.attempts += 1
      var answer = Answer(action: key, code: code.map { String($0.prefix(64)) } ?? "OK")
      if s.requests[answer] == nil
        && s.requests.keys.lazy.filter({ $0.action == key }).count >= ClientMetrics.maxCodesPerAction
      {
        answer.code = "other"
      }
      s.requests[answer, default: 0] += 1
      s.requestLatency[key, default: Histogram()].observe(latencyMs / 1000)
      if let code, RetryPolicy.isThrottlingCode(code) { s.throttledBy[key, default: 0] += 1 }
    }
  }

  func recordRetry(_ product: Product, _ action: String) {
    state.withLock { s in
      s.retries += 1
      s.retriesBy[Action(product: product.code, action: action), default: 0] += 1
    }
  }

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

  /// The `alicloudd_cloud_*` metric families.
  public func write(to out: inout MetricsText) {
    let s = state.withLock { $0 }
    func labels(_ a: Action) -> MetricsText.Labels { [("product", a.product), ("action", a.action)] }
    out.counter(
      "alicloudd_cloud_requests_total",
      "AliCloud API requests sent, by product, action and answer code (OK or the error code).",
      s.requests.map { (labels($0.key.action) + [("code", $0.key.code)], Double($0.value)) })
    out.histogram(
      "alicloudd_cloud_request_duration_seconds", "Latency of AliCloud API requests, by product and action.",
      s.requestLatency.map { (labels($0.key), $0.value) })
    out.counter(
      "alicloudd_cloud_retries_total",
      "AliCloud API requests sent again after a retryable failure, by product and action.",
      s.retriesBy.map { (labels($0.key), Double($0.value)) })
    out.counter(
      "alicloudd_cloud_throttled_total",
      "AliCloud API requests answered with a throttling code, by product and action.",
      s.throttledBy.map { (labels($0.key), Double($0.value)) })
    out.counter(
      "alicloudd_cloud_calls_total", "AliCloud API calls (each with its retries) made by operations.", Double(s.calls))
    out.counter(
      "alicloudd_cloud_call_errors_total", "AliCloud API calls that failed after their retries.", Double(s.errors))
  }
}
