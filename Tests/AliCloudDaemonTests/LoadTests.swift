import AliCloudClient
import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Glibc
import Testing

@testable import TestSupport

@Suite struct LoadTests {
  /// 200 connections × 50 pipelined calls: every reply reaches the caller that asked.
  @Test func manyConnectionsWithPipelinedCalls() async throws {
    raiseFileLimit()
    let f = try DaemonFixture {
      $0.maxConnections = 512; $0.maxConnectionsPerUID = 512
    }
    let clients = try (0..<200).map { _ in try f.client() }
    let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
      for (n, client) in clients.enumerated() {
        for k in 0..<50 {
          group.addTask {
            let tag = "c\(n)-k\(k)"
            let r = try await client.call("vpc/create", params: ["inputs": [["vpcName": .string(tag)]]])
            return r["echo"]?["inputs"]?[0]?["vpcName"]?.stringValue == tag ? 0 : 1
          }
        }
      }
      return try await group.reduce(0, +)
    }
    #expect(mismatches == 0)
    let status = f.daemon.status()
    #expect(status["calls"]?["vpc/create"] == 10_000)
    #expect(status["connections"] == 200)
    await f.stop()
  }

  /// A client that sends but never reads: the daemon stops reading it once its output is over
  /// the cap, instead of buffering without bound, and catches up once the client reads.
  @Test func slowReaderGetsBackPressure() async throws {
    let f = try DaemonFixture { $0.connection.outputCap = 256 << 10 }
    let s = try f.raw()
    let payload = String(repeating: "p", count: 32 << 10)
    let total = 400  // 12.8 MB of replies
    var sent = 0
    while sent < total {
      let frame = FrameEncoder.encode(
        [
          "jsonrpc": "2.0", "id": .int(sent), "method": "vpc/create",
          "params": ["inputs": [["payload": .string(payload)]]],
        ] as JSONValue)
      if !s.send(frame, timeout: .milliseconds(300)) { break }
      sent += 1
    }
    let served = f.daemon.status()["calls"]?["vpc/create"]?.intValue ?? 0
    #expect(sent < total)  // our writes blocked: the daemon stopped reading
    #expect(served < total)
    var got = 0
    while got < sent, await s.readFrame() != nil { got += 1 }
    #expect(got == sent)
    await f.stop()
  }

  @Test func stalledReaderIsDisconnected() async throws {
    let f = try DaemonFixture {
      $0.connection.outputCap = 64 << 10
      $0.connection.stallTimeout = .milliseconds(200)
    }
    let s = try f.raw()
    let payload = String(repeating: "p", count: 64 << 10)
    for i in 0..<40 {
      let frame = FrameEncoder.encode(
        [
          "jsonrpc": "2.0", "id": .int(i), "method": "vpc/create",
          "params": ["inputs": [["payload": .string(payload)]]],
        ] as JSONValue)
      if !s.send(frame, timeout: .milliseconds(100)) { break }
    }
    try await eventually("every connection closed") { f.daemon.counts.connections == 0 }
    #expect(f.daemon.counts.connections == 0)
    await f.stop()
  }

  func raiseFileLimit() { OpenFileLimit.raise(toAtLeast: 4096) }

  /// The per-uid limit refuses the connection over it with TooManyConnections and closes it; a
  /// connection that ends makes room again.
  @Test func connectionsOverThePerUIDLimitAreRefusedNamingTheLimit() async throws {
    let f = try DaemonFixture {
      $0.maxConnections = 10
      $0.maxConnectionsPerUID = 3
    }
    let admitted = try (0..<3).map { _ in try f.client() }
    for c in admitted { _ = try await c.call("daemon.ping") }
    let refused = try f.raw()
    let reply = await refused.readFrame()
    #expect(reply?["error"]?["code"] == .int(RPCErrorKind.tooManyConnections.code))
    #expect(reply?["error"]?["message"]?.stringValue?.contains("3 per uid") == true)
    #expect(await refused.readsEOF())
    admitted[0].close()
    try await eventually("the closed connection to be counted out") { f.daemon.counts.connections == 2 }
    let again = try f.client()
    #expect(try await again.call("daemon.ping")["version"] != nil)
    await f.stop()
  }
}
