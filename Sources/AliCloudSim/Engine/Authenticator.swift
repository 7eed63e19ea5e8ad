import AliCloudHTTP
import AliCloudSigning
import Foundation

/// Verifies V1 and V3 signatures, timestamps, nonces and STS tokens against the configured keys.
struct Authenticator {
  var credentials: [String: SimCredential]
  /// Temporary credentials STS or the metadata server gave out, until they expire.
  var issued: [String: (credential: SimCredential, expiration: Date)] = [:]
  var v1Window: TimeInterval
  var v3Window: TimeInterval
  /// Nonces seen per access key, with the time after which they may be forgotten.
  private var nonces: [String: [String: Date]] = [:]
  private var checks = 0

  init(config: SimConfig) {
    credentials = Dictionary(config.credentials.map { ($0.accessKeyId, $0) }, uniquingKeysWith: { _, b in b })
    v1Window = config.v1TimestampWindow
    v3Window = config.v3DateWindow
  }

  mutating func reset() {
    nonces = [:]
    issued = [:]
  }

  /// A configured key, or an issued one that has not expired.
  private func credential(_ key: String, now: Date) throws(SimError) -> SimCredential {
    if let c = credentials[key] { return c }
    guard let i = issued[key] else { throw SimError.accessKeyNotFound }
    guard i.expiration > now else { throw SimError.securityTokenExpired }
    return i.credential
  }

  /// Remembers a temporary credential; forgets the expired ones.
  mutating func issue(_ c: SimCredential, until expiration: Date, now: Date) {
    issued = issued.filter { $0.value.expiration > now }
    issued[c.accessKeyId] = (c, expiration)
  }

  /// Checks the request; on success records its nonce. Returns the credential used.
  mutating func verify(_ r: SimRequest, http: HTTPRequest, now: Date) throws(SimError) -> SimCredential {
    switch r.signing {
    case .v1: return try verifyV1(r, http: http, now: now)
    case .v3: return try verifyV3(r, http: http, now: now)
    }
  }

  private mutating func verifyV1(_ r: SimRequest, http: HTTPRequest, now: Date) throws(SimError) -> SimCredential {
    let p = r.allParams
    guard let key = p["AccessKeyId"], !key.isEmpty else { throw SimError.missingAccessKeyId }
    let cred = try credential(key, now: now)
    guard let given = p["Signature"], !given.isEmpty else { throw SimError.missingParameter("Signature") }
    guard (p["SignatureMethod"] ?? "") == SignatureV1.signatureMethod else { throw SimError.unsupportedSignatureMethod }
    guard (p["SignatureVersion"] ?? "") == SignatureV1.signatureVersion else {
      throw SimError("InvalidSignatureVersion", "Specified signature version is not supported.")
    }
    guard let nonce = p["SignatureNonce"], !nonce.isEmpty else { throw SimError.missingParameter("SignatureNonce") }
    guard let stamp = p["Timestamp"] ?? p["TimeStamp"] else { throw SimError.missingParameter("Timestamp") }
    try checkTime(stamp, window: v1Window, now: now)
    let sts = SignatureV1.stringToSign(method: http.method, params: p)
    let expected = SignatureV1.signature(stringToSign: sts, secret: cred.accessKeySecret)
    guard constantTimeEqual(given, expected) else { throw SimError.signatureMismatch(sts) }
    try checkToken(cred, given: p["SecurityToken"])
    try useNonce(nonce, key: key, window: v1Window, now: now)
    return cred
  }

  private mutating func verifyV3(_ r: SimRequest, http: HTTPRequest, now: Date) throws(SimError) -> SimCredential {
    guard let auth = http.headers["authorization"], let parts = SignatureV3.parseAuthorization(auth) else {
      throw SimError.incompleteSignature
    }
    let cred = try credential(parts.accessKeyId, now: now)
    guard let nonce = http.headers["x-acs-signature-nonce"], !nonce.isEmpty else {
      throw SimError.missingParameter("SignatureNonce")
    }
    guard let date = http.headers["x-acs-date"] else { throw SimError.missingParameter("Timestamp") }
    try checkTime(date, window: v3Window, now: now)
    let bodyHash = Digest.sha256Hex(Array(http.body))
    if let declared = http.headers["x-acs-content-sha256"], declared.lowercased() != bodyHash {
      throw SimError(
        "SignatureDoesNotMatch", "The x-acs-content-sha256 header does not match the SHA-256 of the request body.")
    }
    var headers: [String: String] = [:]
    for f in http.headers {
      headers[f.name.lowercased()] = headers[f.name.lowercased()].map { $0 + "," + f.value } ?? f.value
    }
    for required in ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce"]
    where !parts.signedHeaders.contains(required) {
      throw SimError("IncompleteSignature", "The header \(required) must be signed.")
    }
    let canonical = SignatureV3.canonicalRequest(
      method: http.method, uri: http.path, query: r.query, headers: headers, signedHeaderNames: parts.signedHeaders,
      hashedPayload: headers["x-acs-content-sha256"] ?? bodyHash)
    let sts = SignatureV3.stringToSign(canonicalRequest: canonical)
    let expected = SignatureV3.signature(stringToSign: sts, secret: cred.accessKeySecret)
    guard constantTimeEqual(parts.signature.lowercased(), expected) else { throw SimError.signatureMismatch(sts) }
    try checkToken(cred, given: http.headers["x-acs-security-token"])
    try useNonce(nonce, key: cred.accessKeyId, window: v3Window, now: now)
    return cred
  }

  private func checkToken(_ cred: SimCredential, given: String?) throws(SimError) {
    guard let expected = cred.securityToken, !expected.isEmpty else { return }
    guard let given, !given.isEmpty else { throw SimError.securityTokenMissing }
    guard constantTimeEqual(given, expected) else { throw SimError.securityTokenMismatch }
  }

  private func checkTime(_ text: String, window: TimeInterval, now: Date) throws(SimError) {
    guard let t = SimTime.parse(text) else { throw SimError.timestampFormat }
    if abs(t.timeIntervalSince(now)) > window { throw SimError.timestampExpired }
  }

  private mutating func useNonce(_ nonce: String, key: String, window: TimeInterval, now: Date) throws(SimError) {
    checks += 1
    if checks % 1000 == 0 {
      for (k, seen) in nonces { nonces[k] = seen.filter { $0.value > now } }
    }
    if let until = nonces[key]?[nonce], until > now { throw SimError.nonceUsed }
    nonces[key, default: [:]][nonce] = now.addingTimeInterval(2 * window)
  }
}
