import AliCloudCore
import CCrypto

/// Hashes, MACs and encodings used by AliCloud signatures, on top of libcrypto.
public enum Digest {
  /// SHA-256 of `bytes`.
  public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
    bytes.withUnsafeBytes { sha256($0) }
  }

  /// SHA-256 of the bytes at `bytes`.
  public static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
    digest(ccrypto_sha256, bytes)
  }

  /// Lower-case hex SHA-256 of the UTF-8 bytes of `text`.
  public static func sha256Hex(_ text: String) -> String {
    var text = text
    return text.withUTF8 { hex(sha256(UnsafeRawBufferPointer($0))) }
  }

  /// Lower-case hex SHA-256 of `bytes`.
  public static func sha256Hex(_ bytes: [UInt8]) -> String { hex(sha256(bytes)) }

  /// MD5 of `bytes` (used only by the `{cipher_a}` password format, never for security).
  public static func md5(_ bytes: [UInt8]) -> [UInt8] {
    bytes.withUnsafeBytes { digest(ccrypto_md5, $0) }
  }

  /// HMAC-SHA256 of `message` under `key`.
  public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
    hmac(ccrypto_sha256, key: key, message: message)
  }

  /// HMAC-SHA1 of `message` under `key`.
  public static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
    hmac(ccrypto_sha1, key: key, message: message)
  }

  /// Lower-case hex text of `bytes`.
  public static func hex(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer { HexText.lower($0) } }

  /// Bytes of hex text (either case); nil when the text is not an even run of hex digits.
  public static func unhex(_ text: String) -> [UInt8]? {
    let chars = Array(text.utf8)
    guard chars.count % 2 == 0 else { return nil }
    var out = [UInt8]()
    out.reserveCapacity(chars.count / 2)
    var i = 0
    while i < chars.count {
      guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
      out.append(hi << 4 | lo)
      i += 2
    }
    return out
  }

  private static func nibble(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  /// Standard base64 with padding.
  public static func base64(_ bytes: [UInt8]) -> String {
    var out = [UInt8]()
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var i = 0
    while i + 3 <= bytes.count {
      let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
      for shift in [18, 12, 6, 0] { out.append(base64Alphabet[Int(n >> UInt32(shift) & 63)]) }
      i += 3
    }
    let rest = bytes.count - i
    if rest > 0 {
      let b1 = rest == 2 ? UInt32(bytes[i + 1]) : 0
      let n = UInt32(bytes[i]) << 16 | b1 << 8
      out.append(base64Alphabet[Int(n >> 18 & 63)])
      out.append(base64Alphabet[Int(n >> 12 & 63)])
      out.append(rest == 2 ? base64Alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
      out.append(UInt8(ascii: "="))
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// `algorithm`'s digest of `a` followed by `b`.
  private static func digest(
    _ algorithm: ccrypto_algorithm, _ a: UnsafeRawBufferPointer,
    _ b: UnsafeRawBufferPointer = .init(start: nil, count: 0)
  ) -> [UInt8] {
    let length = algorithm == ccrypto_sha256 ? 32 : algorithm == ccrypto_sha1 ? 20 : 16
    return [UInt8](unsafeUninitializedCapacity: length) { out, count in
      ccrypto_digest(algorithm, a.baseAddress, a.count, b.baseAddress, b.count, out.baseAddress)
      count = length
    }
  }

  /// HMAC (RFC 2104) with a 64-byte block, computed by the C shim on the stack.
  private static func hmac(_ algorithm: ccrypto_algorithm, key: [UInt8], message: [UInt8]) -> [UInt8] {
    key.withUnsafeBytes { k in message.withUnsafeBytes { hmac(algorithm, key: k, message: $0) } }
  }

  /// HMAC of the bytes at `message` under the bytes at `key`.
  static func hmac(_ algorithm: ccrypto_algorithm, key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer)
    -> [UInt8]
  {
    let length = algorithm == ccrypto_sha256 ? 32 : algorithm == ccrypto_sha1 ? 20 : 16
    return [UInt8](unsafeUninitializedCapacity: length) { out, count in
      ccrypto_hmac(algorithm, key.baseAddress, key.count, message.baseAddress, message.count, out.baseAddress)
      count = length
    }
  }
}
