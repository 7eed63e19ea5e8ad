/// The product and protocol versions, reported by `rpc.discover`, `daemon.status` and `--version`.
public enum Version {
  public static let product = "0.1.0"
  /// The wire protocol version; only additive changes within a major version.
  public static let protocolVersion = "1.0"
}
