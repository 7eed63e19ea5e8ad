import AliCloudAPI
import AliCloudCore
import Testing

/// Answers lost on the way back: a transport-level replay does not use up an attempt, and a
/// call with a ClientToken keeps trying within its window once an attempt may have been applied.
@Suite struct ReplayRetryTests {
  let ok: JSONValue = ["RequestId": "REQ-OK", "VpcId": "vpc-1"]
  let reset = AliCloudError(kind: .connection, code: "ConnectionError", message: "connection reset")
  var nonceUsed: FakeTransport.Outcome { .json(400, Fixtures.error("SignatureNonceUsed", status: 400)) }

  func create(_ c: OpenAPIClient, token: String? = "tok-1", windowMs: Int = 0) async throws(AliCloudError)
    -> JSONValue
  {
    try await c.call(
      product: .vpc, action: "CreateVpc", params: ["CidrBlock": "10.0.0.0/16"], region: "cn-beijing",
      credential: Fixtures.credential, clientToken: token, tokenRetryWindowMs: windowMs)
  }

  @Test func replayAnswerUsesNoAttemptAndEveryAttemptIsFreshlySigned() async throws {
    let t = FakeTransport([.fail(reset), nonceUsed, .json(200, ok)])
    let c = Fixtures.client(t, retry: RetryPolicy(maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2))
    let r = try await create(c)
    #expect(r["VpcId"] == "vpc-1")
    #expect(t.requests.count == 3)
    let nonces = t.requests.compactMap { $0.headers["x-acs-signature-nonce"] }
    #expect(nonces.count == 3 && Set(nonces).count == 3)
    #expect(Set(t.queries.map { $0["ClientToken"] ?? "" }) == ["tok-1"])
  }

  @Test func replayAnswersAloneCannotLoopForever() async {
    let t = FakeTransport([nonceUsed])
    let c = Fixtures.client(t, retry: RetryPolicy(maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2))
    do {
      _ = try await create(c, token: nil)
      Issue.record("expected failure")
    } catch {
      #expect(error.code == "SignatureNonceUsed")
    }
    #expect(t.requests.count == 4)
  }

  @Test func tokenCallKeepsRetryingLostAnswersWithinItsWindow() async throws {
    let t = FakeTransport(Array(repeating: .fail(reset), count: 8) + [.json(200, ok)])
    let c = Fixtures.client(t, retry: RetryPolicy(maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2))
    let r = try await create(c, windowMs: 10_000)
    #expect(r["VpcId"] == "vpc-1")
    #expect(t.requests.count == 9)
    #expect(Set(t.queries.map { $0["ClientToken"] ?? "" }) == ["tok-1"])
  }

  @Test func lostAnswerAtTheEndSaysTheCreateMayHaveHappened() async {
    let t = FakeTransport([.fail(reset)])
    let c = Fixtures.client(t, retry: RetryPolicy(maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2))
    do {
      _ = try await create(c, windowMs: 30)
      Issue.record("expected failure")
    } catch {
      #expect(error.mayHaveApplied && error.retryable)
    }
    #expect(t.requests.count >= 2)
  }

  @Test func definiteRefusalsStayBoundedAndAreNotUncertain() async {
    let t = FakeTransport([.json(400, Fixtures.error("Throttling.User", status: 400))])
    let c = Fixtures.client(t, retry: RetryPolicy(maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2))
    do {
      _ = try await create(c, windowMs: 10_000)
      Issue.record("expected failure")
    } catch {
      #expect(error.code == "Throttling.User" && !error.mayHaveApplied)
    }
    #expect(t.requests.count == 2)
  }

  @Test func withoutTokenALostAnswerGetsTheFixedAttempts() async {
    let t = FakeTransport([.fail(reset)])
    let c = Fixtures.client(t, retry: RetryPolicy(maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2))
    do {
      _ = try await create(c, token: nil, windowMs: 10_000)
      Issue.record("expected failure")
    } catch {
      #expect(error.mayHaveApplied, "the caller learns that the change may be done")
    }
    #expect(t.requests.count == 3)
  }

  /// Without a token, the caller's "busy" code after a lost answer is most likely that attempt at
  /// work: the client stops and says the call may have been carried out.
  @Test func withoutTokenABusyAnswerAfterALostOneEndsTheRetries() async {
    let busy: FakeTransport.Outcome = .json(400, Fixtures.error("IncorrectInstanceStatus", status: 400))
    let t = FakeTransport([.fail(reset), busy, busy, .json(200, ok)])
    let c = Fixtures.client(t, retry: RetryPolicy(maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 2))
    do {
      _ = try await c.call(
        product: .ecs, action: "StopInstance", params: ["InstanceId": "i-1"], region: "cn-beijing",
        credential: Fixtures.credential, extraRetryable: ["IncorrectInstanceStatus"])
      Issue.record("expected failure")
    } catch {
      #expect(error.code == "IncorrectInstanceStatus" && error.mayHaveApplied)
    }
    #expect(t.requests.count == 2)
    // Before any uncertain attempt, the same code is retried as the caller asked.
    let u = FakeTransport([busy, busy, .json(200, ok)])
    let d = Fixtures.client(u, retry: RetryPolicy(maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 2))
    let r = try? await d.call(
      product: .ecs, action: "StopInstance", params: ["InstanceId": "i-1"], region: "cn-beijing",
      credential: Fixtures.credential, extraRetryable: ["IncorrectInstanceStatus"])
    #expect(r?["VpcId"] == "vpc-1" && u.requests.count == 3)
  }
}
