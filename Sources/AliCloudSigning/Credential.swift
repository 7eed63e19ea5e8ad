/// An AliCloud access key, optionally with an STS security token. Its description never shows
/// the secret or the token.
public struct Credential: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
  public var accessKeyId: String
  public var accessKeySecret: String
  public var securityToken: String?

  public init(accessKeyId: String, accessKeySecret: String, securityToken: String? = nil) {
    self.accessKeyId = accessKeyId
    self.accessKeySecret = accessKeySecret
    self.securityToken = (securityToken?.isEmpty ?? true) ? nil : securityToken
  }

  public var description: String {
    "Credential(accessKeyId: \(accessKeyId), secret: ***\(securityToken == nil ? "" : ", securityToken: ***"))"
  }

  public var debugDescription: String { description }
}
