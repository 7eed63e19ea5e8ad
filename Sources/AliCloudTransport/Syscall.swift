import Glibc

/// The outcome of one system call on a non-blocking descriptor.
public enum IOResult: Sendable, Equatable {
  case done(Int)
  /// EAGAIN/EWOULDBLOCK: wait for readiness; never an error.
  case wouldBlock
  case failed(Int32)
}

/// Runs a system call, retrying EINTR, and reads errno immediately after it. Every socket call
/// in this module goes through here. `@inline(never)` keeps ARC traffic from clobbering errno.
@inline(never)
public func syscallRetrying(_ call: () -> Int) -> IOResult {
  while true {
    let r = call()
    if r >= 0 { return .done(r) }
    let e = errno
    if e == EINTR { continue }
    if e == EAGAIN || e == EWOULDBLOCK { return .wouldBlock }
    return .failed(e)
  }
}

/// A failed socket operation, naming the operation, the path (when there is one) and errno.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    case system
    case pathTooLong
    case notASocket
    case inUse
    case activation
  }

  public var kind: Kind
  public var operation: String
  public var path: String?
  public var errno: Int32

  public init(_ kind: Kind = .system, operation: String, path: String? = nil, errno: Int32 = 0) {
    self.kind = kind
    self.operation = operation
    self.path = path
    self.errno = errno
  }

  public var description: String {
    var s = operation
    if let path { s += " \(path)" }
    switch kind {
    case .pathTooLong: s += ": socket path longer than \(UnixAddress.maxPathBytes) bytes"
    case .notASocket: s += ": the path exists and is not a socket; refusing to replace it"
    case .inUse: s += ": another daemon is listening on this socket"
    case .activation: s += ": invalid socket activation"
    case .system: break
    }
    if errno != 0 { s += ": " + String(cString: strerror(errno)) + " (errno \(errno))" }
    return s
  }
}

/// Ignores SIGPIPE for the whole process: writes to a closed peer then fail with EPIPE instead of
/// killing the process (socket writes also pass MSG_NOSIGNAL; pipes and FileHandle do not).
public func ignoreSIGPIPE() {
  signal(SIGPIPE, SIG_IGN)
}

func setNonBlocking(_ fd: Int32) {
  let flags = fcntl(fd, F_GETFL)
  _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
}
