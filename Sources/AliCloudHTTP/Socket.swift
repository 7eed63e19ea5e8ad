import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Thin wrappers over the POSIX socket calls the server needs.
enum Socket {
  struct Failure: Error, CustomStringConvertible {
    var call: String
    var code: Int32
    var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
  }

  /// A listening TCP socket on an IPv4 address; returns the fd and the bound port.
  static func listen(host: String, port: UInt16, backlog: Int32 = 128) throws -> (Int32, UInt16) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw Failure(call: "socket", code: errno) }
    var one: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = port.bigEndian
    guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else {
      close(fd)
      throw Failure(call: "inet_pton(\(host))", code: EINVAL)
    }
    let bound = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else {
      let e = errno
      close(fd)
      throw Failure(call: "bind", code: e)
    }
    guard Glibc.listen(fd, backlog) == 0 else {
      let e = errno
      close(fd)
      throw Failure(call: "listen", code: e)
    }
    var out = sockaddr_in()
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &out) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
    }
    return (fd, UInt16(bigEndian: out.sin_port))
  }

  static func setTimeout(_ fd: Int32, _ option: Int32, seconds: TimeInterval) {
    let s = max(seconds, 0.001)
    var tv = timeval(tv_sec: Int(s), tv_usec: Int((s - floor(s)) * 1_000_000))
    setsockopt(fd, SOL_SOCKET, option, &tv, socklen_t(MemoryLayout<timeval>.size))
  }

  static func setNoDelay(_ fd: Int32) {
    var one: Int32 = 1
    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
  }

  /// Makes `close` send a reset instead of a orderly shutdown.
  static func setResetOnClose(_ fd: Int32) {
    var l = linger(l_onoff: 1, l_linger: 0)
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
  }

  /// Writes everything, before the deadline when there is one, or reports failure.
  static func writeAll(_ fd: Int32, _ data: Data, deadline: Deadline? = nil) -> Bool {
    data.withUnsafeBytes { raw -> Bool in
      guard let base = raw.baseAddress else { return true }
      var off = 0
      while off < raw.count {
        if let deadline {
          let left = deadline.remaining
          guard left > 0 else { return false }
          setTimeout(fd, SO_SNDTIMEO, seconds: left)
        }
        let n = send(fd, base + off, raw.count - off, Int32(MSG_NOSIGNAL))
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return false }
        off += n
      }
      return true
    }
  }

  enum ReadResult {
    case bytes(ArraySlice<UInt8>)
    case closed
    case timedOut
    case failed
  }

  static func read(_ fd: Int32, into buf: inout [UInt8]) -> ReadResult {
    while true {
      let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n > 0 { return .bytes(buf[0..<n]) }
      if n == 0 { return .closed }
      if errno == EINTR { continue }
      if errno == EAGAIN || errno == EWOULDBLOCK { return .timedOut }
      return .failed
    }
  }
}

/// A point on the monotonic clock by which something must be done.
struct Deadline {
  private let end: UInt64

  init(after seconds: TimeInterval) {
    let nanos = seconds > 0 ? min(seconds, 1e9) * 1e9 : 0
    end = DispatchTime.now().uptimeNanoseconds &+ UInt64(nanos)
  }

  /// Seconds left; zero or less once passed.
  var remaining: TimeInterval {
    let now = DispatchTime.now().uptimeNanoseconds
    return now >= end ? 0 : TimeInterval(end - now) / 1e9
  }
}
