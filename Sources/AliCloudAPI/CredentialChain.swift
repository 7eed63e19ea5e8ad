import AliCloudCore
import AliCloudSigning
import Foundation

/// The daemon's credentials, found as the official Alibaba Cloud credentials libraries find
/// them, each kept in a `CachedCredential` and fetched again before it expires:
///
/// 1. `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (and
///    `ALIBABA_CLOUD_SECURITY_TOKEN`);
/// 2. OIDC / RRSA: `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`,
///    `ALIBABA_CLOUD_OIDC_TOKEN_FILE` (`ALIBABA_CLOUD_ROLE_SESSION_NAME`) → AssumeRoleWithOIDC;
/// 3. the profile `ALIBABA_CLOUD_PROFILE`, else `current`, of `~/.aliyun/config.json` (unless
///    `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`) in mode AK, StsToken, RamRoleArn,
///    ChainableRamRoleArn, EcsRamRole, OIDC or CredentialsURI;
/// 4. the ECS RAM role `ALIBABA_CLOUD_ECS_METADATA` from the instance metadata server (unless
///    `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`);
/// 5. `ALIBABA_CLOUD_CREDENTIALS_URI`.
///
/// An input's `identityParams` may name a profile or a role to assume instead. The default
/// region is `ALIBABA_CLOUD_REGION_ID`, else the profile's `region_id`.
public final class CredentialChain: Sendable {
  public struct Settings: Sendable {
    public var environment: [String: String]
    /// Where `.aliyun/config.json` is looked for; nil: `HOME`.
    public var home: String?
    /// STS; nil: `ALIBABA_CLOUD_STS_ENDPOINT`, else `https://sts.aliyuncs.com`.
    public var stsEndpoint: String?
    /// The instance metadata server; nil: `http://100.100.100.200`.
    public var metadataEndpoint: String?
    public var clock: any TimeSource
    /// How long before it expires a credential is fetched again.
    public var refreshMargin: TimeInterval
    public var retry: RetryPolicy
    /// The default credential when set (the sandbox's); the environment is not consulted for it.
    public var fixedDefault: Credential?

    public init(
      environment: [String: String] = ProcessInfo.processInfo.environment, home: String? = nil,
      stsEndpoint: String? = nil, metadataEndpoint: String? = nil, clock: any TimeSource = SystemTime(),
      refreshMargin: TimeInterval = 180, retry: RetryPolicy = RetryPolicy(maxAttempts: 3),
      fixedDefault: Credential? = nil
    ) {
      self.environment = environment
      self.home = home
      self.stsEndpoint = stsEndpoint
      self.metadataEndpoint = metadataEndpoint
      self.clock = clock
      self.refreshMargin = refreshMargin
      self.retry = retry
      self.fixedDefault = fixedDefault
    }
  }

  public let settings: Settings
  let transport: any HTTPTransport
  let logger: Logger
  /// Cached credentials by key, with the description of what built them (a changed profile
  /// file builds anew).
  private let caches = Locked([String: (fingerprint: String, cache: CachedCredential, shown: String)]())

  public init(settings: Settings = Settings(), transport: any HTTPTransport, logger: Logger = .silent) {
    self.settings = settings
    self.transport = transport
    self.logger = logger
  }

  var env: [String: String] { settings.environment }

  func flag(_ name: String) -> Bool { (env[name] ?? "").lowercased() == "true" }

  public var configPath: String? {
    guard let home = settings.home ?? env["HOME"] else { return nil }
    return home + "/.aliyun/config.json"
  }

  var sts: STSClient {
    STSClient(
      endpoint: settings.stsEndpoint ?? env["ALIBABA_CLOUD_STS_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
        ?? STSClient.defaultEndpoint, transport: transport, retry: settings.retry)
  }

  /// The credential for an input's identity; throws when there is none, naming why.
  public func credential(for identity: Credentials.Identity) async throws(AliCloudError) -> Credential {
    try await cached(for: identity).get()
  }

  /// The default credential, or nil when nothing is configured.
  public func defaultCredential() async throws(AliCloudError) -> Credential? {
    guard let c = try defaultCache() else { return nil }
    return try await c.get()
  }

  /// The region for inputs without one: `ALIBABA_CLOUD_REGION_ID`, else the region of the named
  /// (or current) profile.
  public func defaultRegion(profile: String? = nil) -> String? {
    if profile == nil, let r = env["ALIBABA_CLOUD_REGION_ID"], !r.isEmpty { return r }
    guard let path = configPath, let profiles = try? CredentialProfiles.load(path: path) else { return nil }
    return (try? profiles.profile(profile ?? env["ALIBABA_CLOUD_PROFILE"]))?.region
  }

  /// Where the default credential comes from, without fetching it; nil when nothing is configured.
  public func defaultSource() throws(AliCloudError) -> String? { try defaultCache()?.provider.source }

  /// Forgets every kept credential (configuration reloaded): the next calls fetch anew.
  public func reload() { caches.withLock { $0 = [:] } }

  /// Each kept credential: its key, source, expiration and fetches; never a secret.
  public var status: JSONValue {
    let all = caches.withLock { $0 }
    return .object(Dictionary(all.values.map { ($0.shown, $0.cache.status) }, uniquingKeysWith: { a, _ in a }))
  }

  func cached(for identity: Credentials.Identity) throws(AliCloudError) -> CachedCredential {
    var base: (key: String, cache: CachedCredential)
    var shownBase: String
    if let keys = identity.keys {
      let key = "keys:" + keys.accessKeyId + ":" + Digest.sha256Hex(keys.accessKeySecret + (keys.securityToken ?? ""))
      shownBase = "keys:" + keys.accessKeyId.prefix(6) + "***"
      base = (
        key, cache(key, fingerprint: "", shown: shownBase) { StaticCredentialProvider(keys, source: "identityParams") }
      )
    } else if let name = identity.profile {
      base = try profileCache(name, depth: 0)
      shownBase = base.key
    } else if let d = try defaultCache() {
      base = ("default", d)
      shownBase = "default"
    } else {
      throw AliCloudError(
        kind: .invalidRequest, code: "NoCredential",
        message: "identityParams is empty and the daemon has no default credentials "
          + "(set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or configure ~/.aliyun/config.json)")
    }
    guard let role = identity.role else { return base.cache }
    let key = "role:\(role.roleArn)|\(role.sessionName)|\(role.externalId ?? "")|\(role.durationSeconds)|\(base.key)"
    let shown = "role:\(role.roleArn)|\(role.sessionName)|\(role.durationSeconds)s|from \(shownBase)"
    let sts = self.sts
    let from = base.cache
    return cache(key, fingerprint: "", shown: shown) {
      AssumeRoleProvider(
        base: from, role: role, sts: sts, source: "role \(role.roleArn) (from \(from.provider.source))")
    }
  }

  /// The default credential's cache, or nil when nothing is configured.
  func defaultCache() throws(AliCloudError) -> CachedCredential? {
    if let fixed = settings.fixedDefault {
      return cache("default", fingerprint: "fixed") { StaticCredentialProvider(fixed, source: "sandbox") }
    }
    if let id = env["ALIBABA_CLOUD_ACCESS_KEY_ID"], !id.isEmpty {
      guard let secret = env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"], !secret.isEmpty else {
        throw .invalid("ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not")
      }
      let c = Credential(accessKeyId: id, accessKeySecret: secret, securityToken: env["ALIBABA_CLOUD_SECURITY_TOKEN"])
      return cache("default", fingerprint: "env:" + id + Digest.sha256Hex(secret + (c.securityToken ?? ""))) {
        StaticCredentialProvider(c, source: "environment")
      }
    }
    if let arn = env["ALIBABA_CLOUD_ROLE_ARN"], !arn.isEmpty, let provider = env["ALIBABA_CLOUD_OIDC_PROVIDER_ARN"],
      !provider.isEmpty, let file = env["ALIBABA_CLOUD_OIDC_TOKEN_FILE"], !file.isEmpty
    {
      let role = STSClient.RoleRequest(
        roleArn: arn,
        sessionName: env["ALIBABA_CLOUD_ROLE_SESSION_NAME"].flatMap { $0.isEmpty ? nil : $0 }
          ?? "alicloudd")
      let sts = self.sts
      return cache("default", fingerprint: "oidc:\(arn)|\(provider)|\(file)") {
        OIDCRoleProvider(
          role: role, providerArn: provider, tokenFile: file, sts: sts, source: "environment OIDC role \(arn)")
      }
    }
    if !flag("ALIBABA_CLOUD_CLI_PROFILE_DISABLED"), let path = configPath, FileManager.default.fileExists(atPath: path)
    {
      let name = env["ALIBABA_CLOUD_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
      let profiles = try CredentialProfiles.load(path: path)
      let resolved = try profiles?.profile(name).name ?? name ?? "default"
      return try profileCache(resolved, depth: 0).cache
    }
    if let role = env["ALIBABA_CLOUD_ECS_METADATA"], !role.isEmpty, !flag("ALIBABA_CLOUD_ECS_METADATA_DISABLED") {
      let provider = ecsProvider(role: role, source: "environment ECS RAM role")
      return cache("default", fingerprint: "ecs:\(role)") { provider }
    }
    if let uri = env["ALIBABA_CLOUD_CREDENTIALS_URI"], !uri.isEmpty {
      let t = transport
      return cache("default", fingerprint: "uri:" + uri) {
        CredentialsURIProvider(uri: uri, transport: t, source: "environment credentials URI")
      }
    }
    return nil
  }

  func ecsProvider(role: String?, source: String) -> EcsRamRoleProvider {
    EcsRamRoleProvider(
      endpoint: settings.metadataEndpoint ?? EcsRamRoleProvider.defaultEndpoint, roleName: role,
      requireToken: flag("ALIBABA_CLOUD_IMDSV1_DISABLED"), transport: transport, source: source)
  }

  /// The cache of one profile of `config.json`, built anew when the file changed.
  func profileCache(_ name: String, depth: Int) throws(AliCloudError) -> (key: String, cache: CachedCredential) {
    guard depth < 5 else { throw .invalid("profile '\(name)': source_profile chain too long (a loop?)") }
    guard let path = configPath, let profiles = try CredentialProfiles.load(path: path) else {
      throw .invalid("profile '\(name)' is asked for but \(configPath ?? "~/.aliyun/config.json") does not exist")
    }
    let p = try profiles.profile(name)
    let stamp =
      (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)?
      .timeIntervalSince1970 ?? 0
    let key = "profile:" + p.name
    let provider = try profileProvider(p, path: path, depth: depth)
    return (key, cache(key, fingerprint: "\(stamp)|\(p.mode)") { provider })
  }

  func profileProvider(_ p: CredentialProfiles.Profile, path: String, depth: Int) throws(AliCloudError)
    -> any CredentialProvider
  {
    let mode = p.mode.lowercased()
    let source = "profile \(p.name) (\(p.mode))"
    func keys(token: Bool) throws(AliCloudError) -> Credential {
      guard let id = p.string("access_key_id"), let secret = p.string("access_key_secret") else {
        throw .invalid("profile '\(p.name)' in \(path) lacks access_key_id or access_key_secret")
      }
      let sts = token ? p.string("sts_token") : nil
      if token && sts == nil {
        throw .invalid("profile '\(p.name)' in \(path) is in StsToken mode but has no sts_token")
      }
      return Credential(accessKeyId: id, accessKeySecret: secret, securityToken: sts)
    }
    func role() throws(AliCloudError) -> STSClient.RoleRequest {
      guard let arn = p.string("ram_role_arn") else {
        throw .invalid("profile '\(p.name)' in \(path) is in \(p.mode) mode but has no ram_role_arn")
      }
      return STSClient.RoleRequest(
        roleArn: arn, sessionName: p.string("ram_session_name") ?? "alicloudd",
        durationSeconds: p.int("expired_seconds") ?? 3600, externalId: p.string("external_id"),
        policy: p.string("policy"))
    }
    switch mode {
    case "ak": return StaticCredentialProvider(try keys(token: false), source: source)
    case "ststoken": return StaticCredentialProvider(try keys(token: true), source: source)
    case "ramrolearn", "chainableramrolearn":
      let r = try role()
      let base: CachedCredential
      if let from = p.string("source_profile") {
        base = try profileCache(from, depth: depth + 1).cache
      } else if mode == "ramrolearn" {
        let k = try keys(token: false)
        base = cache("profile-keys:" + p.name, fingerprint: k.accessKeyId + Digest.sha256Hex(k.accessKeySecret)) {
          StaticCredentialProvider(k, source: source + " access key")
        }
      } else {
        throw .invalid("profile '\(p.name)' in \(path) is in ChainableRamRoleArn mode but has no source_profile")
      }
      return AssumeRoleProvider(base: base, role: r, sts: sts, source: source + " role \(r.roleArn)")
    case "ecsramrole":
      return ecsProvider(role: p.string("ram_role_name"), source: source)
    case "oidc":
      guard let provider = p.string("oidc_provider_arn"), let file = p.string("oidc_token_file") else {
        throw .invalid("profile '\(p.name)' in \(path) is in OIDC mode but lacks oidc_provider_arn or oidc_token_file")
      }
      let r = try role()
      return OIDCRoleProvider(role: r, providerArn: provider, tokenFile: file, sts: sts, source: source)
    case "credentialsuri":
      guard let uri = p.string("credentials_uri") else {
        throw .invalid("profile '\(p.name)' in \(path) is in CredentialsURI mode but has no credentials_uri")
      }
      return CredentialsURIProvider(uri: uri, transport: transport, source: source)
    default:
      throw .invalid(
        "profile '\(p.name)' in \(path) uses mode \(p.mode), which alicloudd does not support "
          + "(AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC, CredentialsURI)")
    }
  }

  /// The cache under `key`, made with `make` when there is none or what built it changed.
  /// `shown` names it in status (default: the key, which then must hold no secret).
  func cache(_ key: String, fingerprint: String, shown: String? = nil, _ make: () -> any CredentialProvider)
    -> CachedCredential
  {
    caches.withLock { all in
      if let c = all[key], c.fingerprint == fingerprint { return c.cache }
      let c = CachedCredential(
        make(), clock: settings.clock, refreshMargin: settings.refreshMargin, logger: logger)
      all[key] = (fingerprint, c, shown ?? key)
      return c
    }
  }
}
