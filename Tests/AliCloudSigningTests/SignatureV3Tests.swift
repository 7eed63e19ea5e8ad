import AliCloudSigning
import Foundation
import Testing

@Suite struct SignatureV3Tests {
  func canonical(_ v: Vectors.V3) -> (request: String, signedHeaders: String) {
    let payload = Digest.sha256Hex(v.body)
    var headers = v.headers
    headers["x-acs-content-sha256"] = payload
    let names = SignatureV3.defaultSignedHeaderNames(headers)
    let request = SignatureV3.canonicalRequest(
      method: v.method, query: v.query, headers: headers, signedHeaderNames: names, hashedPayload: payload)
    return (request, names.joined(separator: ";"))
  }

  @Test func vectorsAreLoaded() {
    #expect(Vectors.all.signatureV3.count == 2)
  }

  @Test(arguments: Vectors.all.signatureV3)
  func canonicalRequestHash(_ v: Vectors.V3) {
    let c = canonical(v)
    #expect(Digest.sha256Hex(c.request) == v.hashedCanonicalRequest)
    #expect(SignatureV3.stringToSign(canonicalRequest: c.request) == "ACS3-HMAC-SHA256\n" + v.hashedCanonicalRequest)
  }

  @Test(arguments: Vectors.all.signatureV3)
  func signatureAndAuthorization(_ v: Vectors.V3) throws {
    let c = canonical(v)
    let sig = SignatureV3.signature(
      stringToSign: SignatureV3.stringToSign(canonicalRequest: c.request), secret: v.accessKeySecret)
    let auth = SignatureV3.authorization(accessKeyId: v.accessKeyId, signedHeaders: c.signedHeaders, signature: sig)
    if let expected = v.signature { #expect(sig == expected) }
    if let expected = v.authorization { #expect(auth == expected) }
    #expect(v.signature != nil || v.authorization != nil)
  }

  @Test(arguments: Vectors.all.signatureV3)
  func signV3ReproducesTheVector(_ v: Vectors.V3) throws {
    let dateText = try #require(v.headers["x-acs-date"])
    let date = try #require(ISO8601DateFormatter().date(from: dateText))
    let action = try #require(v.headers["x-acs-action"])
    let version = try #require(v.headers["x-acs-version"])
    let nonce = try #require(v.headers["x-acs-signature-nonce"])
    let headers = RequestSigner.signV3(
      method: v.method, host: v.host, action: action, version: version, query: v.query, body: Array(v.body.utf8),
      credential: Credential(accessKeyId: v.accessKeyId, accessKeySecret: v.accessKeySecret), date: date,
      nonce: nonce)
    #expect(headers["x-acs-date"] == v.headers["x-acs-date"])
    #expect(headers["x-acs-content-sha256"] == SignatureV3.emptyPayloadHash)
    let auth = try #require(headers["authorization"])
    if let expected = v.authorization { #expect(auth == expected) }
    if let expected = v.signature { #expect(auth.hasSuffix(",Signature=" + expected)) }
    #expect(
      SignatureV3.verify(
        method: v.method, query: v.query, headers: headers, body: Array(v.body.utf8), secret: v.accessKeySecret))
  }

  @Test func verifyRejectsTampering() {
    let cred = Credential(accessKeyId: "id", accessKeySecret: "sk", securityToken: "sts")
    let query = ["RegionId": "cn-hangzhou", "VpcName": "a b*~"]
    let headers = RequestSigner.signV3(
      method: "POST", host: "vpc.aliyuncs.com", action: "CreateVpc", version: "2016-04-28", query: query,
      credential: cred)
    #expect(headers["x-acs-security-token"] == "sts")
    #expect(headers["authorization"]?.contains("x-acs-security-token") == true)
    #expect(SignatureV3.verify(method: "POST", query: query, headers: headers, body: [], secret: "sk"))
    #expect(!SignatureV3.verify(method: "POST", query: query, headers: headers, body: [], secret: "sk2"))
    #expect(!SignatureV3.verify(method: "GET", query: query, headers: headers, body: [], secret: "sk"))
    #expect(
      !SignatureV3.verify(
        method: "POST", query: query.merging(["X": "1"]) { $1 }, headers: headers, body: [], secret: "sk"))
    #expect(!SignatureV3.verify(method: "POST", query: query, headers: headers, body: [1], secret: "sk"))
    var h = headers
    h["x-acs-action"] = "DeleteVpc"
    #expect(!SignatureV3.verify(method: "POST", query: query, headers: h, body: [], secret: "sk"))
    h = headers
    h.removeValue(forKey: "authorization")
    #expect(!SignatureV3.verify(method: "POST", query: query, headers: h, body: [], secret: "sk"))
  }

  /// The caller's headers are lower-cased, signed trimmed when they are `x-acs-*` or
  /// `content-type`, and never replace the signer's own; the result verifies.
  @Test func callerHeadersAreSignedAsTheSpecificationSays() throws {
    let cred = Credential(accessKeyId: "id", accessKeySecret: "sk")
    let query = ["RegionId": "cn-hangzhou", "B": "2", "A": "1 2"]
    let headers = RequestSigner.signV3(
      method: "post", host: "vpc.aliyuncs.com", action: "DescribeVpcs", version: "2016-04-28", query: query,
      headers: ["Content-Type": " application/json ", "X-Acs-Action": "DeleteVpc", "Accept": "application/json"],
      credential: cred, date: Date(timeIntervalSince1970: 1_698_315_752), nonce: "n1")
    #expect(headers["x-acs-action"] == "DescribeVpcs")
    #expect(headers["accept"] == "application/json")
    let auth = try #require(headers["authorization"]).description
    #expect(
      auth.contains(
        "SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
      ))
    // The same signature as the canonical request spelled out by the public pieces.
    let names = SignatureV3.defaultSignedHeaderNames(headers)
    let request = SignatureV3.canonicalRequest(
      method: "POST", query: query, headers: headers, signedHeaderNames: names,
      hashedPayload: SignatureV3.emptyPayloadHash)
    #expect(request.contains("content-type:application/json\n"))
    let expected = SignatureV3.signature(
      stringToSign: SignatureV3.stringToSign(canonicalRequest: request), secret: "sk")
    #expect(auth.hasSuffix(",Signature=" + expected))
    #expect(SignatureV3.verify(method: "POST", query: query, headers: headers, body: [], secret: "sk"))
    // A query given already canonical signs the same.
    var q: [UInt8] = []
    PercentEncoding.appendCanonicalQuery(query, to: &q)
    let again = RequestSigner.signV3(
      method: "post", host: "vpc.aliyuncs.com", action: "DescribeVpcs", version: "2016-04-28", canonicalQuery: q,
      headers: ["Content-Type": " application/json ", "X-Acs-Action": "DeleteVpc", "Accept": "application/json"],
      credential: cred, date: Date(timeIntervalSince1970: 1_698_315_752), nonce: "n1")
    #expect(again == headers)
  }

  @Test func parseAuthorization() {
    let p = SignatureV3.parseAuthorization("ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;x-acs-date,Signature=ab")
    #expect(p == .init(accessKeyId: "ak", signedHeaders: ["host", "x-acs-date"], signature: "ab"))
    #expect(SignatureV3.parseAuthorization("HMAC Credential=ak") == nil)
    #expect(SignatureV3.parseAuthorization("ACS3-HMAC-SHA256 Credential=ak,Signature=ab") == nil)
  }

  @Test func timestampFormat() {
    #expect(RequestSigner.timestamp(Date(timeIntervalSince1970: 1_698_315_752)) == "2023-10-26T10:22:32Z")
    #expect(RequestSigner.makeNonce().count == 32)
    #expect(RequestSigner.makeNonce() != RequestSigner.makeNonce())
  }
}
