import AliCloudTransport
import Foundation
import Glibc

/// The floor: a minimal Unix-socket server that reads each frame and writes it straight back,
/// one blocking thread per connection. No JSON, no dispatch.
final class EchoServer: Sendable {
  let path: String
  let fd: Int32

  init(path: String) throws {
    self.path = path
    unlink(path)
    let s = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    fd = s
    let r = try UnixAddress.with(path) { addr, len in bind(s, addr, len) }
    guard r == 0, listen(fd, 512) == 0 else {
      throw TransportError(operation: "bind echo server", path: path, errno: errno)
    }
    let fd = self.fd
    Thread.detachNewThread {
      while true {
        let c = accept(fd, nil, nil)
        if c < 0 {
          if errno == EINTR { continue }
          return
        }
        Thread.detachNewThread { EchoServer.serve(c) }
      }
    }
  }

  static func serve(_ c: Int32) {
    defer { close(c) }
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      guard BlockingIO.readExactly(c, &buf, 4) else { return }
      let n = Int(buf[0]) << 24 | Int(buf[1]) << 16 | Int(buf[2]) << 8 | Int(buf[3])
      if n + 4 > buf.count { return }
      guard BlockingIO.readExactly(c, &buf, n, offset: 4), BlockingIO.writeAll(c, buf, count: n + 4) else { return }
    }
  }

  func stop() {
    shutdown(fd, Int32(SHUT_RDWR))
    close(fd)
    unlink(path)
  }
}

/// Blocking reads and writes for the benchmark's own threads.
enum BlockingIO {
  static func readExactly(_ fd: Int32, _ buf: inout [UInt8], _ count: Int, offset: Int = 0) -> Bool {
    var got = 0
    while got < count {
      let r = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + offset + got, count - got, 0) }
      if r <= 0 {
        if r < 0 && errno == EINTR { continue }
        return false
      }
      got += r
    }
    return true
  }

  static func writeAll(_ fd: Int32, _ buf: [UInt8], count: Int) -> Bool {
    var sent = 0
    while sent < count {
      let r = buf.withUnsafeBytes { send(fd, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL)) }
      if r <= 0 {
        if r < 0 && errno == EINTR { continue }
        return false
      }
      sent += r
    }
    return true
  }
}
