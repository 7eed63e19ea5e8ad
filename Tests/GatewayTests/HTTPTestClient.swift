import AliCloudCore
import Foundation
import Glibc

/// A blocking HTTP/1.1 client for tests: one TCP connection to 127.0.0.1, raw requests, responses
/// read by Content-Length, so keep-alive and malformed requests can be tested.
final class HTTPTestClient {
  struct Response {
    var status: Int
    var headers: [String: String]
    var body: Data
    var json: JSONValue? { try? JSONValue.parse(body) }
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  let fd: Int32
  private var buffer: [UInt8] = []

  init(port: UInt16) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
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
    var tv = timeval(tv_sec: 60, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
  }

  deinit { close(fd) }

  func send(_ bytes: [UInt8]) {
    var off = 0
    while off < bytes.count {
      let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL)) }
      if n <= 0 { return }
      off += n
    }
  }

  /// Sends one request; `body` gets a Content-Length header.
  func request(_ method: String, _ path: String, body: Data? = nil, headers: [(String, String)] = []) throws -> Response
  {
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
    head += "\r\n"
    send(Array(head.utf8) + Array(body ?? Data()))
    return try readResponse()
  }

  /// POSTs a JSON value.
  func post(_ path: String, _ value: JSONValue, headers: [(String, String)] = []) throws -> Response {
    try request("POST", path, body: value.jsonData(), headers: headers)
  }

  func readResponse() throws -> Response {
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

  /// True when the server closes the connection.
  func readsEOF() -> Bool {
    var b = [UInt8](repeating: 0, count: 1024)
    return b.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 1024, 0) } == 0
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
