import AliCloudSigning
import Foundation
import Testing

@Suite struct SignatureV1Tests {
  @Test func vectorsAreLoaded() {
    #expect(Vectors.all.signatureV1.count == 5)
  }

  @Test(arguments: Vectors.all.signatureV1)
  func stringToSignAndSignature(_ v: Vectors.V1) {
    let sts = SignatureV1.stringToSign(method: v.method, params: v.params)
    #expect(sts == v.stringToSign)
    #expect(SignatureV1.signature(stringToSign: sts, secret: v.accessKeySecret) == v.signature)
    #expect(SignatureV1.sign(method: v.method, params: v.params, secret: v.accessKeySecret) == v.signature)
  }

  @Test(arguments: Vectors.all.signatureV1)
  func verifyAcceptsTheVectorAndRejectsTampering(_ v: Vectors.V1) {
    var signed = v.params
    signed["Signature"] = v.signature
    #expect(SignatureV1.verify(method: v.method, params: signed, secret: v.accessKeySecret))
    #expect(!SignatureV1.verify(method: v.method, params: signed, secret: v.accessKeySecret + "x"))
    let other = v.method == "GET" ? "POST" : "GET"
    #expect(!SignatureV1.verify(method: other, params: signed, secret: v.accessKeySecret))
    signed["Extra"] = "1"
    #expect(!SignatureV1.verify(method: v.method, params: signed, secret: v.accessKeySecret))
  }

  @Test func signV1AddsCommonParametersAndMatchesTheSDKVector() throws {
    let v = try #require(Vectors.all.signatureV1.first { $0.name == "V1-E" })
    var own = v.params
    for k in [
      "Action", "Version", "Format", "AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce",
      "Timestamp",
    ] {
      own.removeValue(forKey: k)
    }
    let date = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01T00:00:00Z
    var signed = RequestSigner.signV1(
      method: "POST", action: "CreateVpc", version: "2016-04-28", params: own.merging(["Format": "json"]) { $1 },
      credential: Credential(accessKeyId: "testid", accessKeySecret: "testsecret"), date: date, nonce: "nonce-0001")
    #expect(signed["Signature"] == v.signature)
    signed.removeValue(forKey: "Signature")
    #expect(signed == v.params)
  }

  @Test func stsTokenIsASignedParameter() {
    let cred = Credential(accessKeyId: "id", accessKeySecret: "sk", securityToken: "tok")
    let p = RequestSigner.signV1(
      method: "POST", action: "DescribeVpcs", version: "2016-04-28", params: [:], credential: cred)
    #expect(p["SecurityToken"] == "tok")
    #expect(SignatureV1.verify(method: "POST", params: p, secret: "sk"))
    var tampered = p
    tampered["SecurityToken"] = "other"
    #expect(!SignatureV1.verify(method: "POST", params: tampered, secret: "sk"))
  }
}
