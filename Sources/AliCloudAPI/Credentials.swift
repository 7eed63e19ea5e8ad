import AliCloudSigning
import Foundation

/// Where credentials come from: the plugin's `identityParams`, else the daemon's defaults
/// (environment, then the current profile of `~/.aliyun/config.json`, as the official CLI does).
/// Error messages never contain secrets.
public enum Credentials {
  /// Parses `accessKeyId=...;secret=...[;securityToken=...]`. Returns nil for empty text (the
  /// defaults apply); throws naming what is missing.
  public static func parseIdentityParams(_ text: String) throws(AliCloudError) -> Credential? {
    if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return nil }
    let map = KeyValueParams.parse(text)
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

  /// The default credential: `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET` /
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
        "profile '\(name)' in \(path) uses mode \(p["mode"] as? String ?? mode); only AK and StsToken are supported")
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
