import Foundation
import Glibc

/// Where the daemon's socket lives by default.
public enum SocketPath {
  public static let environmentVariable = "ALICLOUDD_SOCKET"

  /// `ALICLOUDD_SOCKET` if set; `/run/alicloudd/alicloudd.sock` for root; otherwise
  /// `$XDG_RUNTIME_DIR/alicloudd/alicloudd.sock` (falling back to `/tmp/alicloudd-<uid>/`).
  public static func `default`(
    environment: [String: String] = ProcessInfo.processInfo.environment, uid: UInt32 = getuid()
  ) -> String {
    if let p = environment[environmentVariable], !p.isEmpty { return p }
    if uid == 0 { return "/run/alicloudd/alicloudd.sock" }
    if let d = environment["XDG_RUNTIME_DIR"], !d.isEmpty { return d + "/alicloudd/alicloudd.sock" }
    return "/tmp/alicloudd-\(uid)/alicloudd.sock"
  }

  /// Creates the missing directories leading to `path`'s parent with mode 0750. The mode is set
  /// after creation: the umask is process-wide, and a listener binding at the same moment
  /// narrows it.
  static func createParent(of path: String) throws(TransportError) {
    let parent = (path as NSString).deletingLastPathComponent
    guard !parent.isEmpty else { return }
    var current = parent.hasPrefix("/") ? "" : "."
    for component in parent.split(separator: "/") {
      current += "/" + component
      if mkdir(current, 0o750) == 0 {
        if chmod(current, 0o750) != 0 {
          throw TransportError(operation: "set directory mode", path: current, errno: errno)
        }
      } else if errno != EEXIST {
        throw TransportError(operation: "create directory", path: current, errno: errno)
      }
    }
  }
}
