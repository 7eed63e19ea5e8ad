import AliCloudAPI
import Foundation
import TestSupport
import Testing

/// Replays a list of observations, the last one forever.
final class Script: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [Result<Observation, AliCloudError>]
  private(set) var reads = 0
  private var transitions: [String] = []

  init(_ items: [Result<Observation, AliCloudError>]) { self.items = items }

  func next() throws -> Observation {
    try lock.withLock {
      reads += 1
      return try (items.count > 1 ? items.removeFirst() : items[0]).get()
    }
  }

  func note(_ from: String?, _ to: String) { lock.withLock { transitions.append("\(from ?? "-")>\(to)") } }
  var seen: [String] { lock.withLock { transitions } }
}

@Suite struct WaiterTests {
  func spec(_ targets: Set<String>, failOn: Set<String> = [], timeoutMs: Int = 2_000, tolerance: Int = 3) -> WaitSpec {
    WaitSpec(
      resource: "VPC vpc-1", targets: targets, failOn: failOn, notFoundTolerance: tolerance, timeoutMs: timeoutMs,
      pollBaseMs: 1, pollMaxMs: 2)
  }

  @Test func reachesTargetAndReportsTransitions() async throws {
    let s = Script([
      .success(.notFound), .success(.state("Pending")), .success(.state("Pending")), .success(.state("Available")),
    ])
    let out = try await Waiter.wait(spec(["Available"]), onTransition: s.note) { try s.next() }
    #expect(out.final == .state("Available"))
    #expect(out.polls == 4)
    #expect(s.seen == ["->NotFound", "NotFound>Pending", "Pending>Available"])
  }

  @Test func failsFastOnAFailState() async {
    let s = Script([.success(.state("Pending")), .success(.state("Stopped"))])
    do {
      _ = try await Waiter.wait(spec(["Running"], failOn: ["Stopped"], timeoutMs: 60_000)) { try s.next() }
      Issue.record("expected failure")
    } catch {
      #expect(error.code == "UnexpectedState")
      #expect(error.message.contains("Stopped"))
    }
    #expect(s.reads == 2)
  }

  @Test func timeoutNamesTheLastStateAndElapsedTime() async {
    let s = Script([.success(.state("Creating"))])
    do {
      _ = try await Waiter.wait(spec(["Running"], timeoutMs: 30)) { try s.next() }
      Issue.record("expected timeout")
    } catch {
      #expect(error.code == "WaitTimeout")
      #expect(error.message.contains("last state Creating"))
      #expect(error.message.contains(" ms"))
      #expect(error.message.contains("VPC vpc-1"))
    }
  }

  @Test func notFoundIsToleratedThenFails() async {
    let ok = Script([.success(.notFound), .success(.notFound), .success(.state("Available"))])
    await #expect(throws: Never.self) { _ = try await Waiter.wait(spec(["Available"], tolerance: 2)) { try ok.next() } }
    let gone = Script([.failure(AliCloudError(kind: .service, code: "InvalidVpcId.NotFound", message: ""))])
    do {
      _ = try await Waiter.wait(spec(["Available"], tolerance: 2)) { try gone.next() }
      Issue.record("expected failure")
    } catch {
      #expect(error.code == "ResourceNotFound")
    }
    #expect(gone.reads == 3)
  }

  @Test func deletionTreatsNotFoundAsSuccess() async throws {
    let s = Script([
      .success(.state("Deleting")),
      .failure(AliCloudError(kind: .service, code: "InvalidVpcId.NotFound", message: "", httpStatus: 404)),
    ])
    var d = WaitSpec.deletion(resource: "VPC vpc-1", timeoutMs: 1000)
    d.pollBaseMs = 1
    let out = try await Waiter.wait(d) { try s.next() }
    #expect(out.final == .notFound)
  }

  @Test func failedReadsWithRetryableErrorsAreToleratedInARow() async throws {
    var lost = AliCloudError(kind: .connection, code: "ConnectionError", message: "reset")
    lost.retryable = true
    let s = Script([.failure(lost), .failure(lost), .success(.state("Pending")), .success(.state("Available"))])
    let out = try await Waiter.wait(spec(["Available"]), onTransition: s.note) { try s.next() }
    #expect(out.final == .state("Available") && s.reads == 4)
    #expect(s.seen == ["->Pending", "Pending>Available"])

    let broken = Script([.failure(lost)])
    do {
      _ = try await Waiter.wait(spec(["Available"])) { try broken.next() }
      Issue.record("expected failure")
    } catch {
      #expect(error.code == "ConnectionError")
    }
    #expect(broken.reads == 4)
  }

  @Test func otherErrorsEndTheWait() async {
    let s = Script([.failure(AliCloudError(kind: .service, code: "Forbidden.RAM", message: "no"))])
    do {
      _ = try await Waiter.wait(spec(["Available"])) { try s.next() }
      Issue.record("expected failure")
    } catch {
      #expect(error.code == "Forbidden.RAM")
    }
  }

  @Test func confirmationsRequireTheTargetTwiceInARow() async throws {
    let s = Script([.success(.state("Available")), .success(.state("Pending")), .success(.state("Available"))])
    var sp = spec(["Available"])
    sp.confirmations = 2
    let out = try await Waiter.wait(sp) { try s.next() }
    #expect(out.polls == 4)
  }

  @Test func cancellationEndsTheWait() async throws {
    let s = Script([.success(.state("Pending"))])
    let task = Task { () async throws(AliCloudError) -> WaitOutcome in
      try await Waiter.wait(
        WaitSpec(resource: "x", targets: ["Available"], timeoutMs: 60_000, pollBaseMs: 20, pollMaxMs: 20)
      ) { try s.next() }
    }
    try await eventually("the waiter's first poll") { s.reads > 0 }
    task.cancel()
    let result = await task.result
    guard case .failure(let e) = result else {
      Issue.record("expected cancellation")
      return
    }
    #expect((e as? AliCloudError)?.kind == .cancelled)
  }
}
