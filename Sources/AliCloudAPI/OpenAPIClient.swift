import AliCloudCore
import AliCloudSigning
import Foundation

/// The AliCloud RPC OpenAPI client: builds and signs requests (V3 by default, V1 selectable),
/// sends them through the injected transport, decodes JSON answers, retries by the one
/// `RetryPolicy`, and keeps the per-region cache and metrics.
public final class OpenAPIClient: Sendable {
  public enum SignatureVersion: String, Sendable {
    case v3
    case v1
  }

  public struct Configuration: Sendable {
    public var endpoints: Endpoints
    public var signatureVersion: SignatureVersion
    public var retry: RetryPolicy
    public var cacheIdleTTLms: Int
    /// Requests at once per region, product and action: where the adaptive bound starts, and its ceiling.
    public var concurrency: ConcurrencyLimiter.Settings

    public init(
      endpoints: Endpoints = Endpoints(), signatureVersion: SignatureVersion = .v3, retry: RetryPolicy = RetryPolicy(),
      cacheIdleTTLms: Int = 30 * 60 * 1000, concurrency: ConcurrencyLimiter.Settings = .init()
    ) {
      self.endpoints = endpoints
      self.signatureVersion = signatureVersion
      self.retry = retry
      self.cacheIdleTTLms = cacheIdleTTLms
      self.concurrency = concurrency
    }
  }

  public let configuration: Configuration
  public let transport: any HTTPTransport
  public let cache: RegionCache
  public let metrics = ClientMetrics()
  /// Every attempt holds a place here while it is in flight, and its answer adapts the bound.
  public let limiter: ConcurrencyLimiter
  let logger: Logger

  public init(
    configuration: Configuration = Configuration(), transport: (any HTTPTransport)? = nil, logger: Logger = .silent
  ) {
    let t = transport ?? CurlTransport()
    self.configuration = configuration
    self.transport = t
    self.logger = logger
    self.limiter = ConcurrencyLimiter(configuration.concurrency)
    self.cache = RegionCache(endpoints: configuration.endpoints, idleTTLms: configuration.cacheIdleTTLms) {
      t.closeIdle(baseURLs: $0)
    }
  }

  /// Calls `action` of `product` in `region`. `clientToken`, when given, is sent under the
  /// action's token parameter (`ClientToken`, or `Token` for R-kvstore `CreateInstance`) and is
  /// the same on every retry. `extraRetryable` adds codes retried for this call only (a code
  /// also matches its dotted extensions). `tokenRetryWindowMs`, for a call with a ClientToken:
  /// once an attempt may have been applied without our seeing the answer (a lost response, a
  /// timeout), retryable failures are retried with the same token for this long from the first
  /// attempt rather than only `maxAttempts` times, so the call ends with the resource whenever
  /// it exists. `repeatsSafely: false`, for a call without a token that must not be carried out
  /// twice (a create AliCloud gives no token): once an attempt may have been carried out, no
  /// other is sent, and the caller looks. Throws `AliCloudError` (with `mayHaveApplied` when
  /// the outcome stayed unknown); never returns a body that carries a `Code`. `onRetry` is told
  /// of each retry (`vpc:CreateVpc attempt 1 failed: Timeout; retrying in 200 ms`).
  public func call(
    product: Product, action: String, params: [String: JSONValue] = [:], region: String, credential: Credential,
    clientToken: String? = nil, extraRetryable: Set<String> = [], tokenRetryWindowMs: Int = 0,
    repeatsSafely: Bool = true, onRetry: (@Sendable (String) -> Void)? = nil
  ) async throws(AliCloudError) -> JSONValue {
    let started = ContinuousClock.now
    do {
      let result = try await callWithRetries(
        product: product, action: action, params: params, region: region, credential: credential,
        clientToken: clientToken, extraRetryable: extraRetryable,
        window: clientToken == nil ? 0 : max(0, tokenRetryWindowMs), repeatsSafely: repeatsSafely || clientToken != nil,
        onRetry: onRetry)
      metrics.recordCall(latencyMs: OpenAPIClient.ms(since: started), error: nil)
      return result
    } catch {
      metrics.recordCall(latencyMs: OpenAPIClient.ms(since: started), error: error)
      throw error
    }
  }

  /// Metrics, cache and transport counters for `daemon.status`.
  public func status() -> JSONValue {
    var o = metrics.json.objectValue ?? [:]
    o["cache"] = cache.json
    o["transport"] = .object(transport.statistics().mapValues { .int($0) })
    o["signature"] = .string(configuration.signatureVersion.rawValue)
    o["concurrency"] = limiter.json
    var overrides: [String: JSONValue] = [:]
    if let all = configuration.endpoints.all { overrides["*"] = .string(all) }
    for (p, u) in configuration.endpoints.perProduct { overrides[p.code] = .string(u) }
    o["endpointOverrides"] = .object(overrides)
    return .object(o)
  }

  private func callWithRetries(
    product: Product, action: String, params: [String: JSONValue], region: String, credential: Credential,
    clientToken: String?, extraRetryable: Set<String>, window: Int, repeatsSafely: Bool,
    onRetry: (@Sendable (String) -> Void)?
  ) async throws(AliCloudError) -> JSONValue {
    guard Endpoints.isValidRegion(region) else {
      throw .invalid("'\(region)' is not a region id (lower-case letters, digits and '-')")
    }
    guard !action.isEmpty,
      action.utf8.allSatisfy({
        (0x30...0x39).contains($0) || (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0)
      })
    else {
      throw .invalid("'\(action)' is not an action name")
    }
    guard !credential.accessKeyId.isEmpty, !credential.accessKeySecret.isEmpty else {
      throw .invalid("the credential has an empty access key id or secret")
    }
    let query = RPCRequest.parameters(
      product: product, action: action, params: params, region: region, clientToken: clientToken)
    let baseURL = cache.baseURL(product: product, region: region, credential: credential)
    let policy = configuration.retry
    let started = ContinuousClock.now
    var attempt = 1
    var lastDelayMs = 0
    // Answers to a replay of one of our requests (see `RetryPolicy.isReplayAnswer`), which do
    // not use up an attempt; bounded so a service answering nothing else cannot loop us.
    var replays = 0
    // Whether an attempt may have been applied without our seeing its answer.
    var uncertain = false
    // The lines of a daemon call carry its correlation fields.
    let log = CallScope.current?.logger ?? logger
    while true {
      let permit: ConcurrencyLimiter.Permit
      do {
        permit = try await limiter.acquire(region: region, product: product.code, action: action)
      } catch {
        throw AliCloudError(kind: .cancelled, code: "Cancelled", message: "\(action) was cancelled", action: action)
      }
      let request = RPCRequest.build(
        product: product, action: action, query: query, baseURL: baseURL, credential: credential,
        signature: configuration.signatureVersion, attempt: attempt, lastDelayMs: lastDelayMs)
      let sent = ContinuousClock.now
      var failure: AliCloudError
      do {
        let response = try await transport.send(request)
        switch RPCRequest.interpret(response) {
        case .success(let value):
          limiter.release(permit, .success)
          metrics.recordAttempt(product, action, code: nil, latencyMs: OpenAPIClient.ms(since: sent))
          CallScope.current?.record(requestId: value["RequestId"]?.stringValue)
          return value
        case .failure(let e): failure = e
        }
      } catch {
        failure = error
      }
      // A throttled attempt keeps its place into its backoff (see `ConcurrencyLimiter`).
      let slowDown = RetryPolicy.asksToSlowDown(failure)
      limiter.adapt(permit, slowDown ? .throttled : .other)
      if !slowDown { limiter.release(permit) }
      metrics.recordAttempt(product, action, code: failure.code, latencyMs: OpenAPIClient.ms(since: sent))
      CallScope.current?.record(requestId: failure.requestId)
      failure.action = "\(product.code):\(action)"
      failure.retryable = policy.isRetryable(failure, extraCodes: extraRetryable)
      let replay = RetryPolicy.isReplayAnswer(failure) && replays < policy.maxAttempts
      // Without a ClientToken, a caller's "busy" code after an attempt that may have been carried
      // out is most likely that attempt at work: stop, and let the caller look at the outcome.
      if uncertain && clientToken == nil && !replay && !policy.isRetryable(failure) {
        failure.retryable = false
      }
      uncertain = uncertain || RetryPolicy.mayHaveApplied(failure)
      if uncertain && !repeatsSafely && !replay { failure.retryable = false }
      let delay = replay ? 0 : policy.delayMs(retry: attempt, error: failure)
      let withinWindow = uncertain && OpenAPIClient.ms(since: started) + Double(delay) < Double(window)
      guard failure.retryable, replay || attempt < policy.maxAttempts || withinWindow else {
        failure.mayHaveApplied = uncertain
        failure.attempts = attempt + replays
        failure.elapsedMs = Int(OpenAPIClient.ms(since: started))
        if slowDown { limiter.release(permit) }
        log.debug(
          "cloud call failed",
          ["action": action, "code": failure.code, "requestId": failure.requestId ?? "", "attempts": "\(attempt)"])
        throw failure
      }
      log.debug(
        "retrying cloud call", ["action": action, "code": failure.code, "attempt": "\(attempt)", "delayMs": "\(delay)"])
      metrics.recordRetry(product, action)
      if !replay, let onRetry {
        let origin = failure.isTransport ? " (local transport error)" : ""
        onRetry(
          "\(product.code):\(action) attempt \(attempt) failed: \(failure.code)\(origin); retrying in \(delay) ms")
      }
      // A throttled attempt's place is held for the first step of its backoff at most.
      let held = slowDown ? min(delay, policy.baseDelayMs) : 0
      for (wait, releasing) in [(held, slowDown), (delay - held, false)] {
        do {
          if wait > 0 { try await Task.sleep(for: .milliseconds(wait)) }
        } catch {
          if releasing { limiter.release(permit) }
          throw AliCloudError(kind: .cancelled, code: "Cancelled", message: "\(action) was cancelled", action: action)
        }
        if releasing { limiter.release(permit) }
      }
      lastDelayMs = delay
      if replay {
        replays += 1
      } else {
        attempt += 1
      }
    }
  }

  static func ms(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
  }
}
