import AliCloudCore
import AliCloudSigning
import Foundation

/// Building RPC requests and reading their answers.
enum RPCRequest {
  /// The action's flat parameters: flattened values, `RegionId` (for actions that take it) and
  /// the idempotency token under the action's own name for it.
  static func parameters(
    product: Product, action: String, params: [String: JSONValue], region: String, clientToken: String?
  ) -> [String: String] {
    var query = ParameterFlattening.flatten(params, product: product, action: action)
    let key = "\(product.code):\(action)"
    if query["RegionId"] == nil && !ActionStyles.withoutRegionId.contains(key) { query["RegionId"] = region }
    if let token = clientToken {
      let name: String? = ActionStyles.tokenParameter[key] ?? "ClientToken"
      if let name, query[name] == nil { query[name] = token }
    }
    return query
  }

  /// A signed POST with every parameter in the query string and an empty body, as the official
  /// SDK sends RPC calls. A fresh date and nonce each time; retries say so in
  /// `x-acs-retry-attempts` / `x-acs-retry-delay`.
  static func build(
    product: Product, action: String, query: [String: String], baseURL: String, credential: Credential,
    signature: OpenAPIClient.SignatureVersion, attempt: Int, lastDelayMs: Int
  ) -> HTTPRequest {
    let host = Endpoints.hostHeader(baseURL: baseURL)
    switch signature {
    case .v3:
      var extra: [String: String] = ["accept": "application/json"]
      if attempt > 1 {
        extra["x-acs-retry-attempts"] = String(attempt - 1)
        extra["x-acs-retry-delay"] = String(lastDelayMs)
      }
      // Encoded and sorted once, for the signature and the URL.
      var q: [UInt8] = []
      PercentEncoding.appendCanonicalQuery(query, to: &q)
      let headers = RequestSigner.signV3(
        method: "POST", host: host, action: action, version: product.apiVersion, canonicalQuery: q, headers: extra,
        credential: credential)
      let url = q.isEmpty ? baseURL + "/" : baseURL + "/?" + String(decoding: q, as: UTF8.self)
      return HTTPRequest(method: "POST", url: url, headers: headers)
    case .v1:
      let all = RequestSigner.signV1(
        method: "POST", action: action, version: product.apiVersion, params: query, credential: credential)
      return HTTPRequest(
        method: "POST", url: baseURL + "/?" + PercentEncoding.canonicalQuery(all),
        headers: ["host": host, "accept": "application/json"])
    }
  }

  /// The decoded body of a success, or the error it carries. A body with a `Code` is an error
  /// whatever the HTTP status.
  static func interpret(_ response: HTTPResponse) -> Result<JSONValue, AliCloudError> {
    let retryAfter = response.headers["x-acs-retry-after"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    let headerRequestId = response.headers["x-acs-request-id"]
    let ok = (200..<300).contains(response.status)
    guard let body = try? JSONValue.parse(bytes: response.body), case .object(let o) = body else {
      if ok {
        return .failure(
          AliCloudError(
            kind: .badResponse, code: "InvalidResponse", message: "the answer is not a JSON object",
            requestId: headerRequestId, httpStatus: response.status))
      }
      return .failure(
        AliCloudError(
          kind: .service, code: "HTTP\(response.status)", message: "HTTP \(response.status) without a JSON error body",
          requestId: headerRequestId, httpStatus: response.status, retryAfterMs: retryAfter))
    }
    let code = (o["Code"] ?? o["code"])?.stringValue ?? (o["Code"] ?? o["code"]).flatMap(ParameterFlattening.scalarText)
    let requestId = (o["RequestId"] ?? o["requestId"])?.stringValue ?? headerRequestId
    if ok && (code ?? "").isEmpty { return .success(body) }
    return .failure(
      AliCloudError(
        kind: .service, code: (code ?? "").isEmpty ? "HTTP\(response.status)" : code!,
        message: (o["Message"] ?? o["message"])?.stringValue ?? "HTTP \(response.status)", requestId: requestId,
        hostId: o["HostId"]?.stringValue, httpStatus: response.status, retryAfterMs: retryAfter))
  }
}
