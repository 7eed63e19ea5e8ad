import AliCloudCore
import AliCloudSigning
import Foundation

/// Where credentials come from: the plugin's `identityParams`, else the daemon's defaults
/// (environment, then the current profile of `~/.aliyun/config.json`, as the official CLI does).
/// Error messages never contain secrets.
public enum Credentials {
  /// Parses `accessKeyId=...;secret=...[;securityToken=...]`. Returns nil for empty text (the
  /// defaults apply); throws naming what is missing.
  public static func parseIdentityParams(_ text: String) throws(AliCloudError) -> Credential? {
    if text.trimmedOfWhiteSpace().isEmpty { return nil }
    return try keys(KeyValueParams.parse(text))
  }

  /// The access keys of parsed `identityParams`; throws naming what is missing.
  static func keys(_ map: [String: String]) throws(AliCloudError) -> Credential {
    let id = KeyValueParams.first(map, ["accesskeyid", "accesskey", "access_key_id"])
    let secret = KeyValueParams.first(map, ["secret", "accesskeysecret", "secretkey", "access_key_secret"])
    let missing = [id == nil ? "accessKeyId" : nil, secret == nil ? "secret" : nil].compactMap { $0 }
    guard let id, let secret else {
      throw .invalid(
        "identityParams is missing \(missing.joined(separator: " and ")) "
          + "(expected 'accessKeyId=<id>;secret=<secret>[;securityToken=<token>]')")
    }
    return Credential(
      accessKeyId: id, accessKeySecret: secret,
      securityToken: KeyValueParams.first(map, ["securitytoken", "ststoken", "token"]))
  }

  /// What an input's `identityParams` asks for: access keys, a profile of `config.json`
  /// (`profile=prod`), a role to assume (`roleArn=acs:ram::...:role/name[;roleSessionName=...]
  /// [;externalId=...][;durationSeconds=...]`) from the keys, the profile or else the daemon's
  /// default credential; all empty: the default credential.
  public struct Identity: Sendable, Hashable {
    public var keys: Credential?
    public var profile: String?
    public var role: STSClient.RoleRequest?

    public init(keys: Credential? = nil, profile: String? = nil, role: STSClient.RoleRequest? = nil) {
      self.keys = keys
      self.profile = profile
      self.role = role
    }

    public var isEmpty: Bool { keys == nil && profile == nil && role == nil }
  }

  /// Parses `identityParams` into an `Identity`; errors name what is wrong, never a secret.
  public static func parseIdentity(_ text: String, environment: [String: String] = [:]) throws(AliCloudError)
    -> Identity
  {
    let map = KeyValueParams.parse(text)
    let profile = KeyValueParams.first(map, ["profile", "profilename"])
    let arn = KeyValueParams.first(map, ["rolearn", "ramrolearn", "role_arn", "ram_role_arn"])
    let keyNames = ["accesskeyid", "accesskey", "access_key_id", "secret", "accesskeysecret", "secretkey"]
    let hasKeys = keyNames.contains { KeyValueParams.first(map, [$0]) != nil }
    var identity = Identity(profile: profile)
    if hasKeys || (profile == nil && arn == nil) {
      identity.keys = text.trimmedOfWhiteSpace().isEmpty ? nil : try keys(map)
    }
    if identity.keys != nil && profile != nil {
      throw .invalid("identityParams names both access keys and a profile; give one of them")
    }
    let roleFields = ["rolesessionname", "sessionname", "externalid", "durationseconds"]
    if let arn {
      var role = STSClient.RoleRequest(
        roleArn: arn,
        sessionName: KeyValueParams.first(map, ["rolesessionname", "sessionname"])
          ?? environment["ALIBABA_CLOUD_ROLE_SESSION_NAME"] ?? "alicloudd")
      role.externalId = KeyValueParams.first(map, ["externalid"])
      if let d = KeyValueParams.first(map, ["durationseconds"]) {
        guard let seconds = Int(d), seconds > 0 else {
          throw .invalid("identityParams durationSeconds '\(d)' is not a number of seconds")
        }
        role.durationSeconds = seconds
      }
      identity.role = role
    } else if let extra = roleFields.first(where: { KeyValueParams.first(map, [$0]) != nil }) {
      throw .invalid("identityParams gives \(extra) without roleArn")
    }
    return identity
  }

  /// A static default credential, without fetching anything (the daemon uses `CredentialChain`,
  /// which also knows roles, OIDC, ECS metadata and credentials URIs):
  /// `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET` /
  /// `ALIBABA_CLOUD_SECURITY_TOKEN`, else the CLI profile (`ALIBABA_CLOUD_PROFILE` or `current`)
  /// of `<home>/.aliyun/config.json` in `AK` or `StsToken` mode. Nil when neither is set.
  public static func defaultCredential(
    environment: [String: String] = ProcessInfo.processInfo.environment, home: String? = nil
  ) throws(AliCloudError) -> Credential? {
    if let id = environment["ALIBABA_CLOUD_ACCESS_KEY_ID"], !id.isEmpty {
      guard let secret = environment["ALIBABA_CLOUD_ACCESS_KEY_SECRET"], !secret.isEmpty else {
        throw .invalid("ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not")
      }
      return Credential(
        accessKeyId: id, accessKeySecret: secret, securityToken: environment["ALIBABA_CLOUD_SECURITY_TOKEN"])
    }
    guard let home = home ?? environment["HOME"] else { return nil }
    let path = home + "/.aliyun/config.json"
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    return try profileCredential(path: path, profile: environment["ALIBABA_CLOUD_PROFILE"])
  }

  /// The credential of one profile of an aliyun CLI config file.
  public static func profileCredential(path: String, profile: String?) throws(AliCloudError) -> Credential {
    guard let data = FileManager.default.contents(atPath: path),
      let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { throw .invalid("\(path) is not readable JSON") }
    let name = profile ?? (root["current"] as? String) ?? "default"
    let profiles = root["profiles"] as? [[String: Any]] ?? []
    guard let p = profiles.first(where: { ($0["name"] as? String) == name }) else {
      throw .invalid("profile '\(name)' is not in \(path)")
    }
    let mode = ((p["mode"] as? String) ?? "AK").lowercased()
    guard mode == "ak" || mode == "ststoken" else {
      throw .invalid(
        "profile '\(name)' in \(path) uses mode \(p["mode"] as? String ?? mode), which needs the credential chain "
          + "(CredentialChain); this reader takes only AK and StsToken")
    }
    guard let id = p["access_key_id"] as? String, !id.isEmpty,
      let secret = p["access_key_secret"] as? String, !secret.isEmpty
    else { throw .invalid("profile '\(name)' in \(path) lacks access_key_id or access_key_secret") }
    let token = p["sts_token"] as? String
    if mode == "ststoken" && (token ?? "").isEmpty {
      throw .invalid("profile '\(name)' in \(path) is in StsToken mode but has no sts_token")
    }
    return Credential(accessKeyId: id, accessKeySecret: secret, securityToken: mode == "ststoken" ? token : nil)
  }
}
