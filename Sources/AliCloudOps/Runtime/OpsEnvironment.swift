import AliCloudAPI
import AliCloudCore
import AliCloudSigning

/// What every operation shares: the API client, the per-region limiter, wait settings, the
/// daemon's default credentials and the logger. Built once by the daemon (or a test).
public struct OpsEnvironment: Sendable {
  public var client: OpenAPIClient
  public var limiter: RegionLimiter
  public var waits: WaitSettings
  /// The credential used when an input's `identityParams` is empty; nil when there is none.
  public var defaultCredential: @Sendable () throws -> Credential?
  public var logger: Logger
  /// Per-key serialisation shared by all calls (find-or-create of shared resources).
  public let locks = KeyedLocks()

  public init(
    client: OpenAPIClient, limiter: RegionLimiter = RegionLimiter(), waits: WaitSettings = WaitSettings(),
    defaultCredential: @escaping @Sendable () throws -> Credential? = OpsEnvironment.standardCredential,
    logger: Logger = .silent
  ) {
    self.client = client
    self.limiter = limiter
    self.waits = waits
    self.defaultCredential = defaultCredential
    self.logger = logger
  }

  /// Environment variables, then the current profile of `~/.aliyun/config.json`.
  public static let standardCredential: @Sendable () throws -> Credential? = { try Credentials.defaultCredential() }
}

/// How long operations wait for resources, and how they poll. Timeouts are per resource kind
/// (`vpc`, `vswitch`, `route_table`, `nat`, `snat_entry`, `eip`, `cen`, ...), separately for
/// creates and deletes; a kind without its own entry uses the default.
public struct WaitSettings: Sendable, Equatable {
  public var createTimeoutMs: Int
  public var deleteTimeoutMs: Int
  /// Per kind: `vpc` for waits after a create or change, `vpc.delete` for deletes.
  public var perKind: [String: Int]
  /// First poll interval; it grows by half each poll up to `pollMaxMs`.
  public var pollBaseMs: Int
  public var pollMaxMs: Int

  public init(
    createTimeoutMs: Int = 600_000, deleteTimeoutMs: Int = 600_000, perKind: [String: Int] = [:],
    pollBaseMs: Int = 2_000, pollMaxMs: Int = 15_000
  ) {
    self.createTimeoutMs = createTimeoutMs
    self.deleteTimeoutMs = deleteTimeoutMs
    self.perKind = perKind
    self.pollBaseMs = max(1, pollBaseMs)
    self.pollMaxMs = max(self.pollBaseMs, pollMaxMs)
  }

  public func timeoutMs(_ kind: String, deleting: Bool = false) -> Int {
    if deleting { return perKind[kind + ".delete"] ?? deleteTimeoutMs }
    return perKind[kind] ?? createTimeoutMs
  }

  /// Millisecond polling for tests against a simulator with short delays.
  public static func fast(timeoutMs: Int = 5_000) -> WaitSettings {
    WaitSettings(createTimeoutMs: timeoutMs, deleteTimeoutMs: timeoutMs, pollBaseMs: 5, pollMaxMs: 40)
  }
}
