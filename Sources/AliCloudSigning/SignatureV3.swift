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
    headers.keys.map { $0.lowercasedASCIIFast() }
      .filter { $0 == "host" || $0 == "content-type" || $0.hasPrefix("x-acs-") }
      .sorted()
  }

  /// Canonical headers (`name:trimmed value\n` per name, sorted) and the `;`-joined signed
  /// header names, for the given names (any case) looked up case-insensitively in `headers`.
  public static func canonicalHeaders(_ headers: [String: String], names: [String]) -> (
    canonical: String, signedHeaders: String
  ) {
    var lower = headers
    if headers.keys.contains(where: { $0.hasUpperCaseASCII }) {
      lower = [:]
      for (k, v) in headers { lower[k.lowercased()] = v }
    }
    var sortedNames = names.map { $0.lowercasedASCIIFast() }.sorted()
    if sortedNames.count > 1 {
      // Each name once.
      var unique: [String] = [sortedNames[0]]
      for n in sortedNames.dropFirst() where n != unique[unique.count - 1] { unique.append(n) }
      sortedNames = unique
    }
    var canonical = ""
    for name in sortedNames {
      let value = (lower[name] ?? "").trimmingWhitespace()
      canonical += name
      canonical += ":"
      canonical += value
      canonical += "\n"
    }
    return (canonical, sortedNames.joined(separator: ";"))
  }

  /// The canonical request text.
  public static func canonicalRequest(
    method: String, uri: String = "/", query: [String: String], headers: [String: String],
    signedHeaderNames: [String], hashedPayload: String
  ) -> String {
    let h = canonicalHeaders(headers, names: signedHeaderNames)
    return [
      method.uppercased(), uri, PercentEncoding.canonicalQuery(query), h.canonical, h.signedHeaders, hashedPayload,
    ].joined(separator: "\n")
  }

  /// `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
  public static func stringToSign(canonicalRequest: String) -> String {
    algorithm + "\n" + Digest.sha256Hex(canonicalRequest)
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
