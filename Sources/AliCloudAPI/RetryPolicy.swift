import Foundation

/// The client's one retry policy. Retries throttling (`Throttling*`, `Rejected.Throttling`),
/// `ServiceUnavailable`, `SystemBusy`, any 5xx, connection failures and timeouts, plus codes a
/// caller names for one operation (e.g. `OperationConflict`, `DependencyViolation` for deletes).
/// Waits honour `x-acs-retry-after` (milliseconds, capped); otherwise capped exponential backoff
/// with equal jitter: half the step fixed, half random.
///
/// The default of 12 attempts is sized for a cloud that throttles 30% of requests and answers 5%
/// ServiceUnavailable: a call then fails for good with a chance of 0.35^12 (3 in a million), so a
/// whole life cycle of a few hundred calls ends without a failure; with 5 attempts one call in
/// 200 failed. The backoff (200 ms doubling up to 10 s) spreads the 11 retries over about 45 s.
public struct RetryPolicy: Sendable, Equatable {
  /// Attempts in total, the first included.
  public var maxAttempts: Int
  /// The first backoff step.
  public var baseDelayMs: Int
  /// No single wait is longer than this.
  public var maxDelayMs: Int
  /// A server-requested wait (`x-acs-retry-after`) is capped at this.
  public var maxRetryAfterMs: Int

  public init(maxAttempts: Int = 12, baseDelayMs: Int = 200, maxDelayMs: Int = 10_000, maxRetryAfterMs: Int = 20_000) {
    self.maxAttempts = max(1, maxAttempts)
    self.baseDelayMs = max(0, baseDelayMs)
    self.maxDelayMs = max(0, maxDelayMs)
    self.maxRetryAfterMs = max(0, maxRetryAfterMs)
  }

  /// Codes retried for every call. Our nonces are random, so `SignatureNonceUsed` means the
  /// transport resent a request after its connection died (libcurl does so once on a reused
  /// connection); a new attempt is signed with a new nonce and keeps its ClientToken.
  public static let retryableCodes: Set<String> = [
    "ServiceUnavailable", "SystemBusy", "Rejected.Throttling", "SignatureNonceUsed",
  ]

  /// Whether `code` equals one of `codes` or extends one with a dotted suffix
  /// (`DependencyViolation` matches `DependencyViolation.VSwitch`).
  public static func matches(_ code: String, _ codes: Set<String>) -> Bool {
    if codes.contains(code) { return true }
    var prefix = Substring(code)
    while let dot = prefix.lastIndex(of: ".") {
      prefix = prefix[..<dot]
      if codes.contains(String(prefix)) { return true }
    }
    return false
  }

  /// Whether `code` is a throttling code: it contains `Throttling` (`Throttling`,
  /// `Throttling.User`, `Throttling.Api`, `Rejected.Throttling`, ...).
  public static func isThrottlingCode(_ code: String) -> Bool { code.contains("Throttling") }

  /// Whether the service asked for less load: a throttling code, `ServiceUnavailable`, or an
  /// answer naming flow control. The concurrency limiter halves its bound on these.
  public static func asksToSlowDown(_ error: AliCloudError) -> Bool {
    guard error.kind == .service else { return false }
    return isThrottlingCode(error.code) || error.code == "ServiceUnavailable" || error.code.contains("FlowControl")
      || error.message.range(of: "flow control", options: .caseInsensitive) != nil
  }

  /// Whether `error` answers a resend of a request the service has already seen. Every attempt
  /// of ours is signed with a fresh random nonce, so `SignatureNonceUsed` can only come from the
  /// transport replaying an attempt on a new connection after the first one died without an
  /// answer: the attempt reached the service, and the next, freshly signed attempt is not a new
  /// try of ours but the end of that one.
  public static func isReplayAnswer(_ error: AliCloudError) -> Bool {
    error.kind == .service && error.code == "SignatureNonceUsed"
  }

  /// Whether the request behind `error` may have been carried out without our seeing its answer:
  /// the connection died or timed out, or the service saw a replay of it.
  public static func mayHaveApplied(_ error: AliCloudError) -> Bool {
    switch error.kind {
    case .timeout: return true
    case .connection: return !["TLSError", "DNSError", "ConnectionRefused", "ProxyError"].contains(error.code)
    case .badResponse: return true
    case .service: return isReplayAnswer(error)
    case .invalidRequest, .waitFailed, .cancelled: return false
    }
  }

  /// Whether another attempt could succeed.
  public func isRetryable(_ error: AliCloudError, extraCodes: Set<String> = []) -> Bool {
    switch error.kind {
    case .timeout: return true
    case .connection: return error.code != "TLSError" && error.code != "DNSError"
    case .service:
      if RetryPolicy.isThrottlingCode(error.code) || RetryPolicy.matches(error.code, RetryPolicy.retryableCodes) {
        return true
      }
      if let s = error.httpStatus, s >= 500 { return true }
      return RetryPolicy.matches(error.code, extraCodes)
    case .badResponse: return (error.httpStatus ?? 0) >= 500
    case .invalidRequest, .waitFailed, .cancelled: return false
    }
  }

  /// The wait before retry number `retry` (1 for the first retry).
  public func delayMs<G: RandomNumberGenerator>(retry: Int, error: AliCloudError, using g: inout G) -> Int {
    if let after = error.retryAfterMs, after > 0 { return min(after, maxRetryAfterMs) }
    let shift = min(max(retry - 1, 0), 30)
    let step = min(
      maxDelayMs, baseDelayMs.multipliedReportingOverflow(by: 1 << shift).overflow ? maxDelayMs : baseDelayMs << shift)
    guard step > 1 else { return step }
    let half = step / 2
    return half + Int.random(in: 0...(step - half), using: &g)
  }

  public func delayMs(retry: Int, error: AliCloudError) -> Int {
    var g = SystemRandomNumberGenerator()
    return delayMs(retry: retry, error: error, using: &g)
  }
}
