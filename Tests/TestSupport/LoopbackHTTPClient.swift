import AliCloudCore
import Foundation
import Glibc

/// A blocking HTTP/1.1 client for tests: one TCP connection to 127.0.0.1, exact bytes out,
/// responses read by Content-Length, so keep-alive, pipelining and malformed requests can be
/// tested. Use it from one thread at a time (see `offPool`).
public final class LoopbackHTTPClient: @unchecked Sendable {
  public struct Response: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
    public var text: String { String(decoding: body, as: UTF8.self) }
    public var json: JSONValue? { try? JSONValue.parse(body) }
  }

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
  }

  public let fd: Int32
  private var buffer: [UInt8] = []

  /// Connects to 127.0.0.1:`port` (from the loopback address `source` when given); a read
  /// waits at most `receiveTimeoutSeconds`.
  public init(port: UInt16, receiveTimeoutSeconds: Int = 60, source: String? = nil) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
    if let source {
      var local = sockaddr_in()
      local.sin_family = sa_family_t(AF_INET)
      local.sin_addr.s_addr = inet_addr(source)
      let b = withUnsafePointer(to: &local) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
      }
      guard b == 0 else {
        close(fd)
        throw Failure(description: "bind to \(source): errno \(errno)")
      }
    }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = port.bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let r = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard r == 0 else {
      close(fd)
      throw Failure(description: "connect to 127.0.0.1:\(port): errno \(errno)")
    }
    var tv = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
  }

  deinit { close(fd) }

  /// Sends every byte; false when the connection fails first.
  @discardableResult public func send(_ bytes: [UInt8]) -> Bool {
    var off = 0
    while off < bytes.count {
      let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL)) }
      if n <= 0 { return false }
      off += n
    }
    return true
  }

  public func send(_ text: String) throws { try send(Data(text.utf8)) }

  public func send(_ data: Data) throws {
    if !send([UInt8](data)) { throw Failure(description: "send failed") }
  }

  /// Sends one request; `body` gets a Content-Length header.
  public func request(_ method: String, _ path: String, body: Data? = nil, headers: [(String, String)] = [])
    throws -> Response
  {
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
    head += "\r\n"
    send(Array(head.utf8) + Array(body ?? Data()))
    return try readResponse()
  }

  /// POSTs a JSON value.
  public func post(_ path: String, _ value: JSONValue, headers: [(String, String)] = []) throws -> Response {
    try request("POST", path, body: value.jsonData(), headers: headers)
  }

  /// The next response; throws when the connection closes or the read times out first.
  public func readResponse() throws -> Response {
    while true {
      if let end = headerEnd() {
        let headText = String(decoding: buffer[0..<end], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
          throw Failure(description: "bad status line in \(headText)")
        }
        var headers: [String: String] = [:]
        for line in lines {
          guard let colon = line.firstIndex(of: ":") else { continue }
          headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < end + 4 + length { try fill() }
        let body = Data(buffer[(end + 4)..<(end + 4 + length)])
        buffer.removeFirst(end + 4 + length)
        return Response(status: status, headers: headers, body: body)
      }
      try fill()
    }
  }

  /// True when the next read sees end of stream (unread bytes are dropped).
  public func readsEOF() -> Bool {
    var b = [UInt8](repeating: 0, count: 1024)
    return b.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 1024, 0) } == 0
  }

  /// True when the server has closed the connection (end of stream or reset); bytes that arrive
  /// instead are kept for the next `readResponse`.
  public func isClosedByPeer() -> Bool {
    if !buffer.isEmpty { return false }
    var chunk = [UInt8](repeating: 0, count: 16)
    let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    if n > 0 {
      buffer.append(contentsOf: chunk[0..<n])
      return false
    }
    return n == 0 || errno == ECONNRESET
  }

  private func headerEnd() -> Int? {
    guard buffer.count >= 4 else { return nil }
    for i in 0...(buffer.count - 4)
    where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
      return i
    }
    return nil
  }

  private func fill() throws {
    var b = [UInt8](repeating: 0, count: 65536)
    let n = b.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
    guard n > 0 else { throw Failure(description: "connection closed or timed out (\(n), errno \(errno))") }
    buffer += b[0..<n]
  }
}

/// Runs blocking work (socket reads, child processes) on its own thread, never on the shared
/// task pool that async server and daemon handlers need.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { (k: CheckedContinuation<T, any Error>) in
    Thread { k.resume(with: Result { try body() }) }.start()
  }
}
