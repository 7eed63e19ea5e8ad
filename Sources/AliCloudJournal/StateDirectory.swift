import Foundation
import Glibc

/// Where the daemon keeps its state (the mutation journal) by default.
public enum StateDirectory {
  /// `$STATE_DIRECTORY` (set by systemd's `StateDirectory=`); `/var/lib/alicloudd` for root;
  /// otherwise `$XDG_STATE_HOME/alicloudd`, falling back to `~/.local/state/alicloudd`.
  public static func `default`(
    environment: [String: String] = ProcessInfo.processInfo.environment, uid: UInt32 = getuid()
  ) -> String {
    if let d = environment["STATE_DIRECTORY"], !d.isEmpty {
      return String(d.split(separator: ":").first ?? Substring(d))
    }
    if uid == 0 { return "/var/lib/alicloudd" }
    if let d = environment["XDG_STATE_HOME"], !d.isEmpty { return d + "/alicloudd" }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return home + "/.local/state/alicloudd"
  }
}
