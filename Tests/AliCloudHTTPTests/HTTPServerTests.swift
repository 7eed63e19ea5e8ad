import AliCloudCore
import AliCloudHTTP
import Foundation
import TestSupport
import Testing

/// A server that echoes method, target, body and connection id as JSON.
private func echoServer(_ configure: (inout HTTPServer.Configuration) -> Void = { _ in }) throws -> (HTTPServer, UInt16)
{
  var c = HTTPServer.Configuration()
  configure(&c)
  let server = HTTPServer(configuration: c) { r in
    if r.path == "/drop" { return .drop }
    if r.path == "/close" { return HTTPResponse(status: 200, closeConnection: true) }
    if r.path == "/slow" { try? await Task.sleep(for: .milliseconds(100)) }  // a deliberately slow handler
    return .json(
      200,
      [
        "method": .string(r.method), "target": .string(r.target),
        "body": .string(String(decoding: r.body, as: UTF8.self)),
        "connection": .int(r.connectionID), "query": .string(r.query),
      ])
  }
  return (server, try server.start())
}

private func json(_ r: LoopbackHTTPClient.Response) throws -> JSONValue { try JSONValue.parse(r.body) }

@Suite("HTTP server over loopback")
struct HTTPServerTests {
  @Test func servesOneRequestAndReportsEphemeralPort() async throws {
    try await offPool {
      let (server, port) = try echoServer()
      defer { server.stop() }
      #expect(port > 0)
      let c = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try c.send("POST /a?b=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
      let r = try c.readResponse()
      #expect(r.status == 200)
      let j = try json(r)
      #expect(j["body"] == "hello")
      #expect(j["query"] == "b=1")
      #expect(j["method"] == "POST")
    }
  }

  @Test func requestSplitAcrossManyWrites() async throws {
    try await offPool {
      let (server, port) = try echoServer()
      defer { server.stop() }
      let c = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      let whole = "POST /split HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world"
      for ch in whole {
        try c.send(String(ch))
        if ch == "\n" { usleep(1000) }  // a deliberate gap, so the lines arrive in separate reads
      }
      let r = try c.readResponse()
      #expect(try json(r)["body"] == "hello world")
    }
  }

  @Test func keepAliveReusesOneConnectionAndCountsIt() async throws {
    try await offPool {
      let (server, port) = try echoServer()
      defer { server.stop() }
      let c = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      for i in 0..<3 {
        try c.send("GET /k\(i) HTTP/1.1\r\nHost: x\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.headers["connection"] == "keep-alive")
        #expect(try json(r)["target"] == .string("/k\(i)"))
      }
      let s = server.stats
      #expect(s.connectionsAccepted == 1)
      #expect(s.requestsServed == 3)
    }
  }

  @Test func pipelinedRequestsAnsweredInOrder() async throws {
    try await offPool {
      let (server, port) = try echoServer()
      defer { server.stop() }
      let c = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try c.send(
        "POST /slow HTTP/1.1\r\nContent-Length: 1\r\n\r\nAGET /two HTTP/1.1\r\n\r\nPOST /three HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyz"
      )
      #expect(try json(c.readResponse())["body"] == "A")
      #expect(try json(c.readResponse())["target"] == "/two")
      #expect(try json(c.readResponse())["body"] == "xyz")
    }
  }

  @Test func connectionCloseAndHTTP10CloseAfterResponse() async throws {
    try await offPool {
      let (server, port) = try echoServer()
      defer { server.stop() }
      let a = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try a.send("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
      #expect(try a.readResponse().headers["connection"] == "close")
      #expect(a.isClosedByPeer())
      let b = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try b.send("GET / HTTP/1.0\r\n\r\n")
      #expect(try b.readResponse().status == 200)
      #expect(b.isClosedByPeer())
    }
  }

  @Test func malformedRequestLinesGet400() async throws {
    try await offPool {
      let (server, port) = try echoServer()
      defer { server.stop() }
      for bad in [
        "GARBAGE\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/1.1 extra\r\n\r\n", "G@T / HTTP/1.1\r\n\r\n",
        "GET x HTTP/1.1\r\n\r\n",
      ] {
        let c = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
        try c.send(bad)
        let r = try c.readResponse()
        #expect(r.status == 400, "\(bad.debugDescription)")
        #expect(c.isClosedByPeer())
      }
      let c = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try c.send("GET / HTTP/2.0\r\n\r\n")
      #expect(try c.readResponse().status == 505)
      let d = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try d.send("GET / HTTP/1.1\r\nBad Header\r\n\r\n")
      #expect(try d.readResponse().status == 400)
      #expect(server.stats.requestsRejected == 7)
    }
  }

  @Test func limitsAreEnforced() async throws {
    try await offPool {
      let (server, port) = try echoServer {
        $0.limits.maxBodyBytes = 100
        $0.limits.maxHeaderBytes = 512
        $0.limits.maxHeaderCount = 5
      }
      defer { server.stop() }
      let a = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try a.send("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n")
      #expect(try a.readResponse().status == 413)
      let b = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try b.send("GET / HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 600))\r\n\r\n")
      #expect(try b.readResponse().status == 431)
      let c = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try c.send("GET / HTTP/1.1\r\n" + (0..<6).map { "X-\($0): v\r\n" }.joined() + "\r\n")
      #expect(try c.readResponse().status == 431)
      let d = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try d.send("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
      #expect(try d.readResponse().status == 501)
      let e = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try e.send("POST / HTTP/1.1\r\nContent-Length: 12abc\r\n\r\n")
      #expect(try e.readResponse().status == 400)
    }
  }

  @Test func incompleteRequestTimesOutWith408() async throws {
    try await offPool {
      let (server, port) = try echoServer { $0.limits.requestTimeout = 0.2 }
      defer { server.stop() }
      let c = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try c.send("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")
      #expect(try c.readResponse().status == 408)
      #expect(c.isClosedByPeer())
    }
  }

  @Test func expectContinueIsAnswered() async throws {
    try await offPool {
      let (server, port) = try echoServer()
      defer { server.stop() }
      let c = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try c.send("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
      #expect(try c.readResponse().status == 100)
      try c.send("abc")
      #expect(try json(c.readResponse())["body"] == "abc")
    }
  }

  @Test func handlerCanDropOrCloseTheConnection() async throws {
    try await offPool {
      let (server, port) = try echoServer()
      defer { server.stop() }
      let a = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try a.send("GET /drop HTTP/1.1\r\n\r\n")
      #expect(throws: (any Error).self) { try a.readResponse() }
      let b = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try b.send("GET /close HTTP/1.1\r\n\r\n")
      #expect(try b.readResponse().headers["connection"] == "close")
      #expect(b.isClosedByPeer())
    }
  }

  @Test func concurrentConnectionsAndCleanShutdown() async throws {
    let (server, port) = try echoServer()
    try await withThrowingTaskGroup(of: Int.self) { group in
      for i in 0..<8 {
        group.addTask {
          try await offPool {
            let c = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
            try c.send("POST /slow HTTP/1.1\r\nContent-Length: 1\r\n\r\n\(i)")
            return try json(c.readResponse())["connection"]?.intValue ?? 0
          }
        }
      }
      var ids = Set<Int>()
      for try await id in group { ids.insert(id) }
      #expect(ids.count == 8)
    }
    #expect(server.stats.connectionsAccepted == 8)
    try await offPool {
      let idle = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
      try idle.send("GET / HTTP/1.1\r\n\r\n")
      _ = try idle.readResponse()
      server.stop()
      #expect(idle.isClosedByPeer())
      #expect(server.stats.connectionsOpen == 0)
      #expect(throws: (any Error).self) { try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5) }
    }
  }
}
