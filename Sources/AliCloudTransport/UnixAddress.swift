import Glibc

/// `sockaddr_un` for a filesystem path, with the Linux length limit checked.
public enum UnixAddress {
  /// `sun_path` holds 108 bytes including the terminating NUL.
  public static let maxPathBytes = 107

  public static func check(_ path: String) throws(TransportError) {
    if path.utf8.count > maxPathBytes || path.isEmpty {
      throw TransportError(.pathTooLong, operation: "socket path", path: path)
    }
  }

  /// Calls `body` with a filled-in address and its length.
  public static func with<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) throws(TransportError)
    -> T
  {
    try check(path)
    var addr = sockaddr_un()
    addr.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &addr.sun_path) { dst in
      for (i, b) in path.utf8.enumerated() { dst[i] = b }
      dst[path.utf8.count] = 0
    }
    let len = socklen_t(MemoryLayout<sa_family_t>.size + path.utf8.count + 1)
    return withUnsafePointer(to: &addr) { p in
      p.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, len) }
    }
  }
}

/// The credentials of the process at the other end of a Unix socket (SO_PEERCRED), as of connect.
/// Our own struct: Glibc hides `struct ucred` behind _GNU_SOURCE.
public struct PeerCredentials: Sendable, Hashable, CustomStringConvertible {
  public var pid: Int32
  public var uid: UInt32
  public var gid: UInt32

  public init(pid: Int32, uid: UInt32, gid: UInt32) {
    self.pid = pid
    self.uid = uid
    self.gid = gid
  }

  public static func of(_ fd: Int32) -> PeerCredentials? {
    var cred = PeerCredentials(pid: 0, uid: UInt32.max, gid: UInt32.max)
    var len = socklen_t(MemoryLayout<PeerCredentials>.size)
    let r = withUnsafeMutablePointer(to: &cred) { getsockopt(fd, SOL_SOCKET, SO_PEERCRED, $0, &len) }
    guard r == 0, len == socklen_t(MemoryLayout<PeerCredentials>.size) else { return nil }
    return cred
  }

  public var description: String { "pid \(pid) uid \(uid) gid \(gid)" }
}

/// Who may connect: the allowed uids (default: the daemon's own uid and root) and gids.
public struct PeerPolicy: Sendable, Hashable {
  public var allowedUIDs: Set<UInt32>
  public var allowedGIDs: Set<UInt32>

  public init(allowedUIDs: Set<UInt32> = [getuid(), 0], allowedGIDs: Set<UInt32> = []) {
    self.allowedUIDs = allowedUIDs
    self.allowedGIDs = allowedGIDs
  }

  public func allows(_ peer: PeerCredentials) -> Bool {
    allowedUIDs.contains(peer.uid) || allowedGIDs.contains(peer.gid)
  }
}
