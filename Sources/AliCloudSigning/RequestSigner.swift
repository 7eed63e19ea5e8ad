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
    var h: [String: String] = [:]
    for (k, v) in headers { h[k.lowercased()] = v }
    h["host"] = host
    h["x-acs-action"] = action
    h["x-acs-version"] = version
    h["x-acs-date"] = timestamp(date)
    h["x-acs-signature-nonce"] = nonce
    let payloadHash = body.isEmpty ? SignatureV3.emptyPayloadHash : Digest.sha256Hex(body)
    h["x-acs-content-sha256"] = payloadHash
    if let token = credential.securityToken {
      h["x-acs-security-token"] = token
      h["x-acs-accesskey-id"] = credential.accessKeyId
    }
    let names = SignatureV3.defaultSignedHeaderNames(h)
    let request = SignatureV3.canonicalRequestBytes(
      method: method, uri: uri, query: query, headers: h, signedHeaderNames: names, hashedPayload: payloadHash)
    let signature = SignatureV3.signature(
      stringToSign: SignatureV3.stringToSign(canonicalRequestBytes: request), secret: credential.accessKeySecret)
    h["authorization"] = SignatureV3.authorization(
      accessKeyId: credential.accessKeyId, signedHeaders: names.joined(separator: ";"), signature: signature)
    return h
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
