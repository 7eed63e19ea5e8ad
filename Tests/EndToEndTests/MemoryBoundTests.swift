import AliCloudClient
import AliCloudCore
import AliCloudWire
import Foundation
import Glibc
import TestSupport
import Testing

/// The daemon's memory stays bounded whatever a client sends without reading: output is capped
/// per connection, and requests are not read past it.
@Suite(.serialized) struct MemoryBoundTests {
  /// Resident memory of `pid` in bytes, from /proc.
  static func rss(_ pid: Int32) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
      let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    else { return 0 }
    return kb * 1024
  }

  /// The bound stated in docs/hardening.md: 64 MiB over the daemon's resident size before.
  static let bound = 64 << 20

  @Test func aClientThatNeverReadsCannotGrowTheDaemon() async throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let socket = dir + "/alicloudd.sock"
    let daemon = try ChildProcess(
      "alicloudd", ["--socket", socket, "--state-dir", dir + "/state", "--log-level", "warning"],
      environment: ["HOME": dir], log: dir + "/alicloudd.log")
    try await daemon.daemonClient(socket: socket, log: dir + "/alicloudd.log").close()
    let before = Self.rss(daemon.pid)
    // 1 MiB of requests whose replies are about 170 KB each (rpc.discover): unbounded, the
    // replies would take several GB. Three such clients at once, none reading.
    let request = FrameEncoder.encode(["jsonrpc": "2.0", "id": 1, "method": "rpc.discover"] as JSONValue)
    let load = [UInt8]((0..<((1 << 20) / request.count + 1)).lazy.flatMap { _ in request })
    var clients: [RawSocket] = []
    var peak = before
    for _ in 0..<3 {
      let s = try RawSocket(path: socket)
      clients.append(s)
      var sent = 0
      // The daemon stops reading at its output cap; what it has not read waits in the kernel.
      while sent < load.count, s.send(Array(load[sent..<min(sent + 65536, load.count)]), timeout: .seconds(1)) {
        sent += 65536
        peak = max(peak, Self.rss(daemon.pid))
      }
    }
    for _ in 0..<60 {
      peak = max(peak, Self.rss(daemon.pid))
      try await Task.sleep(for: .milliseconds(50))
    }
    print("alicloudd RSS \(before) bytes before, peak \(peak) bytes with 3 non-reading clients (bound +\(Self.bound))")
    #expect(before > 0)
    #expect(peak - before < Self.bound, "RSS grew by \(peak - before) bytes")
    // The daemon still serves others meanwhile.
    let c = try Client(socketPath: socket)
    #expect(try await c.call("daemon.ping")["version"] != nil)
    c.close()
    await daemon.kill(SIGTERM)
  }
}
