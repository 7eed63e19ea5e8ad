import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A raw TCP client for tests: sends exact bytes to 127.0.0.1 and parses HTTP responses.
final class LoopbackConnection {
  struct Response {
    var status: Int
    var headers: [String: String]
    var body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  let fd: Int32
  private var buffer: [UInt8] = []

  init(port: UInt16) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = port.bigEndian
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
    let r = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard r == 0 else {
      close(fd)
      throw Failure(description: "connect failed")
    }
    var tv = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
  }

  deinit { close(fd) }

  func send(_ text: String) throws { try send(Data(text.utf8)) }

  func send(_ data: Data) throws {
    let ok = data.withUnsafeBytes { raw -> Bool in
      var off = 0
      while off < raw.count {
        let n = Glibc.send(fd, raw.baseAddress! + off, raw.count - off, Int32(MSG_NOSIGNAL))
        guard n > 0 else { return false }
        off += n
      }
      return true
    }
    if !ok { throw Failure(description: "send failed") }
  }

  /// Reads more bytes; false when the peer closed the connection (or on timeout).
  private func fill() -> Bool {
    var chunk = [UInt8](repeating: 0, count: 65536)
    let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    guard n > 0 else { return false }
    buffer.append(contentsOf: chunk[0..<n])
    return true
  }

  func readResponse() throws -> Response {
    while true {
      if let end = headEnd() {
        let head = String(decoding: buffer[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
          throw Failure(description: "bad status line \(head[0])")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
          guard let c = line.firstIndex(of: ":") else { continue }
          headers[line[..<c].lowercased()] = line[line.index(after: c)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < end + 4 + length {
          guard fill() else { throw Failure(description: "connection closed mid-body") }
        }
        let body = Data(buffer[(end + 4)..<(end + 4 + length)])
        buffer.removeFirst(end + 4 + length)
        return Response(status: status, headers: headers, body: body)
      }
      guard fill() else { throw Failure(description: "connection closed before a response") }
    }
  }

  /// True when the server has closed the connection (reads EOF or reset).
  func isClosedByPeer() -> Bool {
    if !buffer.isEmpty { return false }
    var chunk = [UInt8](repeating: 0, count: 16)
    let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    if n > 0 {
      buffer.append(contentsOf: chunk[0..<n])
      return false
    }
    return n == 0 || errno == ECONNRESET
  }

  private func headEnd() -> Int? {
    guard buffer.count >= 4 else { return nil }
    for i in 0...(buffer.count - 4)
    where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
      return i
    }
    return nil
  }
}

/// Runs blocking socket work on its own thread, so tests never block the shared task pool
/// that async server handlers need.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { (k: CheckedContinuation<T, any Error>) in
    Thread { k.resume(with: Result { try body() }) }.start()
  }
}
