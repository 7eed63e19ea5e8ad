import AliCloudCore
import Foundation

/// Parses `key=value;key=value` text as the plugin's `identityParams` and `cloudParams` use it:
/// parts separated by `;`, spaces around keys and values trimmed, `=` allowed inside values,
/// keys matched case-insensitively, empty parts ignored.
enum KeyValueParams {
  static func parse(_ text: String) -> [String: String] {
    var out: [String: String] = [:]
    for part in text.split(separator: ";") {
      guard let eq = part.firstIndex(of: "=") else { continue }
      let key = part[..<eq].trimmedOfWhiteSpace().lowercased()
      let value = part[part.index(after: eq)...].trimmedOfWhiteSpace()
      if !key.isEmpty { out[key] = value }
    }
    return out
  }

  /// The first non-empty value among `names` (lower case).
  static func first(_ map: [String: String], _ names: [String]) -> String? {
    for n in names { if let v = map[n], !v.isEmpty { return v } }
    return nil
  }
}
