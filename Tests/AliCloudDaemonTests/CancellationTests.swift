import AliCloudClient
import AliCloudCore
import AliCloudWire
import Testing

@testable import AliCloudDaemon
@testable import TestSupport

@Suite struct CancellationTests {
  func slow(_ ms: Int, every: Int = 0, token: JSONValue? = nil) -> JSONValue {
    var p: [String: JSONValue] = ["inputs": [["delayMs": .int(ms), "progressEveryMs": .int(every)]]]
    if let token { p["progressToken"] = token }
    return .object(p)
  }

  @Test func cancelledCallStillGetsReplyWithPartial() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    s.request("a", "vpc/delete", slow(10_000))
    try await eventually("the call in flight") { f.daemon.counts.inFlight == 1 }
    s.sendFrame(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": "a"]])
    let reply = await s.readFrame()
    #expect(reply?["id"] == "a")
    #expect(reply?["error"]?["code"] == -32001)
    #expect(reply?["error"]?["data"]?["name"] == "alicloudd.Cancelled")
    #expect(reply?["error"]?["data"]?["partial"]?["vpcId"] == "vpc-partial")
    await f.stop()
  }

  @Test func cancelOvertakingItsRequestInTheSameWrite() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    let req = FrameEncoder.encode(
      ["jsonrpc": "2.0", "id": 1, "method": "vpc/delete", "params": slow(10_000)] as JSONValue)
    let cancel = FrameEncoder.encode(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 1]] as JSONValue)
    s.send(req + cancel)
    let reply = await s.readFrame()
    #expect(reply?["error"]?["code"] == -32001)
    await f.stop()
  }

  /// A cancel racing completion: exactly one reply, either the result or the cancellation.
  @Test func cancelRacingCompletionGivesExactlyOneReply() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    for i in 0..<30 {
      s.request(.int(i), "vpc/delete", slow(i % 3 * 5))
      s.sendFrame(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": .int(i)]])
    }
    var seen: [Int] = []
    for _ in 0..<30 {
      guard let r = await s.readFrame(), let id = r["id"]?.intValue else { break }
      #expect(r["result"]?["done"] == true || r["error"]?["code"] == -32001)
      seen.append(id)
    }
    #expect(seen.sorted() == Array(0..<30))
    #expect(await s.readFrame(timeout: .milliseconds(100)) == nil)
    await f.stop()
  }

  @Test func lateAndUnknownCancelsAreQuiet() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    s.request(1, "vpc/delete", slow(0))
    let first = await s.readFrame()
    #expect(first?["result"]?["done"] == true, "\(String(describing: first))")
    s.sendFrame(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 1]])
    s.sendFrame(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 99]])
    s.request(2, "daemon.ping")
    #expect(await s.readFrame()?["id"] == 2)  // no reply for the two notifications
    await f.stop()
  }

  @Test func closingTheConnectionCancelsItsCalls() async throws {
    let f = try DaemonFixture()
    do {
      let s = try f.raw()
      s.request(1, "vpc/delete", slow(60_000))
      s.request(2, "vpc/delete", slow(60_000))
      try await eventually("both calls in flight") { f.daemon.counts.inFlight == 2 }
      #expect(f.daemon.counts.inFlight == 2)
    }
    try await eventually("no call in flight after the close") { f.daemon.counts.inFlight == 0 }
    #expect(f.daemon.counts.inFlight == 0)
    await f.stop()
  }

  @Test func clientTaskCancellationSendsCancelAndGetsReply() async throws {
    let f = try DaemonFixture()
    let c = try f.client()
    let task = Task { try await c.call("vpc/delete", params: slow(60_000)) }
    try await eventually("the call in flight") { f.daemon.counts.inFlight == 1 }
    task.cancel()
    do {
      _ = try await task.value
      Issue.record("expected cancellation")
    } catch let e as ClientError {
      #expect(e.isCancelled)
      #expect(e.data["partial"]?["vpcId"] == "vpc-partial")
    }
    await f.stop()
  }

  @Test func clientTimeoutCancelsOnTheDaemon() async throws {
    let f = try DaemonFixture()
    let c = try f.client()
    await #expect(throws: ClientError.self) {
      try await c.call("vpc/delete", params: slow(60_000), timeout: .milliseconds(50))
    }
    try await eventually("no call in flight after the timeout") { f.daemon.counts.inFlight == 0 }
    #expect(f.daemon.counts.inFlight == 0)
    await f.stop()
  }

  @Test func progressComesBeforeTheReplyAndNeverAfter() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    s.request(1, "vpc/delete", slow(60, every: 10, token: "tok"))
    var kinds: [String] = []
    var reply: JSONValue?
    while let m = await s.readFrame() {
      if m["method"] == "$/progress" {
        #expect(m["params"]?["token"] == "tok")
        kinds.append(m["params"]?["value"]?["kind"]?.stringValue ?? "?")
      } else {
        reply = m
        break
      }
    }
    #expect(reply?["result"]?["done"] == true)
    #expect(kinds.first == "begin" && kinds.last == "end")
    #expect(kinds.dropFirst().dropLast().allSatisfy { $0 == "report" } && kinds.count >= 4)
    #expect(await s.readFrame(timeout: .milliseconds(100)) == nil)
    await f.stop()
  }

  @Test func clientReceivesProgress() async throws {
    let f = try DaemonFixture()
    let c = try f.client()
    let seen = Counter()
    let r = try await c.call("vpc/delete", params: slow(30, every: 10), progress: { _ in seen.increment() })
    #expect(r["done"] == true)
    #expect(seen.value >= 3)
    await f.stop()
  }
}
