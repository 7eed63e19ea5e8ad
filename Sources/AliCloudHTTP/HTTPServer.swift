import AliCloudCore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Counters of an HTTP server, for status pages and tests of connection reuse.
public struct HTTPServerStats: Sendable, Equatable, Codable {
  public var connectionsAccepted = 0
  public var connectionsOpen = 0
  public var requestsServed = 0
  /// Requests rejected by the parser (bad syntax, limits).
  public var requestsRejected = 0
  /// Connections refused at once for a connection limit (in all, or per client address).
  public var connectionsRefused = 0
  public init() {}
}

/// A small HTTP/1.1 server on a TCP socket: one thread per connection, requests on a connection
/// answered in order (pipelining-safe), keep-alive, Content-Length bodies, limits and timeouts.
public final class HTTPServer: @unchecked Sendable {
  public struct Configuration: Sendable {
    /// An IPv4 address to bind; loopback unless told otherwise.
    public var host = "127.0.0.1"
    /// 0 picks a free port; `start()` returns the one bound.
    public var port: UInt16 = 0
    public var limits = HTTPLimits()
    /// Builds the response for a request the parser rejected.
    public var errorResponse: @Sendable (HTTPParseError) -> HTTPResponse = { e in
      .json(e.status, ["error": ["status": .int(e.status), "message": .string(e.message)]])
    }
    public init(host: String = "127.0.0.1", port: UInt16 = 0) {
      self.host = host
      self.port = port
    }
  }

  public let configuration: Configuration
  private enum Handler {
    case async(HTTPHandler)
    case blocking(BlockingHTTPHandler)
  }
  private let handler: Handler
  private let logger: Logger
  private let lock = NSLock()
  private var listenFD: Int32 = -1
  private var boundPort: UInt16 = 0
  private var stopped = false
  private var open: [Int32: UInt32] = [:]
  private var openPerClient: [UInt32: Int] = [:]
  private var counters = HTTPServerStats()
  private let threads = DispatchGroup()

  /// A server whose handler runs as a task. While a handler runs, its connection's thread waits.
  public init(configuration: Configuration = Configuration(), logger: Logger = .silent, handler: @escaping HTTPHandler)
  {
    self.configuration = configuration
    self.handler = .async(handler)
    self.logger = logger
  }

  /// A server whose handler runs on the connection's own thread and never needs the shared
  /// task pool, so it answers even when every pool thread is blocked waiting for it (an
  /// in-process simulator called by blocking HTTP clients).
  public init(
    configuration: Configuration = Configuration(), logger: Logger = .silent,
    blockingHandler: @escaping BlockingHTTPHandler
  ) {
    self.configuration = configuration
    self.handler = .blocking(blockingHandler)
    self.logger = logger
  }

  /// Binds and starts accepting. Returns the bound port.
  @discardableResult
  public func start() throws -> UInt16 {
    let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port)
    lock.withLock {
      listenFD = fd
      boundPort = port
    }
    threads.enter()
    let t = Thread { [self] in
      acceptLoop(fd)
      threads.leave()
    }
    t.name = "http-accept"
    t.start()
    logger.debug("http server listening", ["http.port": "\(port)"])
    return port
  }

  public var port: UInt16 { lock.withLock { boundPort } }

  public var stats: HTTPServerStats { lock.withLock { counters } }

  /// Stops accepting, closes every connection and waits (bounded) for the connection threads.
  public func stop() {
    let fds: [Int32] = lock.withLock {
      guard !stopped else { return [] }
      stopped = true
      var all = Array(open.keys)
      if listenFD >= 0 { all.append(listenFD) }
      return all
    }
    for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) }
    _ = threads.wait(timeout: .now() + 5)
  }

  private func acceptLoop(_ fd: Int32) {
    defer { close(fd) }
    while true {
      var peer = sockaddr_in()
      var peerLength = socklen_t(MemoryLayout<sockaddr_in>.size)
      let c = withUnsafeMutablePointer(to: &peer) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(fd, $0, &peerLength) }
      }
      if c < 0 {
        if lock.withLock({ stopped }) { return }
        if errno == EINTR || errno == ECONNABORTED { continue }
        if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
          usleep(10_000)
          continue
        }
        return
      }
      _ = fcntl(c, F_SETFD, FD_CLOEXEC)
      let address = peer.sin_addr.s_addr
      let (refusal, id): (String?, Int) = lock.withLock {
        if stopped { return ("stopping", 0) }
        let limits = configuration.limits
        guard open.count < limits.maxConnections else {
          counters.connectionsRefused += 1
          return ("too many connections (limit \(limits.maxConnections))", 0)
        }
        guard openPerClient[address, default: 0] < limits.maxConnectionsPerClient else {
          counters.connectionsRefused += 1
          return ("too many connections from this address (limit \(limits.maxConnectionsPerClient))", 0)
        }
        open[c] = address
        openPerClient[address, default: 0] += 1
        counters.connectionsAccepted += 1
        counters.connectionsOpen = open.count
        return (nil, counters.connectionsAccepted)
      }
      if let refusal {
        refuse(c, refusal)
        continue
      }
      threads.enter()
      let t = Thread { [self] in
        serve(c, id: id)
        threads.leave()
      }
      t.name = "http-conn-\(id)"
      t.start()
    }
  }

  /// Answers 503 to a connection over a limit, without waiting for it, and closes it.
  private func refuse(_ fd: Int32, _ reason: String) {
    var r = configuration.errorResponse(HTTPParseError(503, reason))
    r.headers.set("Retry-After", "1")
    let data = Self.serialize(r, keepAlive: false, head: false)
    // A fresh socket's send buffer takes this at once; a client that cannot take it gets nothing.
    _ = data.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
    close(fd)
  }

  private func finish(_ fd: Int32, reset: Bool = false) {
    lock.withLock {
      if let address = open.removeValue(forKey: fd) {
        openPerClient[address, default: 1] -= 1
        if openPerClient[address] == 0 { openPerClient[address] = nil }
      }
      counters.connectionsOpen = open.count
    }
    if reset { Socket.setResetOnClose(fd) }
    close(fd)
  }

  private func serve(_ fd: Int32, id: Int) {
    Socket.setNoDelay(fd)
    var parser = HTTPRequestParser(limits: configuration.limits)
    var buf = [UInt8](repeating: 0, count: 64 * 1024)
    // When the request now arriving must be complete: set at its first byte, so a client that
    // trickles bytes cannot hold the connection (and its thread) beyond the request timeout.
    var deadline: Deadline?
    while true {
      // Answer every complete request already buffered before reading more.
      let step: HTTPRequestParser.Step
      do {
        step = try parser.next(connectionID: id)
      } catch {
        lock.withLock { counters.requestsRejected += 1 }
        var r = configuration.errorResponse(error)
        r.closeConnection = true
        _ = write(r, to: fd, keepAlive: false, head: false)
        return finish(fd)
      }
      switch step {
      case .request(let request):
        deadline = nil
        let response = runHandler(request)
        if response.dropConnection { return finish(fd, reset: true) }
        lock.withLock { counters.requestsServed += 1 }
        let keep = request.keepAlive && !response.closeConnection && !lock.withLock({ stopped })
        guard write(response, to: fd, keepAlive: keep, head: request.method == "HEAD"), keep else { return finish(fd) }
        continue
      case .needMore(let expectContinue):
        // A pipelined request already partly buffered started arriving now.
        if parser.inRequest && deadline == nil { deadline = Deadline(after: configuration.limits.requestTimeout) }
        if expectContinue && !Socket.writeAll(fd, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8), deadline: deadline) {
          return finish(fd)
        }
      }
      let limit = deadline?.remaining ?? configuration.limits.idleTimeout
      let result: Socket.ReadResult
      if limit > 0 {
        Socket.setTimeout(fd, SO_RCVTIMEO, seconds: limit)
        result = Socket.read(fd, into: &buf)
      } else {
        result = .timedOut
      }
      switch result {
      case .bytes(let bytes):
        parser.append(bytes)
        if deadline == nil { deadline = Deadline(after: configuration.limits.requestTimeout) }
      case .timedOut:
        if deadline != nil { return timedOut(fd) }
        return finish(fd)
      case .closed, .failed: return finish(fd)
      }
    }
  }

  /// Answers 408 to a request that did not arrive within the request timeout, and closes.
  private func timedOut(_ fd: Int32) {
    lock.withLock { counters.requestsRejected += 1 }
    var r = configuration.errorResponse(HTTPParseError(408, "request not received in time"))
    r.closeConnection = true
    _ = write(r, to: fd, keepAlive: false, head: false)
    finish(fd)
  }

  private func runHandler(_ request: HTTPRequest) -> HTTPResponse {
    guard case .async(let handler) = self.handler else {
      if case .blocking(let h) = self.handler { return h(request) }
      return .text(500, "no handler")
    }
    let box = ResponseBox()
    let done = DispatchSemaphore(value: 0)
    Task {
      box.set(await handler(request))
      done.signal()
    }
    done.wait()
    return box.get()
  }

  private func write(_ r: HTTPResponse, to fd: Int32, keepAlive: Bool, head: Bool) -> Bool {
    // A client reading slowly gets the same time to take the whole response.
    Socket.writeAll(
      fd, Self.serialize(r, keepAlive: keepAlive, head: head),
      deadline: Deadline(after: configuration.limits.requestTimeout))
  }

  private static func serialize(_ r: HTTPResponse, keepAlive: Bool, head: Bool) -> Data {
    var text = "HTTP/1.1 \(r.status) \(HTTPResponse.reason(r.status))\r\n"
    var headers = r.headers
    headers.set("Content-Length", "\(r.body.count)")
    headers.set("Connection", keepAlive ? "keep-alive" : "close")
    for f in headers {
      let v = f.value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
      text += "\(f.name): \(v)\r\n"
    }
    text += "\r\n"
    var data = Data(text.utf8)
    if !head { data.append(r.body) }
    return data
  }
}

private final class ResponseBox: @unchecked Sendable {
  private let lock = NSLock()
  private var value: HTTPResponse?
  func set(_ r: HTTPResponse) { lock.withLock { value = r } }
  func get() -> HTTPResponse { lock.withLock { value ?? .text(500, "no response") } }
}
