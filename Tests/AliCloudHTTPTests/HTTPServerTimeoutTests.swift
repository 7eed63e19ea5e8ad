import AliCloudHTTP
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

private func okServer(requestTimeout: TimeInterval, idleTimeout: TimeInterval = 30) throws -> (HTTPServer, UInt16) {
  var c = HTTPServer.Configuration()
  c.limits.requestTimeout = requestTimeout
  c.limits.idleTimeout = idleTimeout
  let server = HTTPServer(configuration: c, blockingHandler: { _ in .text(200, "ok") })
  return (server, try server.start())
}

/// Whether the peer has sent something (or closed) within `millis`.
private func readable(_ fd: Int32, millis: Int32) -> Bool {
  var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
  return poll(&p, 1, millis) > 0
}

@Suite("HTTP server: request timeout")
struct HTTPServerTimeoutTests {
  /// A client sending one byte every 100 ms never lets a read time out; the request as a whole
  /// must still be cut off once the request timeout has passed since its first byte.
  @Test func tricklingClientIsCutOffWith408() async throws {
    try await offPool {
      let (server, port) = try okServer(requestTimeout: 0.3)
      defer { server.stop() }
      let c = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try c.send("GET / HTTP/1.1\r\nX-Slow: ")
      // Up to 20 s of trickling (200 bytes); the server must answer long before the last one.
      var sent = 0
      while sent < 200 && !readable(c.fd, millis: 100) {
        guard (try? c.send("a")) != nil else { break }
        sent += 1
      }
      #expect(sent < 200, "the server never cut the trickling request off")
      let r = try c.readResponse()
      #expect(r.status == 408)
      #expect(r.headers["connection"] == "close")
      #expect(c.isClosedByPeer())
      #expect(server.stats.requestsRejected == 1)
    }
  }

  /// A trickled body is bounded the same way.
  @Test func tricklingBodyIsCutOffWith408() async throws {
    try await offPool {
      let (server, port) = try okServer(requestTimeout: 0.3)
      defer { server.stop() }
      let c = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try c.send("POST / HTTP/1.1\r\nContent-Length: 200\r\n\r\n")
      var sent = 0
      while sent < 200 && !readable(c.fd, millis: 100) {
        guard (try? c.send("b")) != nil else { break }
        sent += 1
      }
      #expect(sent < 200)
      #expect(try c.readResponse().status == 408)
    }
  }

  /// Between requests the idle timeout applies, not the request timeout: each request gets its
  /// own deadline.
  @Test func idleKeepAliveConnectionOutlivesTheRequestTimeout() async throws {
    try await offPool {
      let (server, port) = try okServer(requestTimeout: 0.2, idleTimeout: 30)
      defer { server.stop() }
      let c = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try c.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try c.readResponse().status == 200)
      usleep(500_000)  // a deliberate idle gap longer than the request timeout, not synchronisation
      try c.send("GET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try c.readResponse().status == 200)
      #expect(server.stats.connectionsAccepted == 1)
      #expect(server.stats.requestsServed == 2)
    }
  }
}

@Suite("HTTP server: connections per client address")
struct HTTPServerClientCapTests {
  /// Clients holding partial requests from one address cannot take every connection: over the
  /// per-address cap they get 503, while another address is still served.
  @Test func oneAddressCannotTakeEveryConnection() async throws {
    try await offPool {
      var c = HTTPServer.Configuration()
      c.limits.maxConnectionsPerClient = 4
      c.limits.requestTimeout = 30
      let server = HTTPServer(configuration: c, blockingHandler: { _ in .text(200, "ok") })
      let port = try server.start()
      defer { server.stop() }
      var held: [LoopbackHTTPClient] = []
      for _ in 0..<4 {
        let h = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
        try h.send("GET / HTTP/1.1\r\nX-Held: ")
        held.append(h)
      }
      try waitUntil { server.stats.connectionsOpen == 4 }
      let refused = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      let r = try refused.readResponse()
      #expect(r.status == 503)
      #expect(String(decoding: r.body, as: UTF8.self).contains("limit 4"))
      #expect(r.headers["retry-after"] == "1")
      #expect(server.stats.connectionsRefused == 1)
      // Another client address is served meanwhile.
      let other = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5, source: "127.0.0.2")
      #expect(try other.request("GET", "/").status == 200)
      // When one held connection goes, its address may connect again.
      held.removeLast()
      try waitUntil { server.stats.connectionsOpen == 4 }
      let again = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      #expect(try again.request("GET", "/").status == 200)
    }
  }
}

/// Polls `condition` for up to 10 s (the server's counters change on its own threads).
private func waitUntil(_ condition: () -> Bool) throws {
  for _ in 0..<1000 {
    if condition() { return }
    usleep(10_000)
  }
  Issue.record("condition never held")
}
