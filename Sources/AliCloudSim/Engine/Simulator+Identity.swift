import AliCloudCore
import AliCloudHTTP
import Foundation

/// STS (`AssumeRole`, `AssumeRoleWithOIDC`), the ECS instance metadata server's RAM-role
/// credentials (token mode: `PUT /latest/api/token`, then reads with
/// `X-aliyun-ecs-metadata-token`) and a credentials URI (`GET /credentials`). The credentials
/// given out are accepted by the simulator until they expire. Called under the lock.
extension Simulator {
  static let stsVersion = "2015-04-01"
  public static let credentialsURIPath = "/credentials"

  func sts(_ r: SimRequest, _ http: HTTPRequest, requestId: String) -> HTTPResponse {
    var request = r
    do throws(SimError) {
      let members: [String: JSONValue]
      switch r.action {
      case "AssumeRole":
        let caller = try auth.verify(r, http: http, now: config.clock.now)
        request.accessKeyId = caller.accessKeyId
        members = try assumeRole(r.params, trusted: { $0.trustedKeys.contains(caller.accessKeyId) })
      case "AssumeRoleWithOIDC":
        let p = r.params
        guard let provider = p["OIDCProviderArn"], !provider.isEmpty else {
          throw SimError.missingParameter("OIDCProviderArn")
        }
        guard let token = p["OIDCToken"], !token.isEmpty else { throw SimError.missingParameter("OIDCToken") }
        guard let accepted = config.identity.oidcProviders[provider] else {
          throw SimError("EntityNotExist.OIDCProvider", "The specified OIDC provider does not exist.", status: 404)
        }
        guard token == accepted else {
          throw SimError("AuthenticationFail.OIDCToken.Invalid", "The OIDC token is invalid or expired.", status: 400)
        }
        members = try assumeRole(p, trusted: { $0.trustedKeys.contains(provider) })
      default:
        throw SimError.actionNotFound(r.action)
      }
      record(request, product: "Sts", status: 200, code: nil, fault: nil)
      var out = members
      out["RequestId"] = .string(requestId)
      return .json(200, .object(out))
    } catch {
      record(request, product: "Sts", status: error.httpStatus, code: error.code, fault: nil)
      return errorResponse(error, requestId: requestId, host: r.host, product: "Sts")
    }
  }

  /// Checks the role request and gives out a credential for it.
  private func assumeRole(_ p: [String: String], trusted: (SimRole) -> Bool) throws(SimError) -> [String: JSONValue] {
    guard let arn = p["RoleArn"], !arn.isEmpty else { throw SimError.missingParameter("RoleArn") }
    guard let session = p["RoleSessionName"], !session.isEmpty else {
      throw SimError.missingParameter("RoleSessionName")
    }
    let sessionOK =
      (2...64).contains(session.count)
      && session.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.@=,".contains($0)) }
    guard sessionOK else {
      throw SimError("InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed.")
    }
    guard let role = config.identity.roles.first(where: { $0.arn == arn }) else {
      throw SimError("EntityNotExist.Role", "The role not exists: \(arn).", status: 404)
    }
    let duration = p["DurationSeconds"].flatMap { Int($0) } ?? 3600
    guard duration >= config.identity.minSessionSeconds, duration <= role.maxSessionSeconds else {
      throw SimError(
        "InvalidParameter.DurationSeconds",
        "The Min/Max value of DurationSeconds is \(config.identity.minSessionSeconds)s/\(role.maxSessionSeconds)s.")
    }
    let noPermission = SimError(
      "NoPermission", "You are not authorized to do this action. You should be authorized by RAM.", status: 403)
    guard role.trustedKeys.isEmpty || trusted(role) else { throw noPermission }
    if let wanted = role.externalId, p["ExternalId"] != wanted { throw noPermission }
    let (credentials, _) = issue(seconds: duration)
    let roleName = arn.split(separator: "/").last.map(String.init) ?? arn
    return [
      "AssumedRoleUser": [
        "Arn": .string("acs:ram::\(config.accountId):role/\(roleName)/\(session)"),
        "AssumedRoleId": .string("3" + Self.randomText(16) + ":" + session),
      ],
      "Credentials": .object(credentials),
    ]
  }

  /// A fresh temporary credential valid for `seconds`, in AliCloud's answer shape.
  private func issue(seconds: Int) -> ([String: JSONValue], Date) {
    let now = config.clock.now
    let expiration = now.addingTimeInterval(TimeInterval(seconds))
    let c = SimCredential(
      accessKeyId: "STS.NT" + Self.randomText(20), accessKeySecret: Self.randomText(40),
      securityToken: "CAIS" + Self.randomText(60))
    auth.issue(c, until: expiration, now: now)
    counters.byAction["IssueCredential", default: 0] += 1
    return (
      [
        "AccessKeyId": .string(c.accessKeyId), "AccessKeySecret": .string(c.accessKeySecret),
        "SecurityToken": .string(c.securityToken!), "Expiration": .string(SimTime.format(expiration)),
      ], expiration
    )
  }

  private static func randomText(_ n: Int) -> String {
    let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
    return String((0..<n).map { _ in alphabet.randomElement()! })
  }

  /// The instance metadata server's token and RAM-role paths.
  func metadata(_ http: HTTPRequest) -> HTTPResponse {
    let now = config.clock.now
    metadataTokens = metadataTokens.filter { $0.value > now }
    if http.path == "/latest/api/token" {
      guard http.method == "PUT" else { return .text(405, "Method Not Allowed") }
      guard let ttl = http.headers["x-aliyun-ecs-metadata-token-ttl-seconds"].flatMap({ Int($0) }),
        (1...21_600).contains(ttl)
      else { return .text(400, "Bad Request") }
      let token = Self.randomText(48)
      metadataTokens[token] = now.addingTimeInterval(TimeInterval(ttl))
      return .text(200, token)
    }
    guard http.method == "GET" else { return .text(405, "Method Not Allowed") }
    let token = http.headers["x-aliyun-ecs-metadata-token"]
    if let token {
      guard metadataTokens[token] != nil else { return .text(401, "Unauthorized") }
    } else if config.identity.metadataRequiresToken {
      return .text(401, "Unauthorized")
    }
    let base = "/latest/meta-data/ram/security-credentials/"
    guard http.path.hasPrefix(base), let role = config.identity.ecsRole else { return .text(404, "Not Found") }
    let asked = String(http.path.dropFirst(base.count))
    if asked.isEmpty { return .text(200, role) }
    guard asked == role else { return .text(404, "Not Found") }
    var (body, _) = issue(seconds: config.identity.metadataCredentialSeconds)
    body["Code"] = "Success"
    body["LastUpdated"] = .string(SimTime.format(now))
    return .json(200, .object(body))
  }

  /// A credentials URI: a fresh one-hour credential for every GET.
  func credentialsURI(_ http: HTTPRequest) -> HTTPResponse {
    guard http.method == "GET" else { return .text(405, "Method Not Allowed") }
    var (body, _) = issue(seconds: 3600)
    body["Code"] = "Success"
    return .json(200, .object(body))
  }
}
