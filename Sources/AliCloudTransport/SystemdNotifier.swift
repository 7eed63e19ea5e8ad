import Foundation
import Glibc

/// The service manager's notification socket (sd_notify(3), without libsystemd): one datagram
/// of `KEY=value` lines to `$NOTIFY_SOCKET`, a filesystem path or, with a leading `@`, an
/// abstract socket name. Sends are best effort: a manager that went away is no error.
public struct SystemdNotifier: Sendable {
  /// `$NOTIFY_SOCKET` as given.
  public let socketPath: String

  public init(socketPath: String) {
    self.socketPath = socketPath
  }

  /// The notifier of `$NOTIFY_SOCKET`, or nil when the daemon was not started by a service
  /// manager that listens (`Type=notify`).
  public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
    -> SystemdNotifier?
  {
    guard let path = environment["NOTIFY_SOCKET"], path.hasPrefix("/") || path.hasPrefix("@"), path.utf8.count > 1
    else { return nil }
    return SystemdNotifier(socketPath: path)
  }

  /// How often the manager wants `WATCHDOG=1`: half of `$WATCHDOG_USEC`, when that is set for this
  /// process (`$WATCHDOG_PID` absent or ours). Nil when there is no watchdog.
  public static func watchdogInterval(_ environment: [String: String] = ProcessInfo.processInfo.environment)
    -> Duration?
  {
    guard let text = environment["WATCHDOG_USEC"], let usec = UInt64(text), usec > 0 else { return nil }
    if let pid = environment["WATCHDOG_PID"], Int32(pid) != getpid() { return nil }
    return .microseconds(Int64(min(usec / 2, UInt64(Int64.max))))
  }

  /// `READY=1` with a status line and our pid.
  public func ready(status: String) -> Bool {
    send("READY=1\nSTATUS=\(status)\nMAINPID=\(getpid())")
  }

  /// `RELOADING=1` with the monotonic time, as `Type=notify-reload` expects; `READY=1` follows.
  public func reloading() -> Bool {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    let usec = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    return send("RELOADING=1\nMONOTONIC_USEC=\(usec)")
  }

  /// Sends one datagram; false when it could not be sent.
  @discardableResult
  public func send(_ state: String) -> Bool {
    let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    let abstract = socketPath.hasPrefix("@")
    let name = Array(socketPath.utf8)
    guard name.count <= UnixAddress.maxPathBytes else { return false }
    var addr = sockaddr_un()
    addr.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &addr.sun_path) { dst in
      for (i, b) in name.enumerated() { dst[i] = b }
      if abstract { dst[0] = 0 } else { dst[name.count] = 0 }
    }
    // An abstract name is exactly its bytes; a path includes its terminating NUL.
    let length = socklen_t(MemoryLayout<sa_family_t>.size + name.count + (abstract ? 0 : 1))
    let bytes = Array(state.utf8)
    let sent = withUnsafePointer(to: &addr) { p in
      p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
        bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), sa, length) }
      }
    }
    return sent == bytes.count
  }
}
