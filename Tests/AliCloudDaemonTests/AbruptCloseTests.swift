import AliCloudCatalog
import AliCloudCore
import AliCloudWire
import Glibc
import Testing

@testable import AliCloudDaemon
@testable import TestSupport

/// Clients that send something and close at once, in one write: the close arrives with the last
/// bytes, and nothing is written back that could notice it.
@Suite struct AbruptCloseTests {
  /// Connect-send-close cycles per pattern.
  static let cycles = 1000

  static let patterns: [(String, [UInt8])] = [
    ("notification", FrameEncoder.encode(["jsonrpc": "2.0", "method": "daemon.ping"] as JSONValue)),
    ("cancel", FrameEncoder.encode(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 7]] as JSONValue)),
    (
      "partial frame",
      Array(FrameEncoder.encode(["jsonrpc": "2.0", "id": 1, "method": "daemon.ping"] as JSONValue).dropLast(3))
    ),
    (
      "header only",
      Array(FrameEncoder.encode(["jsonrpc": "2.0", "id": 1, "method": "daemon.ping"] as JSONValue).prefix(2))
    ),
  ]

  @Test(arguments: 0..<patterns.count)
  func everyConnectionIsReleased(pattern: Int) async throws {
    let (name, bytes) = Self.patterns[pattern]
    let f = try DaemonFixture { $0.maxConnectionsPerUID = 16 }
    for _ in 0..<Self.cycles {
      let s = try f.raw()
      s.send(bytes)
      close(s.fd)
      s.forgetDescriptor()
    }
    try await eventually(timeout: .seconds(20), "\(name): every connection taken") {
      f.daemon.connectionsHandled == Self.cycles
    }
    try await eventually(timeout: .seconds(20), "\(name): every connection released") {
      f.daemon.counts.connections == 0
    }
    // The uid is not locked out: a new connection is served.
    let s = try f.raw()
    s.request(1, "daemon.ping")
    let reply = await s.readFrame()
    #expect(reply?["result"]?["version"] != nil, "\(name): \(String(describing: reply))")
    await f.stop()
  }

  @Test func suggestionsAreSkippedForImplausiblyLongNames() {
    #expect(Suggest.nearest(to: "vpc/craete", among: Catalog.allMethodNames).first == "vpc/create")
    let huge = String(repeating: "vpc/create", count: 100_000)
    #expect(Suggest.nearest(to: huge, among: Catalog.allMethodNames).isEmpty)
  }

  @Test func recentIDsStayBoundedInSize() {
    var r = RecentIDs(capacity: 4)
    let big = RPCID.string(String(repeating: "x", count: 1 << 20))
    r.insert(big)
    #expect(!r.contains(big))
    #expect(r.storedBytes == 0)
    for i in 0..<10 { r.insert(.int(i)) }
    #expect(r.contains(.int(9)) && !r.contains(.int(5)))
    r.insert(.string("short"))
    #expect(r.contains(.string("short")))
  }
}
