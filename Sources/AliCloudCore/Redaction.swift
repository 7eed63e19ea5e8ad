/// Keeps secrets out of logs, errors and status.
public enum Redaction {
  public static let placeholder = "***"

  /// Key names (compared lowercased, ignoring `_`, `-` and `.`) whose values are secrets.
  static let secretWords = [
    "secret", "password", "passwd", "seed", "token", "accesskeysecret", "signature", "authorization",
    "identityparams", "credential",
  ]

  public static func isSecretKey(_ key: String) -> Bool {
    // ASCII names (all of AliCloud's and ours) are compared as bytes, without building strings.
    if key.utf8.allSatisfy({ $0 < 0x80 }) {
      return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: key.utf8.count) { buffer in
        var n = 0
        for c in key.utf8 where c != UInt8(ascii: "_") && c != UInt8(ascii: "-") && c != UInt8(ascii: ".") {
          buffer[n] = c >= 0x41 && c <= 0x5a ? c + 0x20 : c
          n += 1
        }
        let k = UnsafeBufferPointer(rebasing: buffer[0..<n])
        if k.elementsEqual("progresstoken".utf8) || k.elementsEqual("clienttoken".utf8) { return false }
        return secretWordBytes.contains { word in
          word.count <= n && (0...(n - word.count)).contains { at in k[at..<at + word.count].elementsEqual(word) }
        }
      }
    }
    let k = key.lowercased().filter { $0 != "_" && $0 != "-" && $0 != "." }
    if k == "progresstoken" || k == "clienttoken" { return false }
    return secretWords.contains { k.contains($0) }
  }

  static let secretWordBytes = secretWords.map { Array($0.utf8) }

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
