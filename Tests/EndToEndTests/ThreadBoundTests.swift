import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Foundation
import Glibc
import TestSupport
import Testing

/// The daemon's connections are served by a fixed set of event-loop threads: however many
/// clients connect and call at once, its thread count does not grow.
@Suite(.serialized) struct ThreadBoundTests {
  static func threads(_ pid: Int32) -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task"))?.count ?? 0
  }

  @Test func fiveHundredBusyConnectionsAddNoThreads() async throws {
    OpenFileLimit.raise(toAtLeast: 4096)
    let dir = try DaemonFixture.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let socket = dir + "/alicloudd.sock"
    let daemon = try ChildProcess(
      "alicloudd",
      [
        "--socket", socket, "--state-dir", dir + "/state", "--log-level", "warning", "--max-connections", "2000",
        "--max-connections-per-uid", "2000", "--io-threads", "2",
      ],
      environment: ["HOME": dir], log: dir + "/alicloudd.log")
    let control = try await daemon.daemonClient(socket: socket, log: dir + "/alicloudd.log")
    _ = try await control.call("daemon.status")
    let before = Self.threads(daemon.pid)
    // 500 connections, each with 20 pings and a status call sent at once, all answered. (Small
    // replies: the client reads the connections one after another, and large replies waiting
    // that long would meet the daemon's stall timeout on a slow machine.)
    let ping = FrameEncoder.encode(["jsonrpc": "2.0", "id": 1, "method": "daemon.ping"] as JSONValue)
    let status = FrameEncoder.encode(["jsonrpc": "2.0", "id": 2, "method": "daemon.status"] as JSONValue)
    let burst = Array(repeating: ping, count: 20).flatMap { $0 } + status
    var sockets: [RawSocket] = []
    for _ in 0..<500 {
      let s = try RawSocket(path: socket)
      #expect(s.send(burst))
      sockets.append(s)
    }
    var answered = 0
    for s in sockets {
      for _ in 0..<21 where await s.readFrame(timeout: .seconds(30)) != nil { answered += 1 }
    }
    let seen = try await control.call("daemon.status")
    let during = Self.threads(daemon.pid)
    sockets = []
    print("alicloudd threads: \(before) before, \(during) with 500 busy connections")
    #expect(answered == 500 * 21)
    #expect(seen["connections"]?.intValue == 501)
    // Slack for the cooperative pool's threads, which start on demand (at most one per core).
    #expect(during <= before + ProcessInfo.processInfo.activeProcessorCount, "\(before) -> \(during) threads")
    control.close()
    await daemon.kill(SIGTERM)
  }
}
