import AliCloudCore
import Foundation

/// The profiles of an aliyun CLI `config.json` (`{"current": NAME, "profiles": [{"name", "mode",
/// ...}]}`), read as the official credentials libraries read them.
public struct CredentialProfiles: Sendable {
  public let path: String
  public let current: String?
  let profiles: [String: [String: JSONValue]]

  /// Nil when the file does not exist; throws when it is not readable JSON.
  public static func load(path: String) throws(AliCloudError) -> CredentialProfiles? {
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    guard let data = FileManager.default.contents(atPath: path), let root = try? JSONValue.parse(data),
      case .object(let o) = root
    else { throw .invalid("\(path) is not readable JSON") }
    var profiles: [String: [String: JSONValue]] = [:]
    for p in o["profiles"]?.arrayValue ?? [] {
      if let obj = p.objectValue, let name = obj["name"]?.stringValue { profiles[name] = obj }
    }
    return CredentialProfiles(path: path, current: o["current"]?.stringValue, profiles: profiles)
  }

  /// One profile's fields, as text.
  public struct Profile: Sendable {
    public let name: String
    let fields: [String: JSONValue]

    public var mode: String { string("mode") ?? "AK" }
    public var region: String? { string("region_id") }

    public func string(_ key: String) -> String? {
      switch fields[key] {
      case .string(let s): return s.isEmpty ? nil : s
      case .int(let i): return String(i)
      case .double(let d): return String(Int(d))
      default: return nil
      }
    }

    public func int(_ key: String) -> Int? { string(key).flatMap { Int($0) } }
  }

  /// The named profile, else `current`, else `default`.
  public func profile(_ name: String?) throws(AliCloudError) -> Profile {
    let n = name ?? current ?? "default"
    guard let fields = profiles[n] else { throw .invalid("profile '\(n)' is not in \(path)") }
    return Profile(name: n, fields: fields)
  }
}
