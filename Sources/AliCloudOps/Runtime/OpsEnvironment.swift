import AliCloudAPI
import AliCloudCore
import AliCloudJournal
import AliCloudSigning

/// What every operation shares: the API client, the per-region limiter, wait settings, the
/// daemon's default credentials and the logger. Built once by the daemon (or a test).
public struct OpsEnvironment: Sendable {
  public var client: OpenAPIClient
  public var limiter: RegionLimiter
  public var waits: WaitSettings
  /// The credential used when an input's `identityParams` is empty; nil when there is none.
  public var defaultCredential: @Sendable () throws -> Credential?
  /// The daemon's credential chain: profiles and roles named in `identityParams`, and the
  /// default credential (in place of `defaultCredential`) with its default region.
  public var credentials: CredentialChain?
  public var logger: Logger
  /// Per-key serialisation shared by all calls (find-or-create of shared resources).
  public let locks = KeyedLocks()
  /// Re-sent inputs as the same mutation, through the journal; nil runs every input anew.
  public var mutations: Mutations?

  public init(
    client: OpenAPIClient, limiter: RegionLimiter = RegionLimiter(), waits: WaitSettings = WaitSettings(),
    defaultCredential: @escaping @Sendable () throws -> Credential? = OpsEnvironment.standardCredential,
    credentials: CredentialChain? = nil, journal: MutationJournal? = nil, logger: Logger = .silent
  ) {
    self.credentials = credentials
    self.mutations = journal.map(Mutations.init(journal:))
    self.client = client
    self.limiter = limiter
    self.waits = waits
    self.defaultCredential = defaultCredential
    self.logger = logger
  }

  /// Environment variables, then the current profile of `~/.aliyun/config.json`.
  public static let standardCredential: @Sendable () throws -> Credential? = { try Credentials.defaultCredential() }
}
