import AliCloudCore
import AliCloudEventLoop
import AliCloudHTTP
import AliCloudSigning
import Foundation
import TestSupport
import Testing

@testable import AliCloudAPI

/// A loopback server that checks V3 signatures and creates one "VPC" per ClientToken; a share of
/// creates is answered with a 503 *after* the resource was made, so only token de-duplication
/// keeps retries from making duplicates.
final class TokenServer: @unchecked Sendable {
  let lock = NSLock()
  var byToken: [String: String] = [:]
  var created = 0
  var requests = 0
  var badSignatures = 0
  let failEvery: Int
  let delayMs: Int
  var server: HTTPServer!

  init(failEvery: Int = 0, delayMs: Int = 0) throws {
    self.failEvery = failEvery
    self.delayMs = delayMs
    server = HTTPServer(blockingHandler: { [unowned self] r in self.handle(r) })
    try server.start()
  }

  var baseURL: String { "http://127.0.0.1:\(server.port)" }

  func handle(_ r: AliCloudHTTP.HTTPRequest) -> AliCloudHTTP.HTTPResponse {
    if delayMs > 0 { usleep(UInt32(delayMs * 1000)) }  // a deliberately slow server, for timeouts
    let query = PercentEncoding.parseQuery(r.query, plusIsSpace: false) ?? [:]
    var headers: [String: String] = [:]
    for f in r.headers { headers[f.name.lowercased()] = f.value }
    guard SignatureV3.verify(method: r.method, query: query, headers: headers, body: Array(r.body), secret: "sk") else {
      lock.withLock { badSignatures += 1 }
      return .json(400, ["Code": "SignatureDoesNotMatch", "Message": "bad", "RequestId": "R"])
    }
    return lock.withLock {
      requests += 1
      guard headers["x-acs-action"] == "CreateVpc", let token = query["ClientToken"] else {
        return .json(200, ["RequestId": .string("R\(requests)")])
      }
      let id: String
      if let existing = byToken[token] {
        id = existing
      } else {
        created += 1
        id = "vpc-\(created)"
        byToken[token] = id
      }
      if failEvery > 0 && requests % failEvery == 0 {
        return .json(503, ["Code": "ServiceUnavailable", "Message": "try later", "RequestId": "R"])
      }
      return .json(200, ["RequestId": "R", "VpcId": .string(id)])
    }
  }
}

@Suite(.serialized) struct CurlTransportTests {
  let cred = Credential(accessKeyId: "id", accessKeySecret: "sk")

  func client(_ url: String, timeoutMs: Int = 5_000, attempts: Int = 6) throws -> OpenAPIClient {
    var t = CurlTransport.Configuration()
    t.readTimeoutMs = timeoutMs
    t.connectTimeoutMs = 1_000
    return OpenAPIClient(
      configuration: .init(
        endpoints: try Endpoints.parse([url]), retry: RetryPolicy(maxAttempts: attempts, baseDelayMs: 1, maxDelayMs: 4)),
      transport: CurlTransport(configuration: t))
  }

  @Test func sequentialCallsReuseOneConnection() async throws {
    let s = try TokenServer()
    defer { s.server.stop() }
    let c = try client(s.baseURL)
    for _ in 0..<1_000 {
      _ = try await c.call(product: .vpc, action: "DescribeVpcs", region: "cn-beijing", credential: cred)
    }
    #expect(s.badSignatures == 0)
    #expect(s.requests == 1_000)
    #expect(s.server.stats.connectionsAccepted <= 3)
    #expect((c.transport.statistics()["connectionsOpened"] ?? 99) <= 3)
  }

  @Test func retriedCreatesMakeNoDuplicates() async throws {
    let s = try TokenServer(failEvery: 3)
    defer { s.server.stop() }
    let c = try client(s.baseURL, attempts: 10)
    let ids = try await withThrowingTaskGroup(of: (String, String).self) { g in
      for i in 0..<100 {
        g.addTask {
          let r = try await c.call(
            product: .vpc, action: "CreateVpc", params: ["CidrBlock": "10.0.0.0/16"], region: "cn-beijing",
            credential: cred, clientToken: "token-\(i)")
          return ("token-\(i)", r["VpcId"]?.stringValue ?? "")
        }
      }
      var out: [String: String] = [:]
      for try await (t, id) in g { out[t] = id }
      return out
    }
    #expect(ids.count == 100)
    #expect(s.created == 100)
    #expect(Set(ids.values).count == 100)
    #expect(ids.allSatisfy { s.byToken[$0.key] == $0.value })
    #expect(c.metrics.retries > 0)
  }

  @Test func refusedConnectionsAreConnectionErrors() async throws {
    let s = try TokenServer()
    let url = s.baseURL
    s.server.stop()
    let c = try client(url, attempts: 2)
    do {
      _ = try await c.call(product: .vpc, action: "DescribeVpcs", region: "cn-beijing", credential: cred)
      Issue.record("expected an error")
    } catch {
      #expect(error.kind == .connection)
      #expect(error.retryable)
    }
    #expect(c.metrics.retries == 1)
  }

  @Test func slowAnswersTimeOut() async throws {
    let s = try TokenServer(delayMs: 400)
    defer { s.server.stop() }
    let c = try client(s.baseURL, timeoutMs: 50, attempts: 1)
    do {
      _ = try await c.call(product: .vpc, action: "DescribeVpcs", region: "cn-beijing", credential: cred)
      Issue.record("expected a timeout")
    } catch {
      #expect(error.kind == .timeout)
    }
  }
}

/// Response header lines as libcurl hands them over: names lower-cased, both sides trimmed, a
/// status line (a second response after 100 Continue) starting over.
@Test func responseHeaderLinesAreKeptTrimmedWithLowerCaseNames() {
  let sink = ResponseSink()
  func feed(_ line: String) { Array(line.utf8).withUnsafeBytes { sink.header($0) } }
  feed("HTTP/1.1 100 Continue\r\n")
  feed("X-Early: gone\r\n")
  feed("HTTP/1.1 200 OK\r\n")
  feed("Content-Type: application/json;charset=utf-8\r\n")
  feed("X-Acs-Request-Id:  5B3C-2D1E \t\r\n")
  feed("x-acs-retry-after:1500\r\n")
  feed("Ünïcode-Näme: välue\r\n")
  feed("no colon here\r\n")
  feed("\r\n")
  #expect(
    sink.headers == [
      "content-type": "application/json;charset=utf-8", "x-acs-request-id": "5B3C-2D1E", "x-acs-retry-after": "1500",
      "Ünïcode-näme": "välue",
    ])
}

@Test func thePoolKeyAndTheHostHeaderAreTheURLsSchemeAndHost() {
  #expect(
    CurlTransport.baseURL(of: "https://vpc.cn-beijing.aliyuncs.com/?Action=X") == "https://vpc.cn-beijing.aliyuncs.com")
  #expect(CurlTransport.baseURL(of: "http://127.0.0.1:9001?a=b://c") == "http://127.0.0.1:9001")
  #expect(CurlTransport.baseURL(of: "no-scheme/path") == "no-scheme/path")
  #expect(CurlTransport.baseURL(of: "http:/x") == "http:/x")
  #expect(Endpoints.hostHeader(baseURL: "https://ecs.aliyuncs.com/a/b") == "ecs.aliyuncs.com")
  #expect(Endpoints.hostHeader(baseURL: "ecs.aliyuncs.com/a") == "ecs.aliyuncs.com")
}

/// Transfers on one event loop run at once: a server that answers none of `n` requests until all
/// `n` have arrived answers them all only if none waited for another (a serialized transport
/// would see every request refused when the server's wait runs out).
@Test func transfersOnOneLoopRunAtOnce() async throws {
  let n = 8
  final class Barrier: @unchecked Sendable {
    let arrived = NSCondition()
    var count = 0
  }
  let b = Barrier()
  let server = HTTPServer(blockingHandler: { _ in
    b.arrived.lock()
    b.count += 1
    b.arrived.broadcast()
    let deadline = Date(timeIntervalSinceNow: 20)
    while b.count < n && b.arrived.wait(until: deadline) {}
    let together = b.count >= n
    b.arrived.unlock()
    return .json(together ? 200 : 500, ["RequestId": .string(together ? "together" : "alone")])
  })
  try server.start()
  defer { server.stop() }
  let transport = CurlTransport()
  let loop = EventLoop(name: "test.curl")
  defer { loop.shutdown() }
  let url = "http://127.0.0.1:\(server.port)/"
  let statuses = await Task(executorPreference: loop) { () async -> [Int] in
    await withTaskGroup(of: Int.self) { group in
      for _ in 0..<n {
        group.addTask {
          #expect(loop.inLoop)
          return (try? await transport.send(HTTPRequest(method: "POST", url: url)))?.status ?? -1
        }
      }
      return await group.reduce(into: []) { $0.append($1) }
    }
  }.value
  #expect(statuses == Array(repeating: 200, count: n))
  #expect(transport.statistics()["requests"] == n)
}

/// A transport let go closes its connections on the loops that held them: making and dropping
/// transports leaves no descriptors behind.
@Test func aDroppedTransportClosesItsConnections() async throws {
  let server = HTTPServer(blockingHandler: { _ in .json(200, ["RequestId": "R"]) })
  try server.start()
  defer { server.stop() }
  let loop = EventLoop(name: "test.curl.drop")
  defer { loop.shutdown() }
  let url = "http://127.0.0.1:\(server.port)/"
  func openDescriptors() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0 }
  func round() async {
    let transport = CurlTransport()
    // One request on a loop of ours, one from the cooperative pool (the transfer loop).
    _ = await Task(executorPreference: loop) { try? await transport.send(HTTPRequest(method: "GET", url: url)) }.value
    _ = try? await transport.send(HTTPRequest(method: "GET", url: url))
  }
  await round()
  try await Task.sleep(for: .milliseconds(50))
  let before = openDescriptors()
  for _ in 0..<30 { await round() }
  try await eventually("the connections of dropped transports closed") { openDescriptors() <= before + 4 }
}
