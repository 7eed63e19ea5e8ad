import AliCloudCore

/// An AliCloud error answer: code, message and HTTP status, as the real service sends them.
public struct SimError: Error, Sendable, Equatable, CustomStringConvertible {
  public var code: String
  public var message: String
  public var httpStatus: Int
  /// Milliseconds for an `x-acs-retry-after` header (throttling).
  public var retryAfterMillis: Int?

  public init(_ code: String, _ message: String, status: Int = 400, retryAfterMillis: Int? = nil) {
    self.code = code
    self.message = message
    self.httpStatus = status
    self.retryAfterMillis = retryAfterMillis
  }

  public var description: String { "\(httpStatus) \(code): \(message)" }

  /// The JSON error body: `{"RequestId","HostId","Code","Message","Recommend"}`.
  public func body(requestId: String, hostId: String, product: String) -> JSONValue {
    let recommend =
      "https://api.alibabacloud.com/troubleshoot?intl_lang=EN_US&q=\(code)&product=\(product)&requestId=\(requestId)"
    return [
      "RequestId": .string(requestId), "HostId": .string(hostId), "Code": .string(code), "Message": .string(message),
      "Recommend": .string(recommend),
    ]
  }
}

extension SimError {
  // Protocol and authentication.
  static func missingParameter(_ name: String) -> SimError {
    SimError(
      "Missing\(name)", "The input parameter \"\(name)\" that is mandatory for processing this request is not supplied."
    )
  }
  static func invalidParameter(_ name: String, _ why: String = "") -> SimError {
    SimError(
      "InvalidParameter", "The specified parameter \"\(name)\" is not valid" + (why.isEmpty ? "." : ": \(why)."))
  }
  static func unknownParameter(_ name: String, action: String) -> SimError {
    SimError("InvalidParameter", "The parameter \"\(name)\" is not recognized by the action \(action).")
  }
  static func actionNotFound(_ action: String) -> SimError {
    SimError(
      "InvalidAction.NotFound", "Specified api is not found, please check your url and method. (\(action))", status: 404
    )
  }
  static func invalidVersion(_ version: String) -> SimError {
    SimError("InvalidVersion", "Specified parameter Version is not valid. (\(version))")
  }
  static let missingAccessKeyId = SimError("MissingAccessKeyId", "AccessKeyId is mandatory for this action.")
  static let accessKeyNotFound = SimError(
    "InvalidAccessKeyId.NotFound", "Specified access key is not found.", status: 404)
  static func signatureMismatch(_ stringToSign: String) -> SimError {
    SimError(
      "SignatureDoesNotMatch",
      "Specified signature does not match our calculation. server string to sign is:\(stringToSign)")
  }
  static let nonceUsed = SimError("SignatureNonceUsed", "Specified signature nonce was used already.")
  static let timestampExpired = SimError(
    "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
  static let timestampFormat = SimError(
    "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
  static let incompleteSignature = SimError(
    "IncompleteSignature", "The request signature does not conform to Alibaba Cloud standards.")
  static let unsupportedSignatureMethod = SimError(
    "InvalidSignatureMethod", "Specified signature method is not supported.")
  static let securityTokenMismatch = SimError(
    "InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.")
  static let securityTokenExpired = SimError("InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
  static let securityTokenMissing = SimError(
    "InvalidSecurityToken.Malformed", "Specified SecurityToken is malformed or missing.")

  // Service faults.
  static func throttled(retryAfterMillis: Int?) -> SimError {
    SimError(
      "Throttling.User", "Request was denied due to user flow control.", status: 400, retryAfterMillis: retryAfterMillis
    )
  }
  static let serviceUnavailable = SimError(
    "ServiceUnavailable", "The request has failed due to a temporary failure of the server.", status: 503)
  static let internalError = SimError(
    "InternalError", "The request processing has failed due to some unknown error, exception or failure.", status: 500)

  // Idempotency.
  static let idempotentMismatch = SimError(
    "IdempotentParameterMismatch", "The request uses the same client token as a previous, but non-identical request.")

  // Resources.
  static func notFound(_ code: String, _ what: String, status: Int = 404) -> SimError {
    SimError(code, "The specified \(what) does not exist.", status: status)
  }
  static func incorrectStatus(_ code: String, _ what: String) -> SimError {
    SimError(code, "The current status of the \(what) does not support this operation.")
  }
  static func dependency(_ code: String, _ message: String) -> SimError { SimError(code, message) }
}
