/// AliCloud's percent-encoding (RFC 3986): `A-Z a-z 0-9 - _ . ~` stay, every other UTF-8 byte
/// becomes `%XY` with upper-case hex. So space is `%20`, `*` is `%2A`, `~` stays `~`.
public enum PercentEncoding {
  private static let upperHex = Array("0123456789ABCDEF".utf8)

  @inline(__always)
  static func isUnreserved(_ c: UInt8) -> Bool {
    switch c {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
      UInt8(ascii: "~"):
      return true
    default:
      return false
    }
  }

  /// The encoded form of `text`.
  public static func encode(_ text: String) -> String {
    var out = [UInt8]()
    out.reserveCapacity(text.utf8.count)
    append(text, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Decodes `%XY` sequences (and, as form bodies do, `+` as space when `plusIsSpace`).
  /// Returns nil for a malformed escape or bytes that are not UTF-8.
  public static func decode(_ text: String, plusIsSpace: Bool = false) -> String? {
    let bytes = Array(text.utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      let c = bytes[i]
      if c == UInt8(ascii: "%") {
        guard i + 2 < bytes.count, let v = Digest.unhex(String(decoding: bytes[i + 1...i + 2], as: UTF8.self))
        else { return nil }
        out.append(v[0])
        i += 3
      } else {
        out.append(plusIsSpace && c == UInt8(ascii: "+") ? UInt8(ascii: " ") : c)
        i += 1
      }
    }
    return String(validating: out, as: UTF8.self)
  }

  /// `name=value` pairs sorted by the unencoded name (code-point order), each side encoded,
  /// joined with `&`. The canonical query string of both signature versions.
  public static func canonicalQuery(_ params: [String: String]) -> String {
    var out: [UInt8] = []
    appendCanonicalQuery(params, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the canonical query string to `out`.
  public static func appendCanonicalQuery(_ params: [String: String], to out: inout [UInt8]) {
    var first = true
    for (name, value) in params.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
      if !first { out.append(UInt8(ascii: "&")) }
      first = false
      append(name, to: &out)
      out.append(UInt8(ascii: "="))
      append(value, to: &out)
    }
  }

  /// Appends the encoded form of `text` to `out`.
  static func append(_ text: String, to out: inout [UInt8]) {
    for c in text.utf8 {
      if isUnreserved(c) {
        out.append(c)
      } else {
        out.append(UInt8(ascii: "%"))
        out.append(upperHex[Int(c >> 4)])
        out.append(upperHex[Int(c & 0x0f)])
      }
    }
  }

  /// Parses a query string or form body into name/value pairs (later duplicates win).
  /// Returns nil when an escape is malformed.
  public static func parseQuery(_ query: String, plusIsSpace: Bool = true) -> [String: String]? {
    var out: [String: String] = [:]
    for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard let name = decode(String(parts[0]), plusIsSpace: plusIsSpace) else { return nil }
      let rawValue = parts.count > 1 ? String(parts[1]) : ""
      guard let value = decode(rawValue, plusIsSpace: plusIsSpace) else { return nil }
      out[name] = value
    }
    return out
  }
}
