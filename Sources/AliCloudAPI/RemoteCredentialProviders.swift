import AliCloudCore
import AliCloudSigning
import Foundation

/// RamRoleArn: STS `AssumeRole` signed with the credential of a source (an access key, a
/// profile, another role).
public struct AssumeRoleProvider: CredentialProvider {
  public let base: CachedCredential
  public let role: STSClient.RoleRequest
  public let sts: STSClient
  public let source: String

  public init(base: CachedCredential, role: STSClient.RoleRequest, sts: STSClient, source: String) {
    self.base = base
    self.role = role
    self.sts = sts
    self.source = source
  }

  public func fetch() async throws(AliCloudError) -> SourcedCredential {
    let from = try await base.get()
    let (c, exp) = try await sts.assumeRole(role, with: from)
    return SourcedCredential(c, source: source, expiration: exp)
  }
}

/// OIDC / RRSA: STS `AssumeRoleWithOIDC` with the token read from `tokenFile` at each fetch (the
/// platform rotates it).
public struct OIDCRoleProvider: CredentialProvider {
  public let role: STSClient.RoleRequest
  public let providerArn: String
  public let tokenFile: String
  public let sts: STSClient
  public let source: String

  public init(role: STSClient.RoleRequest, providerArn: String, tokenFile: String, sts: STSClient, source: String) {
    self.role = role
    self.providerArn = providerArn
    self.tokenFile = tokenFile
    self.sts = sts
    self.source = source
  }

  public func fetch() async throws(AliCloudError) -> SourcedCredential {
    guard let data = FileManager.default.contents(atPath: tokenFile) else {
      throw .invalid("the OIDC token file \(tokenFile) cannot be read")
    }
    let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard !token.isEmpty else { throw .invalid("the OIDC token file \(tokenFile) is empty") }
    let (c, exp) = try await sts.assumeRoleWithOIDC(role, providerArn: providerArn, token: token)
    return SourcedCredential(c, source: source, expiration: exp)
  }
}

/// EcsRamRole: the instance metadata server's credentials for the role attached to this ECS
/// instance, in the hardened mode: `PUT /latest/api/token` first, then every read with
/// `X-aliyun-ecs-metadata-token`. Without a token (an old metadata server) the reads go without
/// one unless `requireToken`.
public struct EcsRamRoleProvider: CredentialProvider {
  public static let defaultEndpoint = "http://100.100.100.200"
  public let endpoint: String
  /// Nil: asked from the metadata server.
  public let roleName: String?
  public let requireToken: Bool
  public let transport: any HTTPTransport
  public let source: String
  public let tokenTTLSeconds = 21_600

  public init(
    endpoint: String = EcsRamRoleProvider.defaultEndpoint, roleName: String?, requireToken: Bool,
    transport: any HTTPTransport, source: String
  ) {
    self.endpoint = STSClient.normalized(endpoint.contains("://") ? endpoint : "http://" + endpoint)
    self.roleName = roleName.flatMap { $0.isEmpty ? nil : $0 }
    self.requireToken = requireToken
    self.transport = transport
    self.source = source
  }

  public func fetch() async throws(AliCloudError) -> SourcedCredential {
    var headers: [String: String] = [:]
    do throws(AliCloudError) {
      let r = try await transport.send(
        HTTPRequest(
          method: "PUT", url: endpoint + "/latest/api/token",
          headers: ["x-aliyun-ecs-metadata-token-ttl-seconds": String(tokenTTLSeconds)]))
      guard r.status == 200, !r.body.isEmpty else {
        throw AliCloudError(
          kind: .service, code: "MetadataTokenRefused",
          message: "the metadata server refused a token (HTTP \(r.status))",
          httpStatus: r.status)
      }
      headers["x-aliyun-ecs-metadata-token"] = String(decoding: r.body, as: UTF8.self)
    } catch {
      if requireToken { throw error }
    }
    let base = endpoint + "/latest/meta-data/ram/security-credentials/"
    var role = roleName
    if role == nil {
      let text = try await get(base, headers)
      role = text.split(whereSeparator: \.isNewline).first.map(String.init)
      guard role != nil else { throw .invalid("the metadata server names no RAM role for this instance") }
    }
    let body = try await get(base + role!, headers)
    guard let json = try? JSONValue.parse(Data(body.utf8)) else {
      throw AliCloudError(kind: .badResponse, code: "InvalidResponse", message: "the metadata credentials are not JSON")
    }
    if let code = json["Code"]?.stringValue, code != "Success" {
      throw AliCloudError(kind: .service, code: code, message: "the metadata server did not give credentials")
    }
    let (c, exp) = try STSClient.credentials(in: json, action: "metadata")
    return SourcedCredential(c, source: source + " role \(role!)", expiration: exp)
  }

  private func get(_ url: String, _ headers: [String: String]) async throws(AliCloudError) -> String {
    let r = try await transport.send(HTTPRequest(method: "GET", url: url, headers: headers))
    guard r.status == 200 else {
      throw AliCloudError(
        kind: .service, code: r.status == 404 ? "MetadataNotFound" : "MetadataError",
        message: "the metadata server answered HTTP \(r.status) for \(url)", httpStatus: r.status)
    }
    return String(decoding: r.body, as: UTF8.self)
  }
}

/// A credentials URI (`ALIBABA_CLOUD_CREDENTIALS_URI`, profile mode CredentialsURI): a GET
/// answering `{"Code": "Success", "AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}`.
public struct CredentialsURIProvider: CredentialProvider {
  public let uri: String
  public let transport: any HTTPTransport
  public let source: String

  public init(uri: String, transport: any HTTPTransport, source: String) {
    self.uri = uri
    self.transport = transport
    self.source = source
  }

  public func fetch() async throws(AliCloudError) -> SourcedCredential {
    let shown = HTTPRequest(method: "GET", url: uri).urlWithoutQuery
    let r = try await transport.send(HTTPRequest(method: "GET", url: uri, headers: ["accept": "application/json"]))
    guard r.status == 200, let json = try? JSONValue.parse(Data(r.body)) else {
      throw AliCloudError(
        kind: .service, code: "CredentialsURIError",
        message: "the credentials URI \(shown) answered HTTP \(r.status) without credentials", httpStatus: r.status)
    }
    if let code = json["Code"]?.stringValue, code != "Success" {
      throw AliCloudError(kind: .service, code: code, message: "the credentials URI \(shown) refused")
    }
    let (c, exp) = try STSClient.credentials(in: json, action: "credentials URI")
    return SourcedCredential(c, source: source, expiration: exp)
  }
}
