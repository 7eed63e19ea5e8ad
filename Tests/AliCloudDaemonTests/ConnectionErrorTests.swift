import AliCloudClient
import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Foundation
import Testing

@testable import AliCloudDaemon
@testable import TestSupport

/// Errors the daemon sends for a connection as a whole (`"id": null`) reach the caller with the
/// daemon's name and message, rather than as a closed connection or a hang.
@Suite struct ConnectionErrorTests {
  @Test func refusedConnectionsFailWithTheDaemonsError() async throws {
    let f = try DaemonFixture { $0.maxConnectionsPerUID = 1 }
    let held = try f.client()
    #expect(try await held.call("daemon.ping")["version"] != nil)
    for _ in 0..<30 {
      let c = try f.client()
      do {
        _ = try await c.call("daemon.ping", timeout: .seconds(20))
        Issue.record("a connection over the limit was served")
      } catch {
        #expect(error.name == RPCErrorKind.tooManyConnections.name, "\(error)")
        #expect(error.message.contains("too many connections"), "\(error)")
      }
    }
    await f.stop()
  }

  @Test func refusedPeerFailsWithTheDaemonsError() async throws {
    let f = try DaemonFixture { $0.peerPolicy = PeerPolicy(allowedUIDs: [4_000_000]) }
    let c = try f.client()
    await #expect(throws: ClientError.self) { _ = try await c.call("daemon.ping", timeout: .seconds(20)) }
    do {
      _ = try await c.call("daemon.ping", timeout: .seconds(20))
    } catch {
      #expect(error.name == RPCErrorKind.unauthorizedPeer.name, "\(error)")
    }
    await f.stop()
  }
}
