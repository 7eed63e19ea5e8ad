/// Keeps secrets out of logs, errors and status.
public enum Redaction {
  public static let placeholder = "***"

  /// Key names (compared lowercased, ignoring `_`, `-` and `.`) whose values are secrets.
  static let secretWords = [
    "secret", "password", "passwd", "seed", "token", "accesskeysecret", "signature", "authorization",
    "identityparams", "credential",
  ]

  public static func isSecretKey(_ key: String) -> Bool {
    let k = key.lowercased().filter { $0 != "_" && $0 != "-" && $0 != "." }
    if k == "progresstoken" || k == "clienttoken" { return false }
    return secretWords.contains { k.contains($0) }
  }

  public static func redact(_ metadata: [String: String]) -> [String: String] {
    var out = metadata
    for (k, _) in metadata where isSecretKey(k) { out[k] = placeholder }
    return out
  }

  /// A copy of a JSON value with every secret-named member replaced.
  public static func redact(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(let o):
      var out: [String: JSONValue] = [:]
      for (k, v) in o { out[k] = isSecretKey(k) ? .string(placeholder) : redact(v) }
      return .object(out)
    case .array(let a): return .array(a.map(redact))
    default: return value
    }
  }
}
