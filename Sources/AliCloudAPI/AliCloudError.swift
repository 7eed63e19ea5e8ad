import AliCloudCore

/// A failed AliCloud call: either the service answered with an error (`Code`, `Message`,
/// `RequestId`, `HostId`, HTTP status) or the request never got an answer (transport).
/// Messages never contain secrets.
public struct AliCloudError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: String, Sendable, Equatable {
    /// The service answered with an error body.
    case service
    /// The connection was refused, reset or could not be made.
    case connection
    /// No answer in time.
    case timeout
    /// The answer could not be understood (not JSON, no body).
    case badResponse
    /// Bad input detected before sending (unknown product, bad region, missing credential).
    case invalidRequest
    /// The waiter gave up or saw a failure state.
    case waitFailed
    /// The caller cancelled.
    case cancelled
  }

  public var kind: Kind
  public var code: String
  public var message: String
  public var requestId: String?
  public var hostId: String?
  public var httpStatus: Int?
  /// Set by the retry policy: whether another attempt could have succeeded.
  public var retryable: Bool
  /// Milliseconds the service asked us to wait (`x-acs-retry-after`).
  public var retryAfterMs: Int?
  /// The product and action, for messages.
  public var action: String?
  /// Set by the client: an attempt may have been carried out although no answer said so (a lost
  /// answer, a timeout), so what the call asked for may be done, or under way.
  public var mayHaveApplied = false
  /// Set by the client: attempts made and milliseconds spent before the call gave up.
  public var attempts: Int? = nil
  public var elapsedMs: Int? = nil

  /// Whether no answer came (a local transport error: TLS, DNS, connection, proxy, timeout)
  /// rather than an error from AliCloud.
  public var isTransport: Bool { kind == .connection || kind == .timeout }

  /// `cloud` (AliCloud answered with an error), `transport` (no answer: a local transport
  /// error) or `local` (refused before sending, a waiter, a cancel).
  public var origin: String {
    switch kind {
    case .service, .badResponse: return "cloud"
    case .connection, .timeout: return "transport"
    case .invalidRequest, .waitFailed, .cancelled: return "local"
    }
  }

  public init(
    kind: Kind, code: String, message: String, requestId: String? = nil, hostId: String? = nil,
    httpStatus: Int? = nil, retryable: Bool = false, retryAfterMs: Int? = nil, action: String? = nil
  ) {
    self.kind = kind
    self.code = code
    self.message = message
    self.requestId = requestId
    self.hostId = hostId
    self.httpStatus = httpStatus
    self.retryable = retryable
    self.retryAfterMs = retryAfterMs
    self.action = action
  }

  public var description: String {
    var s = action.map { "\($0): " } ?? ""
    s += code.isEmpty ? message : "\(code): \(message)"
    if let r = requestId { s += " (RequestId \(r))" }
    if let h = httpStatus, kind == .service { s += " [HTTP \(h)]" }
    return s
  }

  /// Whether the code says the resource does not exist.
  public var isNotFound: Bool {
    kind == .service && (code.contains("NotFound") || code.contains("NotExist") || code == "Forbidden.InstanceNotFound")
  }

  public static func transport(_ kind: Kind, _ message: String) -> AliCloudError {
    AliCloudError(kind: kind, code: kind == .timeout ? "Timeout" : "ConnectionError", message: message)
  }

  public static func invalid(_ message: String) -> AliCloudError {
    AliCloudError(kind: .invalidRequest, code: "InvalidParameter", message: message)
  }

  /// As a JSON object for RPC error data.
  public var json: JSONValue {
    var o: [String: JSONValue] = ["kind": .string(kind.rawValue), "code": .string(code), "message": .string(message)]
    if let r = requestId { o["requestId"] = .string(r) }
    if let h = hostId { o["hostId"] = .string(h) }
    if let s = httpStatus { o["httpStatus"] = .int(s) }
    o["retryable"] = .bool(retryable)
    o["origin"] = .string(origin)
    if let a = attempts { o["attempts"] = .int(a) }
    return .object(o)
  }
}
