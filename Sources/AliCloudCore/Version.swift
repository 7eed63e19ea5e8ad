import CBuildInfo

/// The product and protocol versions, reported by `rpc.discover`, `daemon.status` and `--version`.
public enum Version {
  /// The release this source is (the latest entry of CHANGELOG.md); tags are `v` + this.
  public static let product = "0.1.0"
  /// The wire protocol version; only additive changes within a major version.
  public static let protocolVersion = "1.0"

  /// The version of this build: the one stamped from `git describe` by scripts/build-release.sh
  /// (`0.1.0`, `0.1.0-3-gabc1234`, `0.1.0-dirty`), else `product`.
  public static let build: String = stamped(alicloudd_build_version()) ?? product

  /// The commit this build was made from, when stamped; nil for a build from a tree without git.
  public static let commit: String? = stamped(alicloudd_build_commit())

  /// What `--version` prints after the program's name.
  public static var line: String {
    "\(build) (protocol \(protocolVersion), commit \(commit.map { String($0.prefix(12)) } ?? "unknown"))"
  }

  /// A stamped value, if the build has one; only printable ASCII is kept.
  static func stamped(_ text: UnsafePointer<CChar>) -> String? {
    let value = String(cString: text)
    guard !value.isEmpty, value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else { return nil }
    return value
  }
}
