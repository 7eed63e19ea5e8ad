import AliCloudCore
import CCrypto

/// Signature V3, `ACS3-HMAC-SHA256`.
///
/// CanonicalRequest = METHOD \n URI \n query \n headers (each `name:value\n`) \n signed names \n
/// hex(SHA-256(body)); StringToSign = algorithm \n hex(SHA-256(CanonicalRequest));
/// signature = hex(HMAC-SHA256(secret, StringToSign)).
public enum SignatureV3 {
  public static let algorithm = "ACS3-HMAC-SHA256"
  /// Hex SHA-256 of an empty body.
  public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

  /// The header names this client signs: `host`, `content-type` and every `x-acs-*` header,
  /// lower-cased and sorted.
  public static func defaultSignedHeaderNames(_ headers: [String: String]) -> [String] {
    headers.keys.map { $0.lowercasedASCIIFast() }.filter(isSignedByDefault).sorted()
  }

  /// Whether this client signs the header of lower-case `name`.
  static func isSignedByDefault(_ name: String) -> Bool {
    name == "host" || name == "content-type" || name.utf8.starts(with: "x-acs-".utf8)
  }

  /// Canonical headers (`name:trimmed value\n` per name, sorted) and the `;`-joined signed
  /// header names, for the given names (any case) looked up case-insensitively in `headers`.
  public static func canonicalHeaders(_ headers: [String: String], names: [String]) -> (
    canonical: String, signedHeaders: String
  ) {
    var bytes: [UInt8] = []
    let signed = appendCanonicalHeaders(headers, names: names, to: &bytes)
    return (String(decoding: bytes, as: UTF8.self), signed)
  }

  /// Appends the canonical headers to `out`; returns the signed header names.
  static func appendCanonicalHeaders(_ headers: [String: String], names: [String], to out: inout [UInt8]) -> String {
    var lower = headers
    if headers.keys.contains(where: { $0.hasUpperCaseASCII }) {
      lower = [:]
      for (k, v) in headers { lower[k.lowercased()] = v }
    }
    var sortedNames = names
    // The signer passes its names lower-cased, sorted and unique: checked, not redone.
    let ready =
      zip(names, names.dropFirst()).allSatisfy { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      && !names.contains(where: { $0.hasUpperCaseASCII || $0.utf8.contains { $0 >= 0x80 } })
    if !ready {
      sortedNames = names.map { $0.lowercasedASCIIFast() }
      sortedNames.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
    if !ready && sortedNames.count > 1 {
      // Each name once.
      var unique: [String] = [sortedNames[0]]
      for n in sortedNames.dropFirst() where n != unique[unique.count - 1] { unique.append(n) }
      sortedNames = unique
    }
    for name in sortedNames { appendCanonicalHeader(name, lower[name] ?? "", to: &out) }
    return sortedNames.joined(separator: ";")
  }

  /// Appends `name:value\n` with the value's leading and trailing white space trimmed.
  static func appendCanonicalHeader(_ name: String, _ value: String, to out: inout [UInt8]) {
    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d }
    out += name.utf8
    out.append(UInt8(ascii: ":"))
    let v = value.utf8
    if let f = v.first, let l = v.last, !isSpace(f), !isSpace(l) {
      out += v
    } else {
      var a = v.startIndex
      var b = v.endIndex
      while a < b && isSpace(v[a]) { a = v.index(after: a) }
      while a < b && isSpace(v[v.index(before: b)]) { b = v.index(before: b) }
      out += v[a..<b]
    }
    out.append(UInt8(ascii: "\n"))
  }

  /// The canonical request text.
  public static func canonicalRequest(
    method: String, uri: String = "/", query: [String: String], headers: [String: String],
    signedHeaderNames: [String], hashedPayload: String
  ) -> String {
    let bytes = canonicalRequestBytes(
      method: method, uri: uri, query: query, headers: headers, signedHeaderNames: signedHeaderNames,
      hashedPayload: hashedPayload)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The canonical request as UTF-8 bytes, built in one buffer.
  static func canonicalRequestBytes(
    method: String, uri: String, query: [String: String], headers: [String: String], signedHeaderNames: [String],
    hashedPayload: String
  ) -> [UInt8] {
    var canonicalQuery: [UInt8] = []
    PercentEncoding.appendCanonicalQuery(query, to: &canonicalQuery)
    return canonicalRequestBytes(
      method: method, uri: uri, canonicalQuery: canonicalQuery, hashedPayload: hashedPayload
    ) { out in appendCanonicalHeaders(headers, names: signedHeaderNames, to: &out) }
  }

  /// The canonical request around a query already canonical; `headers` appends the canonical
  /// header lines and returns the `;`-joined signed names.
  static func canonicalRequestBytes(
    method: String, uri: String, canonicalQuery: [UInt8], hashedPayload: String,
    headers: (inout [UInt8]) -> String
  ) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(256 + canonicalQuery.count)
    out += method.isUpperCaseASCII ? method.utf8 : method.uppercased().utf8
    out.append(UInt8(ascii: "\n"))
    out += uri.utf8
    out.append(UInt8(ascii: "\n"))
    out += canonicalQuery
    out.append(UInt8(ascii: "\n"))
    let signed = headers(&out)
    out.append(UInt8(ascii: "\n"))
    out += signed.utf8
    out.append(UInt8(ascii: "\n"))
    out += hashedPayload.utf8
    return out
  }

  /// `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
  public static func stringToSign(canonicalRequest: String) -> String {
    algorithm + "\n" + Digest.sha256Hex(canonicalRequest)
  }

  /// The signature of a canonical request given as bytes: the string to sign is built and
  /// MACed in one buffer.
  static func signature(canonicalRequestBytes bytes: [UInt8], secret: String) -> String {
    var toSign = Array((algorithm + "\n").utf8)
    let hash = Digest.sha256(bytes)
    hash.withUnsafeBufferPointer { HexText.appendLower($0, to: &toSign) }
    var secret = secret
    let mac = secret.withUTF8 { key in
      toSign.withUnsafeBytes { Digest.hmac(ccrypto_sha256, key: UnsafeRawBufferPointer(key), message: $0) }
    }
    return Digest.hex(mac)
  }

  /// Lower-case hex HMAC-SHA256 of `stringToSign` under the raw secret.
  public static func signature(stringToSign: String, secret: String) -> String {
    Digest.hex(Digest.hmacSHA256(key: Array(secret.utf8), message: Array(stringToSign.utf8)))
  }

  /// The `Authorization` header value.
  public static func authorization(accessKeyId: String, signedHeaders: String, signature: String) -> String {
    algorithm + " Credential=" + accessKeyId + ",SignedHeaders=" + signedHeaders + ",Signature=" + signature
  }

  /// The parts of an `Authorization` header.
  public struct AuthorizationParts: Sendable, Equatable {
    public var accessKeyId: String
    public var signedHeaders: [String]
    public var signature: String

    public init(accessKeyId: String, signedHeaders: [String], signature: String) {
      self.accessKeyId = accessKeyId
      self.signedHeaders = signedHeaders
      self.signature = signature
    }
  }

  /// Parses `ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,Signature=...`; nil when malformed.
  public static func parseAuthorization(_ header: String) -> AuthorizationParts? {
    let prefix = algorithm + " "
    guard header.hasPrefix(prefix) else { return nil }
    var fields: [String: String] = [:]
    for part in header.dropFirst(prefix.count).split(separator: ",") {
      let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard kv.count == 2 else { return nil }
      fields[String(kv[0]).trimmingWhitespace()] = String(kv[1]).trimmingWhitespace()
    }
    guard let id = fields["Credential"], !id.isEmpty, let sh = fields["SignedHeaders"], !sh.isEmpty,
      let sig = fields["Signature"], !sig.isEmpty
    else { return nil }
    return AuthorizationParts(
      accessKeyId: id, signedHeaders: sh.split(separator: ";").map(String.init), signature: sig)
  }

  /// Whether the request's `Authorization` header matches a recomputed signature under `secret`.
  /// `headers` are the received headers (any case); `body` the received body bytes. The
  /// `x-acs-content-sha256` header, when signed, must also match the body.
  public static func verify(
    method: String, uri: String = "/", query: [String: String], headers: [String: String], body: [UInt8],
    secret: String
  ) -> Bool {
    var lower: [String: String] = [:]
    for (k, v) in headers { lower[k.lowercased()] = v }
    guard let auth = lower["authorization"], let parts = parseAuthorization(auth) else { return false }
    let payloadHash = Digest.sha256Hex(body)
    if let declared = lower["x-acs-content-sha256"], declared.lowercased() != payloadHash { return false }
    let request = canonicalRequest(
      method: method, uri: uri, query: query, headers: lower, signedHeaderNames: parts.signedHeaders,
      hashedPayload: payloadHash)
    let expected = signature(stringToSign: stringToSign(canonicalRequest: request), secret: secret)
    return constantTimeEqual(parts.signature, expected)
  }
}

extension String {
  /// Whether the text has a letter A-Z.
  var hasUpperCaseASCII: Bool { utf8.contains { $0 >= 0x41 && $0 <= 0x5a } }

  /// Whether the text is ASCII without a letter a-z (`POST`).
  var isUpperCaseASCII: Bool { utf8.allSatisfy { $0 < 0x80 && !($0 >= 0x61 && $0 <= 0x7a) } }

  /// `lowercased()`, without its work when the text has no upper-case ASCII letter and is ASCII
  /// (header names are).
  func lowercasedASCIIFast() -> String {
    utf8.allSatisfy({ $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5a) }) ? self : lowercased()
  }

  func trimmingWhitespace() -> String {
    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d }
    if let f = utf8.first, let l = utf8.last, !isSpace(f), !isSpace(l) { return self }
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
    return String(s)
  }
}
