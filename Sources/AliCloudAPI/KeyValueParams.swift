import AliCloudCore
import Foundation

/// Parses `key=value;key=value` text as the plugin's `identityParams` and `cloudParams` use it:
/// parts separated by `;`, spaces around keys and values trimmed, `=` allowed inside values,
/// keys matched case-insensitively, empty parts ignored.
enum KeyValueParams {
  static func parse(_ text: String) -> [String: String] {
    if let ascii = parseASCII(text) { return ascii }
    var out: [String: String] = [:]
    for part in text.split(separator: ";") {
      guard let eq = part.firstIndex(of: "=") else { continue }
      let key = part[..<eq].trimmedOfWhiteSpace().lowercased()
      let value = part[part.index(after: eq)...].trimmedOfWhiteSpace()
      if !key.isEmpty { out[key] = value }
    }
    return out
  }

  /// `parse` for ASCII text (nearly every input), on the bytes: no Unicode case mapping or
  /// property lookups. Nil for text with other characters.
  static func parseASCII(_ text: String) -> [String: String]? {
    var text = text
    return text.withUTF8 { u -> [String: String]? in
      var out: [String: String] = [:]
      func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0d) }
      func trimmed(_ from: Int, _ to: Int) -> (Int, Int) {
        var a = from
        var b = to
        while a < b && isSpace(u[a]) { a += 1 }
        while b > a && isSpace(u[b - 1]) { b -= 1 }
        return (a, b)
      }
      var start = 0
      while start <= u.count {
        var end = start
        var eq = -1
        while end < u.count && u[end] != UInt8(ascii: ";") {
          if u[end] >= 0x80 { return nil }
          if eq < 0 && u[end] == UInt8(ascii: "=") { eq = end }
          end += 1
        }
        if eq >= 0 {
          let (ka, kb) = trimmed(start, eq)
          if ka < kb {
            let key = String(unsafeUninitializedCapacity: kb - ka) { buf in
              for i in ka..<kb { buf[i - ka] = u[i] >= 0x41 && u[i] <= 0x5a ? u[i] + 0x20 : u[i] }
              return kb - ka
            }
            let (va, vb) = trimmed(eq + 1, end)
            out[key] = String(decoding: UnsafeBufferPointer(rebasing: u[va..<vb]), as: UTF8.self)
          }
        }
        start = end + 1
      }
      return out
    }
  }

  /// The first non-empty value among `names` (lower case).
  static func first(_ map: [String: String], _ names: [String]) -> String? {
    for n in names { if let v = map[n], !v.isEmpty { return v } }
    return nil
  }
}
