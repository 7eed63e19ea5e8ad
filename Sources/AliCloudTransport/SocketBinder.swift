import Glibc

/// How to create the listening socket.
public struct ListenerOptions: Sendable {
  public var path: String
  /// 0600 by default; 0660 when a group is given.
  public var mode: mode_t
  /// A group that may also connect (the socket is chowned to it).
  public var groupID: UInt32?
  public var backlog: Int32

  public init(path: String, groupID: UInt32? = nil, mode: mode_t? = nil, backlog: Int32 = 512) {
    self.path = path
    self.groupID = groupID
    self.mode = mode ?? (groupID == nil ? 0o600 : 0o660)
    self.backlog = backlog
  }
}

/// Creates a listening socket at a path without ever stealing a live daemon's socket:
/// take the lock file beside it, refuse a non-socket path, probe an existing socket with
/// connect(), and unlink it only when the probe says ECONNREFUSED (nobody listening).
enum SocketBinder {
  struct Bound {
    var fd: Int32
    var lockFD: Int32
    var device: UInt64
    var inode: UInt64
  }

  static func bind(_ options: ListenerOptions) throws(TransportError) -> Bound {
    let path = options.path
    try UnixAddress.check(path)
    try SocketPath.createParent(of: path)
    let lockFD = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard lockFD >= 0 else { throw TransportError(operation: "open lock file", path: path + ".lock", errno: errno) }
    guard case .done = syscallRetrying({ Int(flock(lockFD, LOCK_EX | LOCK_NB)) }) else {
      close(lockFD)
      throw TransportError(.inUse, operation: "lock", path: path)
    }
    do throws(TransportError) {
      try removeStale(path)
      let fd = try makeListeningSocket(options)
      var st = stat()
      guard stat(path, &st) == 0 else { throw TransportError(operation: "stat", path: path, errno: errno) }
      return Bound(fd: fd, lockFD: lockFD, device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    } catch {
      close(lockFD)
      throw error
    }
  }

  static func removeStale(_ path: String) throws(TransportError) {
    var st = stat()
    if lstat(path, &st) != 0 {
      if errno == ENOENT { return }
      throw TransportError(operation: "lstat", path: path, errno: errno)
    }
    guard st.st_mode & S_IFMT == S_IFSOCK else { throw TransportError(.notASocket, operation: "bind", path: path) }
    switch probe(path) {
    case 0: throw TransportError(.inUse, operation: "bind", path: path)
    case ECONNREFUSED, ENOENT:
      if unlink(path) != 0 && errno != ENOENT {
        throw TransportError(operation: "unlink stale socket", path: path, errno: errno)
      }
    case let e: throw TransportError(operation: "probe existing socket", path: path, errno: e)
    }
  }

  /// 0 when something accepts connections at `path`, otherwise the connect errno.
  static func probe(_ path: String) -> Int32 {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return errno }
    defer { close(fd) }
    let r = (try? UnixAddress.with(path) { addr, len in syscallRetrying { Int(connect(fd, addr, len)) } })
    switch r {
    case .done?: return 0
    case .failed(let e)?: return e
    case .wouldBlock?: return 0  // a full backlog still means somebody is listening
    case nil: return ENAMETOOLONG
    }
  }

  static func makeListeningSocket(_ options: ListenerOptions) throws(TransportError) -> Int32 {
    let path = options.path
    let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
    let fd = socket(AF_UNIX, type, 0)
    guard fd >= 0 else { throw TransportError(operation: "socket", errno: errno) }
    // Tighten the umask around bind so the file never exists with looser permissions.
    let old = umask(0o177)
    let bound = try? UnixAddress.with(path) { addr, len in syscallRetrying { Int(Glibc.bind(fd, addr, len)) } }
    umask(old)
    if case .failed(let e)? = bound {
      close(fd)
      throw TransportError(e == EADDRINUSE ? .inUse : .system, operation: "bind", path: path, errno: e)
    }
    if let gid = options.groupID, chown(path, UInt32.max, gid) != 0 {
      let e = errno
      close(fd)
      unlink(path)
      throw TransportError(operation: "chown socket to group \(gid)", path: path, errno: e)
    }
    if chmod(path, options.mode) != 0 || listen(fd, options.backlog) != 0 {
      let e = errno
      close(fd)
      unlink(path)
      throw TransportError(operation: "listen", path: path, errno: e)
    }
    return fd
  }
}
