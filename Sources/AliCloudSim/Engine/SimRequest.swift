import AliCloudHTTP
import AliCloudSigning
import Foundation

/// An OpenAPI request as the simulator understood it.
public struct SimRequest: Sendable {
  public enum Signing: String, Sendable, Codable {
    /// HMAC-SHA1 with a `Signature` parameter (`SignatureVersion=1.0`).
    case v1
    /// `ACS3-HMAC-SHA256` in the Authorization header.
    case v3
  }

  public var signing: Signing
  public var action: String
  public var version: String
  /// The action's own parameters (query and form body), without the V1 protocol parameters.
  public var params: [String: String]
  /// Every parameter as received (V1 signs all of them).
  public var allParams: [String: String]
  public var query: [String: String]
  public var accessKeyId: String
  public var host: String
  public var connectionID: Int

  /// V1 protocol parameters: signed, but not parameters of the action.
  static let v1ProtocolParams: Set<String> = [
    "Action", "Version", "Format", "AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce",
    "Timestamp", "Signature", "SignatureType", "SecurityToken",
  ]

  /// Reads action, version and parameters from an HTTP request, in either signing style.
  static func decode(_ http: HTTPRequest) throws(SimError) -> SimRequest {
    guard let query = PercentEncoding.parseQuery(http.query) else {
      throw SimError("InvalidParameter", "The query string is not correctly percent-encoded.")
    }
    var body: [String: String] = [:]
    let contentType = (http.headers["content-type"] ?? "").lowercased()
    if !http.body.isEmpty && contentType.hasPrefix("application/x-www-form-urlencoded") {
      guard let parsed = PercentEncoding.parseQuery(String(decoding: http.body, as: UTF8.self)) else {
        throw SimError("InvalidParameter", "The form body is not correctly percent-encoded.")
      }
      body = parsed
    }
    var all = query
    for (k, v) in body { all[k] = v }
    let host = http.headers["host"] ?? ""
    let auth = http.headers["authorization"] ?? ""
    // V1 carries a `Signature` parameter (its SDK may send x-acs-* headers too); V3 signs in a header.
    let isV1 = all["Signature"] != nil && !auth.hasPrefix("ACS3-")
    if !isV1 && (auth.hasPrefix("ACS3-") || http.headers["x-acs-action"] != nil) {
      guard let action = http.headers["x-acs-action"], !action.isEmpty else {
        throw SimError.missingParameter("Action")
      }
      guard let version = http.headers["x-acs-version"], !version.isEmpty else {
        throw SimError.missingParameter("Version")
      }
      let key = SignatureV3.parseAuthorization(auth)?.accessKeyId ?? http.headers["x-acs-accesskey-id"] ?? ""
      return SimRequest(
        signing: .v3, action: action, version: version, params: all, allParams: all, query: query,
        accessKeyId: key, host: host, connectionID: http.connectionID)
    }
    guard let action = all["Action"], !action.isEmpty else { throw SimError.missingParameter("Action") }
    guard let version = all["Version"], !version.isEmpty else { throw SimError.missingParameter("Version") }
    var params = all
    for p in v1ProtocolParams { params.removeValue(forKey: p) }
    return SimRequest(
      signing: .v1, action: action, version: version, params: params, allParams: all, query: query,
      accessKeyId: all["AccessKeyId"] ?? "", host: host, connectionID: http.connectionID)
  }
}
