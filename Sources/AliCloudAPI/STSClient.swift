import AliCloudCore
import AliCloudSigning
import Foundation

/// AliCloud STS (`2015-04-01`): `AssumeRole`, signed like every RPC call, and
/// `AssumeRoleWithOIDC`, which takes no signature (the OIDC token is the proof). Both answer
/// `{"Credentials": {"AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}}`.
public struct STSClient: Sendable {
  public static let version = "2015-04-01"
  public static let defaultEndpoint = "https://sts.aliyuncs.com"

  /// `scheme://host[:port]`.
  public let endpoint: String
  public let transport: any HTTPTransport
  public let retry: RetryPolicy

  public init(endpoint: String = STSClient.defaultEndpoint, transport: any HTTPTransport, retry: RetryPolicy) {
    self.endpoint = STSClient.normalized(endpoint)
    self.transport = transport
    self.retry = retry
  }

  /// `host` or `scheme://host[:port]` as `scheme://host[:port]` (https unless given).
  public static func normalized(_ text: String) -> String {
    var t = text.trimmingCharacters(in: .whitespaces)
    while t.hasSuffix("/") { t.removeLast() }
    return t.contains("://") ? t : "https://" + t
  }

  public struct RoleRequest: Sendable, Hashable {
    public var roleArn: String
    public var sessionName: String
    public var durationSeconds: Int
    public var externalId: String?
    public var policy: String?

    public init(
      roleArn: String, sessionName: String = "alicloudd", durationSeconds: Int = 3600, externalId: String? = nil,
      policy: String? = nil
    ) {
      self.roleArn = roleArn
      self.sessionName = sessionName
      self.durationSeconds = durationSeconds
      self.externalId = externalId
      self.policy = policy
    }

    var params: [String: String] {
      var p = [
        "RoleArn": roleArn, "RoleSessionName": sessionName, "DurationSeconds": String(durationSeconds),
      ]
      if let e = externalId, !e.isEmpty { p["ExternalId"] = e }
      if let pol = policy, !pol.isEmpty { p["Policy"] = pol }
      return p
    }
  }

  /// STS `AssumeRole` signed with `source`.
  public func assumeRole(_ r: RoleRequest, with source: Credential) async throws(AliCloudError) -> (Credential, Date?) {
    let host = Endpoints.hostHeader(baseURL: endpoint)
    let query = r.params
    return try await send("AssumeRole") {
      let headers = RequestSigner.signV3(
        method: "POST", host: host, action: "AssumeRole", version: STSClient.version, query: query,
        headers: ["accept": "application/json"], credential: source)
      return HTTPRequest(method: "POST", url: endpoint + "/?" + PercentEncoding.canonicalQuery(query), headers: headers)
    }
  }

  /// STS `AssumeRoleWithOIDC` with the OIDC token (anonymous: the token is not a signature key).
  public func assumeRoleWithOIDC(_ r: RoleRequest, providerArn: String, token: String) async throws(AliCloudError)
    -> (Credential, Date?)
  {
    let host = Endpoints.hostHeader(baseURL: endpoint)
    var form = r.params
    form["OIDCProviderArn"] = providerArn
    form["OIDCToken"] = token
    return try await send("AssumeRoleWithOIDC") {
      let query = [
        "Action": "AssumeRoleWithOIDC", "Version": STSClient.version, "Format": "JSON",
        "Timestamp": RequestSigner.timestamp(Date()), "SignatureNonce": RequestSigner.makeNonce(),
      ]
      return HTTPRequest(
        method: "POST", url: endpoint + "/?" + PercentEncoding.canonicalQuery(query),
        headers: [
          "host": host, "accept": "application/json", "content-type": "application/x-www-form-urlencoded",
        ], body: Array(PercentEncoding.canonicalQuery(form).utf8))
    }
  }

  /// Sends with retries of transport failures and throttling; reads the credentials.
  private func send(_ action: String, _ build: () -> HTTPRequest) async throws(AliCloudError) -> (Credential, Date?) {
    var attempt = 1
    while true {
      var failure: AliCloudError
      do {
        let response = try await transport.send(build())
        switch RPCRequest.interpret(response) {
        case .success(let body): return try STSClient.credentials(in: body, action: action)
        case .failure(let e): failure = e
        }
      } catch {
        failure = error
      }
      failure.action = "sts:\(action)"
      failure.retryable = retry.isRetryable(failure)
      guard failure.retryable, attempt < retry.maxAttempts else { throw failure }
      let delay = retry.delayMs(retry: attempt, error: failure)
      if delay > 0 { try? await Task.sleep(for: .milliseconds(delay)) }
      attempt += 1
    }
  }

  /// The `Credentials` member of an STS answer (also the shape of metadata and credentials-URI
  /// answers, which carry them at the top level).
  static func credentials(in body: JSONValue, action: String) throws(AliCloudError) -> (Credential, Date?) {
    let c = body["Credentials"] ?? body
    guard let id = c["AccessKeyId"]?.stringValue, !id.isEmpty, let secret = c["AccessKeySecret"]?.stringValue,
      !secret.isEmpty
    else {
      throw AliCloudError(
        kind: .badResponse, code: "InvalidResponse", message: "\(action) answered without AccessKeyId/AccessKeySecret",
        requestId: body["RequestId"]?.stringValue)
    }
    let expiration = c["Expiration"]?.stringValue.flatMap(CachedCredential.parseExpiration)
    return (
      Credential(accessKeyId: id, accessKeySecret: secret, securityToken: c["SecurityToken"]?.stringValue), expiration
    )
  }
}
