/// RPC signature "V1": `HMAC-SHA1`, `SignatureVersion=1.0` (Alibaba's documents call it V2).
///
/// StringToSign = METHOD & %2F & enc(canonical query); signature = base64(HMAC-SHA1(secret + "&")).
public enum SignatureV1 {
  public static let signatureMethod = "HMAC-SHA1"
  public static let signatureVersion = "1.0"

  /// The canonical query string of every parameter except `Signature`.
  public static func canonicalQuery(_ params: [String: String]) -> String {
    var p = params
    p.removeValue(forKey: "Signature")
    return PercentEncoding.canonicalQuery(p)
  }

  /// `METHOD&%2F&` followed by the encoded canonical query string.
  public static func stringToSign(method: String, params: [String: String]) -> String {
    method.uppercased() + "&" + PercentEncoding.encode("/") + "&" + PercentEncoding.encode(canonicalQuery(params))
  }

  /// Base64 HMAC-SHA1 of `stringToSign` under the key `secret + "&"`.
  public static func signature(stringToSign: String, secret: String) -> String {
    Digest.base64(Digest.hmacSHA1(key: Array((secret + "&").utf8), message: Array(stringToSign.utf8)))
  }

  /// The signature of a request's parameters.
  public static func sign(method: String, params: [String: String], secret: String) -> String {
    signature(stringToSign: stringToSign(method: method, params: params), secret: secret)
  }

  /// Whether `params` carries a `Signature` matching the other parameters under `secret`.
  /// Compares in constant time.
  public static func verify(method: String, params: [String: String], secret: String) -> Bool {
    guard let given = params["Signature"] else { return false }
    return constantTimeEqual(given, sign(method: method, params: params, secret: secret))
  }
}

/// Equality of two strings whose running time does not depend on where they differ.
public func constantTimeEqual(_ a: String, _ b: String) -> Bool {
  let x = Array(a.utf8)
  let y = Array(b.utf8)
  guard x.count == y.count else { return false }
  var diff: UInt8 = 0
  for i in 0..<x.count { diff |= x[i] ^ y[i] }
  return diff == 0
}
