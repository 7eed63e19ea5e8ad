import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Foundation
import Glibc
import Testing

@testable import AliCloudDaemon
@testable import TestSupport

/// Replies answered at once (here `rpc.discover`, large) count against the output cap before they
/// are built, so a client that sends many requests and does not read holds the daemon to the cap.
@Suite struct OutputCapTests {
  @Test func immediateRepliesStayWithinTheCapWhileTheClientDoesNotRead() async throws {
    let cap = 256 << 10
    let f = try DaemonFixture { $0.connection.outputCap = cap }
    let s = try f.raw()
    let count = 300
    var bytes: [UInt8] = []
    for i in 0..<count {
      bytes += FrameEncoder.encode(["jsonrpc": "2.0", "id": .int(i), "method": "rpc.discover"] as JSONValue)
    }
    #expect(s.send(bytes))
    func pending() -> Int {
      f.daemon.state.withLock { $0.sessions.map { $0.connection.pendingOutput }.max() ?? 0 }
    }
    // The daemon fills the socket and its buffer up to the cap, then waits for the client.
    try await eventually(timeout: .seconds(20), "replies are queued") { pending() > 0 }
    var highest = 0
    for _ in 0..<50 {
      highest = max(highest, pending())
      try await Task.sleep(for: .milliseconds(10))  // samples while the client does not read
    }
    let oneReply = 2 << 20  // no reply of rpc.discover is larger
    #expect(highest <= cap + oneReply, "\(highest) bytes queued for a client that does not read")
    // Every request is still answered, in order, once the client reads.
    for i in 0..<count {
      let r = await s.readFrame(timeout: .seconds(20))
      #expect(r?["id"]?.intValue == i)
      if r?["id"]?.intValue != i { break }
    }
    await f.stop()
  }

  /// A client that queued many requests, read nothing and then went away is released at once:
  /// the daemon does not work through the requests it had not reached for nobody.
  @Test func aClientThatGoesAwayWithoutReadingIsReleasedAtOnce() async throws {
    let f = try DaemonFixture { $0.connection.outputCap = 64 << 10 }
    var bytes: [UInt8] = []
    for i in 0..<2000 {
      bytes += FrameEncoder.encode(["jsonrpc": "2.0", "id": .int(i), "method": "rpc.discover"] as JSONValue)
    }
    for _ in 0..<4 {
      let s = try f.raw()
      _ = s.send(bytes, timeout: .milliseconds(500))
    }
    // Taken, not open at once: a connection may already be gone when the last is accepted.
    try await eventually("four connections") { f.daemon.connectionsHandled == 4 }
    let before = f.daemon.stats.snapshot()["calls"]?["rpc.discover"]?.intValue ?? 0
    // The sockets close here, with replies unread (the daemon sees a reset).
    try await eventually(timeout: .seconds(5), "released") { f.daemon.counts.connections == 0 }
    let after = f.daemon.stats.snapshot()["calls"]?["rpc.discover"]?.intValue ?? 0
    #expect(after - before < 200, "\(after - before) requests answered for clients that were gone")
    await f.stop()
  }

  /// Many clients that never read hold the daemon to its shared output budget, not to the sum of
  /// their per-connection caps; once they read, every request is answered.
  @Test func clientsThatNeverReadShareOneOutputBudget() async throws {
    let budget = OutputBudget(limit: 1 << 20)
    let f = try DaemonFixture {
      $0.connection.outputCap = 4 << 20
      $0.connection.budget = budget
    }
    let connections = 8
    let count = 30
    var bytes: [UInt8] = []
    for i in 0..<count {
      bytes += FrameEncoder.encode(["jsonrpc": "2.0", "id": .int(i), "method": "rpc.discover"] as JSONValue)
    }
    let sockets = try (0..<connections).map { _ in try f.raw() }
    for s in sockets { #expect(s.send(bytes)) }
    func queued() -> Int { f.daemon.state.withLock { $0.sessions.reduce(0) { $0 + $1.connection.pendingOutput } } }
    try await eventually(timeout: .seconds(20), "replies are queued") { queued() > 0 }
    var highest = 0
    for _ in 0..<50 {
      highest = max(highest, queued())
      try await Task.sleep(for: .milliseconds(10))  // samples while no client reads
    }
    print("output queued for \(connections) clients that do not read: at most \(highest) bytes")
    #expect(budget.queued == queued(), "the budget counts what the connections hold")
    let status = try await f.client().call("daemon.status")
    #expect(status["outputQueued"]?.intValue == budget.queued)
    let oneReply = 2 << 20  // no reply of rpc.discover is larger
    // Each connection may queue one reply past the budget; without it, each would fill its cap.
    #expect(highest <= budget.limit + connections * oneReply / 4, "\(highest) bytes queued in all")
    for s in sockets {
      for i in 0..<count {
        let r = await s.readFrame(timeout: .seconds(20))
        #expect(r?["id"]?.intValue == i)
        if r?["id"]?.intValue != i { break }
      }
    }
    await f.stop()
    #expect(budget.queued == 0)
  }
}
