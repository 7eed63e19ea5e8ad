import Glibc

/// Connects to a daemon's socket from the client side.
public enum UnixConnector {
  /// A connected, close-on-exec stream socket; non-blocking unless `blocking` is true.
  public static func connect(path: String, blocking: Bool = false) throws(TransportError) -> Int32 {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw TransportError(operation: "socket", errno: errno) }
    let r: IOResult
    do {
      r = try UnixAddress.with(path) { addr, len in syscallRetrying { Int(Glibc.connect(fd, addr, len)) } }
    } catch {
      close(fd)
      throw error
    }
    switch r {
    case .done: break
    case .wouldBlock:
      close(fd)
      throw TransportError(operation: "connect", path: path, errno: EAGAIN)
    case .failed(let e):
      close(fd)
      throw TransportError(operation: "connect", path: path, errno: e)
    }
    if !blocking { setNonBlocking(fd) }
    return fd
  }
}
