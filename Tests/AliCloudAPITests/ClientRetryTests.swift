import AliCloudAPI
import AliCloudCore
import AliCloudSigning
import Testing

@Suite struct ClientRetryTests {
  let ok: JSONValue = ["RequestId": "REQ-OK", "VpcId": "vpc-1"]

  @Test func throttlingThenSuccessHonoursRetryAfter() async throws {
    let t = FakeTransport([
      .json(400, Fixtures.error("Throttling.User", status: 400), headers: ["x-acs-retry-after": "3"]),
      .json(200, ok),
    ])
    let c = Fixtures.client(t)
    let r = try await c.call(
      product: .vpc, action: "DescribeVpcs", region: "cn-beijing", credential: Fixtures.credential)
    #expect(r["VpcId"] == "vpc-1")
    #expect(t.requests.count == 2)
    #expect(t.requests[1].headers["x-acs-retry-attempts"] == "1")
    #expect(t.requests[1].headers["x-acs-retry-delay"] == "3")
    #expect(c.metrics.retries == 1)
  }

  @Test func retryAfterIsCappedAndBackoffIsBoundedWithJitter() {
    let p = RetryPolicy(maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 500)
    var e = AliCloudError(kind: .service, code: "Throttling", message: "")
    e.retryAfterMs = 60_000
    #expect(p.delayMs(retry: 1, error: e) == 500)
    e.retryAfterMs = nil
    var seen = Set<Int>()
    for _ in 0..<50 {
      let d1 = p.delayMs(retry: 1, error: e)
      #expect((50...100).contains(d1))
      let d4 = p.delayMs(retry: 4, error: e)
      #expect((400...800).contains(d4))
      #expect((500...1000).contains(p.delayMs(retry: 20, error: e)))
      seen.insert(d4)
    }
    #expect(seen.count > 5, "jitter must vary the delay")
  }

  @Test(arguments: [
    ("Throttling", 400, true), ("Throttling.User", 400, true), ("Throttling.Api", 400, true),
    ("Rejected.Throttling", 400, true), ("ServiceUnavailable", 503, true), ("SystemBusy", 400, true),
    ("InternalError", 500, true), ("InvalidVpcId.NotFound", 404, false), ("SignatureDoesNotMatch", 400, false),
    ("OperationConflict", 400, false), ("IncorrectVpcStatus", 400, false),
  ])
  func classification(_ code: String, _ status: Int, _ retryable: Bool) {
    let e = AliCloudError(kind: .service, code: code, message: "", httpStatus: status)
    #expect(RetryPolicy().isRetryable(e) == retryable)
  }

  @Test func perOperationCodesIncludingDottedExtensions() {
    let p = RetryPolicy()
    let dv = AliCloudError(kind: .service, code: "DependencyViolation.VSwitch", message: "", httpStatus: 400)
    #expect(!p.isRetryable(dv))
    #expect(p.isRetryable(dv, extraCodes: ["DependencyViolation"]))
    #expect(!p.isRetryable(dv, extraCodes: ["DependencyViolationX"]))
    #expect(p.isRetryable(.transport(.timeout, "t")))
    #expect(p.isRetryable(.transport(.connection, "c")))
    #expect(!p.isRetryable(AliCloudError(kind: .connection, code: "TLSError", message: "")))
  }

  @Test func serverErrorsAndTimeoutsAreRetriedWithTheSameClientToken() async throws {
    let t = FakeTransport([
      .json(503, Fixtures.error("ServiceUnavailable", status: 503)),
      .fail(.transport(.timeout, "no answer")),
      .fail(.transport(.connection, "refused")),
      .json(200, ok),
    ])
    let c = Fixtures.client(t)
    _ = try await c.call(
      product: .vpc, action: "CreateVpc", params: ["CidrBlock": "10.0.0.0/16"], region: "cn-beijing",
      credential: Fixtures.credential, clientToken: "tok-abc")
    #expect(t.requests.count == 4)
    #expect(t.queries.allSatisfy { $0["ClientToken"] == "tok-abc" })
    #expect(Set(t.requests.map { $0.headers["x-acs-signature-nonce"] ?? "" }).count == 4, "fresh nonce per attempt")
  }

  @Test func redisCreateUsesToken() async throws {
    let t = FakeTransport([.json(200, ok)])
    _ = try await Fixtures.client(t).call(
      product: .rkvstore, action: "CreateInstance", region: "cn-beijing", credential: Fixtures.credential,
      clientToken: "tok-1")
    #expect(t.queries[0]["Token"] == "tok-1")
    #expect(t.queries[0]["ClientToken"] == nil)
  }

  @Test func nonRetryableErrorSurfacesCodeAndRequestId() async throws {
    let t = FakeTransport([.json(404, Fixtures.error("InvalidVpcId.NotFound", status: 404, requestId: "REQ-42"))])
    let c = Fixtures.client(t)
    do {
      _ = try await c.call(product: .vpc, action: "DeleteVpc", region: "cn-beijing", credential: Fixtures.credential)
      Issue.record("expected an error")
    } catch {
      #expect(error.code == "InvalidVpcId.NotFound")
      #expect(error.requestId == "REQ-42")
      #expect(error.httpStatus == 404)
      #expect(error.hostId == "vpc.aliyuncs.com")
      #expect(!error.retryable)
      #expect(error.isNotFound)
      #expect(error.description.contains("REQ-42"))
      #expect(!error.description.contains("test-secret-value"))
    }
    #expect(t.requests.count == 1)
    #expect(c.metrics.errors == 1)
  }

  @Test func successStatusWithACodeIsAnError() async {
    let t = FakeTransport([.json(200, Fixtures.error("Forbidden.RAM", status: 200))])
    await #expect(throws: AliCloudError.self) {
      _ = try await Fixtures.client(t).call(
        product: .ecs, action: "DescribeInstances", region: "cn-beijing", credential: Fixtures.credential)
    }
  }

  @Test func attemptsAreBoundedAndExtraCodesRetry() async throws {
    let t = FakeTransport([.json(400, Fixtures.error("OperationConflict", status: 400))])
    let c = Fixtures.client(t)
    do {
      _ = try await c.call(
        product: .vpc, action: "DeleteVpc", region: "cn-beijing", credential: Fixtures.credential,
        extraRetryable: ["OperationConflict"])
      Issue.record("expected an error")
    } catch {
      #expect(error.code == "OperationConflict")
      #expect(error.retryable)
    }
    #expect(t.requests.count == 4)
  }

  @Test func nonJSONAnswers() async {
    let bad = FakeTransport([.raw(502, "<html>bad gateway</html>")])
    do {
      _ = try await Fixtures.client(bad).call(
        product: .ecs, action: "DescribeRegions", region: "cn-beijing", credential: Fixtures.credential)
    } catch {
      #expect(error.code == "HTTP502")
    }
    #expect(bad.requests.count == 4)
    let garbage = FakeTransport([.raw(200, "not json")])
    do {
      _ = try await Fixtures.client(garbage).call(
        product: .ecs, action: "DescribeRegions", region: "cn-beijing", credential: Fixtures.credential)
    } catch {
      #expect(error.kind == .badResponse)
    }
    #expect(garbage.requests.count == 1)
  }

  @Test func badInputIsRejectedBeforeSending() async {
    let t = FakeTransport([.json(200, ok)])
    let c = Fixtures.client(t)
    await #expect(throws: AliCloudError.self) {
      _ = try await c.call(product: .vpc, action: "DescribeVpcs", region: "evil.com/x", credential: Fixtures.credential)
    }
    await #expect(throws: AliCloudError.self) {
      _ = try await c.call(
        product: .vpc, action: "Describe&Vpcs", region: "cn-beijing", credential: Fixtures.credential)
    }
    #expect(t.requests.isEmpty)
  }

  @Test func v3RequestsVerifyAndV1RequestsVerify() async throws {
    for version in [OpenAPIClient.SignatureVersion.v3, .v1] {
      let t = FakeTransport([.json(200, ok)])
      let cred = Credential(accessKeyId: "id", accessKeySecret: "sk", securityToken: "sts")
      _ = try await Fixtures.client(t, signature: version).call(
        product: .vpc, action: "CreateVpc", params: ["VpcName": "a b*~", "Tag": [["Key": "k", "Value": "v"]]],
        region: "cn-beijing", credential: cred)
      let r = t.requests[0]
      let q = t.queries[0]
      #expect(r.url.hasPrefix("https://vpc.cn-beijing.aliyuncs.com/?"))
      #expect(q["Tag.1.Key"] == "k")
      #expect(q["RegionId"] == "cn-beijing")
      if version == .v3 {
        #expect(r.headers["x-acs-action"] == "CreateVpc")
        #expect(r.headers["x-acs-version"] == "2016-04-28")
        #expect(r.headers["x-acs-security-token"] == "sts")
        #expect(SignatureV3.verify(method: "POST", query: q, headers: r.headers, body: r.body, secret: "sk"))
      } else {
        #expect(q["Action"] == "CreateVpc")
        #expect(q["SecurityToken"] == "sts")
        #expect(SignatureV1.verify(method: "POST", params: q, secret: "sk"))
      }
    }
  }

  @Test func statusCountsCallsAndHidesSecrets() async throws {
    let t = FakeTransport([.json(200, ok)])
    let c = Fixtures.client(t)
    _ = try await c.call(product: .vpc, action: "DescribeVpcs", region: "cn-beijing", credential: Fixtures.credential)
    _ = try await c.call(product: .vpc, action: "DescribeVpcs", region: "cn-beijing", credential: Fixtures.credential)
    let s = c.status()
    #expect(s["apiCalls"] == 2)
    #expect(s["cache"]?["entries"] == 1)
    #expect(s["cache"]?["hits"] == 1)
    #expect(s["cache"]?["misses"] == 1)
    #expect(s["latencyMs"]?["samples"] == 2)
    #expect(!s.jsonString().contains("test-secret-value"))
  }
}
