import AliCloudCore
import AliCloudSigning
import AliCloudSim
import Foundation
import TestSupport
import Testing

@Suite("Simulator: signatures and error shapes")
struct SimAuthTests {
  @Test(arguments: [SimRequest.Signing.v1, .v3])
  func acceptsCorrectSignature(_ signing: SimRequest.Signing) async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try SimTestClient(sim, signing: signing)
      let r = try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou"])
      #expect(r.status == 200)
      #expect(r.body["TotalCount"] == 0)
      #expect(r.body["RequestId"]?.stringValue?.isEmpty == false)
      #expect(sim.simulator.requests().last?.signing == signing.rawValue)
    }
  }

  @Test(arguments: [SimRequest.Signing.v1, .v3])
  func wrongSecretIsSignatureDoesNotMatch(_ signing: SimRequest.Signing) async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try SimTestClient(
        sim, signing: signing,
        credential: Credential(accessKeyId: SimCredential.sandbox.accessKeyId, accessKeySecret: "wrong"))
      let r = try c.call("CreateVpc", ["RegionId": "cn-hangzhou", "CidrBlock": "10.0.0.0/16"])
      #expect(r.status == 400)
      #expect(r.code == "SignatureDoesNotMatch")
      let keys = Set(r.body.objectValue?.keys.map { $0 } ?? [])
      #expect(keys == ["RequestId", "HostId", "Code", "Message", "Recommend"])
      #expect(r.body["HostId"] == "vpc.aliyuncs.com")
      #expect(r.headers["x-acs-request-id"] == r.body["RequestId"]?.stringValue)
      #expect(sim.simulator.resources(kind: "vpc").isEmpty)
      #expect(r.body["Message"]?.stringValue?.contains("wrong") == false)
    }
  }

  @Test func unknownKeySkewAndReplayedNonce() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let stranger = try SimTestClient(sim, credential: Credential(accessKeyId: "LTAInobody", accessKeySecret: "x"))
      let unknown = try stranger.call("DescribeVpcs", ["RegionId": "cn-hangzhou"])
      #expect(unknown.status == 404)
      #expect(unknown.code == "InvalidAccessKeyId.NotFound")
      for signing in [SimRequest.Signing.v1, .v3] {
        let c = try SimTestClient(sim, signing: signing)
        let old = try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou"], date: Date().addingTimeInterval(-3600))
        #expect(old.code == "InvalidTimeStamp.Expired")
        #expect(old.status == 400)
        let nonce = "nonce-\(signing.rawValue)-1"
        #expect(try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou"], nonce: nonce).status == 200)
        let again = try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou"], nonce: nonce)
        #expect(again.code == "SignatureNonceUsed")
        #expect(again.status == 400)
      }
    }
  }

  @Test func stsTokenIsRequiredAndChecked() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      for signing in [SimRequest.Signing.v1, .v3] {
        let good = try SimTestClient(
          sim, signing: signing,
          credential: Credential(accessKeyId: "LTAI-sts-key", accessKeySecret: "sts-secret", securityToken: "tok-1"))
        #expect(try good.call("DescribeVpcs", ["RegionId": "cn-hangzhou"]).status == 200)
        let bad = try SimTestClient(
          sim, signing: signing,
          credential: Credential(accessKeyId: "LTAI-sts-key", accessKeySecret: "sts-secret", securityToken: "tok-2"))
        #expect(
          try bad.call("DescribeVpcs", ["RegionId": "cn-hangzhou"]).code == "InvalidSecurityToken.MismatchWithAccessKey"
        )
        let none = try SimTestClient(
          sim, signing: signing, credential: Credential(accessKeyId: "LTAI-sts-key", accessKeySecret: "sts-secret"))
        #expect(
          try none.call("DescribeVpcs", ["RegionId": "cn-hangzhou"]).code?.hasPrefix("InvalidSecurityToken") == true)
      }
    }
  }

  @Test func unsignedAndMalformedRequests() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let raw = try LoopbackHTTPClient(port: sim.port, receiveTimeoutSeconds: 5)
      try raw.send("POST /?Action=DescribeVpcs&Version=2016-04-28&RegionId=cn-hangzhou HTTP/1.1\r\nHost: x\r\n\r\n")
      let r = try raw.readResponse()
      #expect(r.status == 400)
      #expect(try JSONValue.parse(r.body)["Code"] == "MissingAccessKeyId")
      try raw.send("POST /?RegionId=cn-hangzhou HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try JSONValue.parse(raw.readResponse().body)["Code"] == "MissingAction")
      try raw.send("POST /?Action=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try raw.readResponse().status == 400)
    }
  }
}
