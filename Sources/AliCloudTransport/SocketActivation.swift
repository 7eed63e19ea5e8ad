import Foundation
import Glibc

/// systemd socket activation: LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES.
public enum SocketActivation {
  /// The name the daemon picks when several sockets are passed (`FileDescriptorName=alicloudd`).
  public static let fdName = "alicloudd"

  /// The listening socket passed by the service manager, or nil when none was passed. Unsets the
  /// variables, sets FD_CLOEXEC and O_NONBLOCK, and checks the fd is a listening AF_UNIX stream
  /// socket. `firstFD` is 3 except in tests.
  public static func takeListener(firstFD: Int32 = 3) throws(TransportError) -> Int32? {
    let env = ProcessInfo.processInfo.environment
    defer {
      unsetenv("LISTEN_PID")
      unsetenv("LISTEN_FDS")
      unsetenv("LISTEN_FDNAMES")
    }
    guard let pidText = env["LISTEN_PID"], let countText = env["LISTEN_FDS"] else { return nil }
    guard Int32(pidText) == getpid() else { return nil }
    guard let count = Int32(countText), count > 0 else {
      throw TransportError(.activation, operation: "LISTEN_FDS=\(countText)")
    }
    let names =
      env["LISTEN_FDNAMES"].map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) } ?? []
    var chosen: Int32? = nil
    if count == 1 {
      chosen = firstFD
    } else if let i = names.firstIndex(of: fdName), i < count {
      chosen = firstFD + Int32(i)
    }
    for i in 0..<count { _ = fcntl(firstFD + i, F_SETFD, FD_CLOEXEC) }
    guard let fd = chosen else {
      throw TransportError(.activation, operation: "\(count) sockets passed and none named \(fdName)")
    }
    try verify(fd)
    setNonBlocking(fd)
    return fd
  }

  static func verify(_ fd: Int32) throws(TransportError) {
    func option(_ name: Int32) -> Int32? {
      var v: Int32 = 0
      var len = socklen_t(MemoryLayout<Int32>.size)
      return getsockopt(fd, SOL_SOCKET, name, &v, &len) == 0 ? v : nil
    }
    guard option(SO_DOMAIN) == AF_UNIX, option(SO_TYPE) == Int32(SOCK_STREAM.rawValue), option(SO_ACCEPTCONN) == 1
    else {
      throw TransportError(.activation, operation: "fd \(fd) is not a listening AF_UNIX stream socket")
    }
  }
}
