import AliCloudSigning
import Testing

@Suite struct EncodingTests {
  @Test(arguments: [
    ("abcXYZ019-_.~", "abcXYZ019-_.~"), (" ", "%20"), ("*", "%2A"), ("/", "%2F"), (":", "%3A"), ("+", "%2B"),
    ("=", "%3D"), ("&", "%26"), ("中", "%E4%B8%AD"), ("", ""), ("a b*c~", "a%20b%2Ac~"),
  ])
  func percentEncoding(_ input: String, _ expected: String) {
    #expect(PercentEncoding.encode(input) == expected)
    #expect(PercentEncoding.decode(expected) == input)
  }

  @Test func decodeRejectsMalformedEscapes() {
    #expect(PercentEncoding.decode("%2") == nil)
    #expect(PercentEncoding.decode("%zz") == nil)
    #expect(PercentEncoding.decode("a+b", plusIsSpace: true) == "a b")
    #expect(PercentEncoding.decode("a+b") == "a+b")
  }

  @Test func canonicalQuerySortsByCodePoint() {
    let q = PercentEncoding.canonicalQuery(["b": "1", "InstanceId.2": "x", "InstanceId.10": "y", "a": "", "Z": "z z"])
    #expect(q == "InstanceId.10=y&InstanceId.2=x&Z=z%20z&a=&b=1")
  }

  @Test func parseQueryRoundTrips() {
    let params = ["A b": "c/d", "e": "", "中": "*~"]
    #expect(PercentEncoding.parseQuery(PercentEncoding.canonicalQuery(params)) == params)
    #expect(PercentEncoding.parseQuery("a=%G1") == nil)
  }

  @Test(arguments: [
    ([UInt8](), ""), (Array("f".utf8), "Zg=="), (Array("fo".utf8), "Zm8="), (Array("foo".utf8), "Zm9v"),
    (Array("foob".utf8), "Zm9vYg=="), ([0xff, 0xfe, 0xfd, 0x00], "//79AA=="),
  ])
  func base64(_ input: [UInt8], _ expected: String) {
    #expect(Digest.base64(input) == expected)
  }

  @Test func digests() {
    #expect(Digest.sha256Hex("") == SignatureV3.emptyPayloadHash)
    #expect(Digest.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(Digest.hex(Digest.md5(Array("abc".utf8))) == "900150983cd24fb0d6963f7d28e17f72")
    // RFC 4231 test case 2 and RFC 2202 test case 2.
    #expect(
      Digest.hex(Digest.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    #expect(
      Digest.hex(Digest.hmacSHA1(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
        == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
    // Keys longer than the 64-byte block are hashed first: RFC 4231 test case 6, RFC 2202 test case 6.
    let longKey = [UInt8](repeating: 0xaa, count: 131)
    let longMessage = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
    #expect(
      Digest.hex(Digest.hmacSHA256(key: longKey, message: longMessage))
        == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    #expect(
      Digest.hex(Digest.hmacSHA1(key: Array(longKey.prefix(80)), message: longMessage))
        == "aa4ae5e15272d00e95705637ce8a3b55ed402112")
    // A key of exactly one block, and an empty message.
    #expect(
      Digest.hex(Digest.hmacSHA256(key: [UInt8](repeating: 0x0b, count: 64), message: []))
        == "75c2e15a41527bb3a793d864734d4e49cb8dc405cdf2b2ff6a44169afa1c5dee")
    #expect(Digest.unhex("0aFf") == [0x0a, 0xff])
    #expect(Digest.unhex("0") == nil)
    #expect(Digest.unhex("zz") == nil)
  }

  @Test func credentialDescriptionHidesSecrets() {
    let c = Credential(accessKeyId: "LTAIid", accessKeySecret: "topsecret", securityToken: "sts-token")
    #expect(!"\(c)".contains("topsecret"))
    #expect(!"\(c)".contains("sts-token"))
    #expect("\(c)".contains("LTAIid"))
    #expect(Credential(accessKeyId: "a", accessKeySecret: "b", securityToken: "").securityToken == nil)
  }
}
