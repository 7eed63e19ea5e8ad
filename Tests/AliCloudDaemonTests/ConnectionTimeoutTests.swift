import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Glibc
import Testing

@testable import AliCloudDaemon
@testable import TestSupport

/// Idle connections and frames that never complete time out, so silent or trickling clients
/// cannot hold a uid's connections; a connection with a call in flight is never idle.
@Suite struct ConnectionTimeoutTests {
  static func fixture(idle: Duration?, frame: Duration?, perUID: Int = 1024) throws -> DaemonFixture {
    try DaemonFixture {
      $0.connection.idleTimeout = idle
      $0.connection.frameTimeout = frame
      $0.maxConnectionsPerUID = perUID
    }
  }

  static let ping = FrameEncoder.encode(["jsonrpc": "2.0", "id": 1, "method": "daemon.ping"] as JSONValue)

  @Test func idleConnectionsNoLongerLockOutTheirUID() async throws {
    let f = try Self.fixture(idle: .milliseconds(300), frame: nil, perUID: 8)
    let idle = try (0..<8).map { _ in try f.raw() }
    try await eventually("eight connections open") { f.daemon.counts.connections == 8 }
    // Every connection the uid may have is taken: the next one is refused.
    let refused = try f.raw()
    #expect(await refused.readFrame()?["error"]?["data"]?["name"] == "alicloudd.TooManyConnections")
    // Once idle for the timeout they are closed, and the uid is served again.
    for s in idle { #expect(await s.readsEOF(timeout: .seconds(10)), "an idle connection is closed") }
    try await eventually("idle connections released") { f.daemon.counts.connections == 0 }
    let s = try f.raw()
    s.request(1, "daemon.ping")
    #expect(await s.readFrame()?["result"]?["version"] != nil)
    await f.stop()
  }

  @Test func aTricklingFrameTimesOutWithANamedError() async throws {
    let f = try Self.fixture(idle: nil, frame: .milliseconds(400))
    let s = try f.raw()
    // One byte at a time, each well within any per-read timeout: only the frame deadline ends it.
    var reply: JSONValue?
    for byte in Self.ping.dropLast() {
      guard s.send([byte]) else { break }
      try await Task.sleep(for: .milliseconds(40))
      if let r = await s.readFrame(timeout: .milliseconds(1)) {
        reply = r
        break
      }
    }
    if reply == nil { reply = await s.readFrame(timeout: .seconds(10)) }
    #expect(reply?["id"] == .null)
    #expect(reply?["error"]?["code"] == -32008)
    #expect(reply?["error"]?["data"]?["name"] == "alicloudd.FrameTimeout")
    #expect(reply?["error"]?["message"]?.stringValue?.contains("0.4 s") == true, "\(String(describing: reply))")
    #expect(await s.readsEOF(timeout: .seconds(10)))
    try await eventually("connection released") { f.daemon.counts.connections == 0 }
    await f.stop()
  }

  @Test func framesThatCompleteInTimeAreServedWhateverTheirPace() async throws {
    let f = try Self.fixture(idle: .seconds(30), frame: .seconds(2))
    let s = try f.raw()
    // Many frames in a row, each split across writes and complete within its deadline: the
    // deadline belongs to each frame, not to the connection (the run is longer than one).
    for i in 0..<25 {
      let frame = FrameEncoder.encode(["jsonrpc": "2.0", "id": .int(i), "method": "daemon.ping"] as JSONValue)
      s.send(Array(frame.prefix(6)))
      try await Task.sleep(for: .milliseconds(100))
      s.send(Array(frame.dropFirst(6)))
      #expect(await s.readFrame()?["id"] == .int(i))
    }
    #expect(f.daemon.counts.connections == 1)
    await f.stop()
  }

  @Test func aConnectionWithACallInFlightIsNotIdle() async throws {
    let f = try Self.fixture(idle: .milliseconds(200), frame: nil)
    let s = try f.raw()
    s.request(1, "vpc/delete", ["inputs": [["delayMs": 1500]]])
    // The call runs for several idle timeouts with the connection silent: it stays open and the
    // reply arrives.
    let reply = await s.readFrame(timeout: .seconds(20))
    #expect(reply?["id"] == 1)
    #expect(reply?["result"] != nil, "\(String(describing: reply))")
    // Then, idle, it is closed.
    #expect(await s.readsEOF(timeout: .seconds(10)))
    await f.stop()
  }

  @Test func timeoutsAreOptionsAndZeroTurnsThemOff() throws {
    guard case .run(let o) = try DaemonOptions.parse(["--idle-timeout", "0", "--frame-timeout", "2.5"]) else {
      Issue.record("expected run")
      return
    }
    #expect(o.idleTimeout == nil)
    #expect(o.frameTimeout == .milliseconds(2500))
    guard case .run(let d) = try DaemonOptions.parse([]) else { return }
    #expect(d.idleTimeout == DaemonConfiguration.defaultIdleTimeout)
    #expect(d.frameTimeout == DaemonConfiguration.defaultFrameTimeout)
    #expect(throws: OptionError.self) { try DaemonOptions.parse(["--frame-timeout", "-1"]) }
  }
}
