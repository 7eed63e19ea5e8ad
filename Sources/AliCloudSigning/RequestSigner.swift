import AliCloudCore
import Foundation

/// Signs whole RPC requests: adds the date, nonce, payload hash, token and signature.
public enum RequestSigner {
  /// The headers to send for a V3-signed request: the given `headers` plus `host`,
  /// `x-acs-action`, `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`,
  /// `x-acs-content-sha256`, `x-acs-security-token` (with an STS credential) and `authorization`.
  /// Names are lower case.
  public static func signV3(
    method: String, host: String, uri: String = "/", action: String, version: String, query: [String: String],
    headers: [String: String] = [:], body: [UInt8] = [], credential: Credential, date: Date = Date(),
    nonce: String = makeNonce()
  ) -> [String: String] {
    var canonicalQuery: [UInt8] = []
    PercentEncoding.appendCanonicalQuery(query, to: &canonicalQuery)
    return signV3(
      method: method, host: host, uri: uri, action: action, version: version, canonicalQuery: canonicalQuery,
      headers: headers, body: body, credential: credential, date: date, nonce: nonce)
  }

  /// `signV3` for a query already in canonical form (`PercentEncoding.canonicalQuery`), which the
  /// caller also sends: encoded and sorted once.
  public static func signV3(
    method: String, host: String, uri: String = "/", action: String, version: String, canonicalQuery: [UInt8],
    headers: [String: String] = [:], body: [UInt8] = [], credential: Credential, date: Date = Date(),
    nonce: String = makeNonce()
  ) -> [String: String] {
    let payloadHash = body.isEmpty ? SignatureV3.emptyPayloadHash : Digest.sha256Hex(body)
    // Lower-case names and values in an array: the signer's own headers, then the caller's
    // others. A handful of pairs, looked through rather than hashed.
    var pairs: [(name: String, value: String)] = [
      ("host", host), ("x-acs-action", action), ("x-acs-version", version), ("x-acs-date", timestamp(date)),
      ("x-acs-signature-nonce", nonce), ("x-acs-content-sha256", payloadHash),
    ]
    pairs.reserveCapacity(pairs.count + 2 + headers.count)
    if let token = credential.securityToken {
      pairs.append(("x-acs-security-token", token))
      pairs.append(("x-acs-accesskey-id", credential.accessKeyId))
    }
    for (k, v) in headers {
      let name = k.lowercasedASCIIFast()
      if !pairs.contains(where: { $0.name == name }) { pairs.append((name, v)) }
    }
    var signed = pairs.filter { SignatureV3.isSignedByDefault($0.name) }
    signed.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    var names = ""
    let request = SignatureV3.canonicalRequestBytes(
      method: method, uri: uri, canonicalQuery: canonicalQuery, hashedPayload: payloadHash
    ) { out in
      for (i, p) in signed.enumerated() {
        SignatureV3.appendCanonicalHeader(p.name, p.value, to: &out)
        if i > 0 { names += ";" }
        names += p.name
      }
      return names
    }
    let signature = SignatureV3.signature(canonicalRequestBytes: request, secret: credential.accessKeySecret)
    var out = [String: String](minimumCapacity: pairs.count + 1)
    for p in pairs { out[p.name] = p.value }
    out["authorization"] = SignatureV3.authorization(
      accessKeyId: credential.accessKeyId, signedHeaders: names, signature: signature)
    return out
  }

  /// The full V1 parameter set: `params` (which must hold the action's own parameters) plus
  /// `Action`, `Version`, `Format=JSON` (unless given), `AccessKeyId`, `SignatureMethod`,
  /// `SignatureVersion`, `SignatureNonce`, `Timestamp`, `SecurityToken` (with an STS
  /// credential, unless the action itself uses that name) and `Signature`.
  public static func signV1(
    method: String, action: String, version: String, params: [String: String], credential: Credential,
    date: Date = Date(), nonce: String = makeNonce()
  ) -> [String: String] {
    var p = params
    p["Action"] = action
    p["Version"] = version
    if p["Format"] == nil { p["Format"] = "JSON" }
    p["AccessKeyId"] = credential.accessKeyId
    p["SignatureMethod"] = SignatureV1.signatureMethod
    p["SignatureVersion"] = SignatureV1.signatureVersion
    p["SignatureNonce"] = nonce
    p["Timestamp"] = timestamp(date)
    if let token = credential.securityToken, p["SecurityToken"] == nil { p["SecurityToken"] = token }
    p["Signature"] = SignatureV1.sign(method: method, params: p, secret: credential.accessKeySecret)
    return p
  }

  /// UTC `yyyy-MM-ddTHH:mm:ssZ`.
  public static func timestamp(_ date: Date) -> String {
    var t = time_t(date.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    gmtime_r(&t, &parts)
    func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
  }

  /// A fresh 128-bit random nonce as 32 hex characters.
  public static func makeNonce() -> String { RandomHex.make(bytes: 16) }

}
