import AliCloudAPI
import AliCloudCore
import AliCloudJournal
import AliCloudOps
import AliCloudSigning
import AliCloudSim
import Foundation

/// The daemon's settings about the cloud side: where requests go, how they are signed, sent,
/// retried and waited for, and the in-process simulated cloud (`--sandbox`). Its options are
/// declared in `CloudOptions.options`.
public struct CloudOptions: Sendable, Equatable {
  /// `--endpoint URL` / `--endpoint product=URL`, already checked.
  public var endpoints = Endpoints()
  public var signature: OpenAPIClient.SignatureVersion = .v3
  public var retry = RetryPolicy()
  public var transport = CurlTransport.Configuration()
  /// API requests at once per region and product (adaptive, up to a ceiling), and inputs at once
  /// per region.
  public var concurrency = ConcurrencyLimiter.Settings()
  public var inputsPerRegion = RegionLimiter.defaultPerRegion
  /// How long a region's cached state is kept unused.
  public var cacheIdleTTLms = OpenAPIClient.Configuration().cacheIdleTTLms
  /// Wait timeouts; their polling is `waitPoll` when given, else fitted to the cloud.
  public var waits = WaitSettings()
  public var waitPoll: ClosedRange<Int>? = nil
  /// Where the mutation journal lives; nil: the default one (`StateDirectory.default()`), or
  /// memory only with `--sandbox`.
  public var stateDir: String? = nil
  /// How long a finished create is answered from the journal when it is sent again.
  public var journalRetentionMs = 24 * 3600 * 1000
  /// `--sandbox`: run the simulator in process and send every call there.
  public var sandbox = false
  public var sandboxSettings = Sandbox.defaultSettings
  /// `--sts-endpoint`, `--metadata-endpoint`: where role credentials are fetched.
  public var stsEndpoint: String? = nil
  public var metadataEndpoint: String? = nil
  /// The environment the credential chain reads; nil: the daemon's own (tests give their own).
  public var credentialEnvironment: [String: String]? = nil

  public init() {}

  /// The credential chain these settings give, over `transport`; `fixedDefault` is the sandbox's.
  func credentialChain(transport: any HTTPTransport, logger: Logger, fixedDefault: Credential? = nil)
    -> CredentialChain
  {
    var s = CredentialChain.Settings(
      environment: credentialEnvironment ?? ProcessInfo.processInfo.environment, stsEndpoint: stsEndpoint,
      metadataEndpoint: metadataEndpoint, retry: retry, fixedDefault: fixedDefault)
    s.retry.maxAttempts = min(retry.maxAttempts, 3)
    return CredentialChain(settings: s, transport: transport, logger: logger)
  }

  /// The client configuration these settings give, for `endpoints`.
  func clientConfiguration(endpoints: Endpoints) -> OpenAPIClient.Configuration {
    OpenAPIClient.Configuration(
      endpoints: endpoints, signatureVersion: signature, retry: retry, cacheIdleTTLms: cacheIdleTTLms,
      concurrency: concurrency)
  }

  /// The wait settings, polling `fitted` unless `--wait-poll-ms` was given.
  func waitSettings(fitted: ClosedRange<Int>? = nil) -> WaitSettings {
    var w = waits
    if let poll = waitPoll ?? fitted {
      w.pollBaseMs = max(1, poll.lowerBound)
      w.pollMaxMs = max(w.pollBaseMs, poll.upperBound)
    }
    return w
  }

  /// Checks combinations once every argument is read.
  public func check() throws(OptionError) {
    if sandbox && (endpoints.all != nil || !endpoints.perProduct.isEmpty) {
      throw OptionError("--endpoint cannot be combined with --sandbox (the sandbox is the endpoint)")
    }
    if !sandbox && sandboxSettings != Sandbox.defaultSettings {
      throw OptionError("--sandbox-* options need --sandbox")
    }
    do {
      try sandboxSettings.check()
    } catch {
      throw OptionError("--sandbox \(error.message)")
    }
  }

  /// Sets the daemon's cloud side: the API client, and the sandbox when asked for. Starting the
  /// sandbox's simulator is the only side effect; it stops when the daemon stops.
  public func apply(to config: inout DaemonConfiguration) throws(OptionError) {
    let logger = config.logger
    if sandbox {
      do {
        try Sandbox.start(sandboxSettings).apply(to: &config, cloud: self)
      } catch {
        throw OptionError("--sandbox: cannot start the simulator on 127.0.0.1: \(error)")
      }
      return
    }
    let http = CurlTransport(configuration: transport)
    let client = OpenAPIClient(
      configuration: clientConfiguration(endpoints: endpoints), transport: http, logger: logger)
    let chain = credentialChain(transport: http, logger: logger)
    config.operations = OpsEnvironment(
      client: client, limiter: RegionLimiter(perRegion: inputsPerRegion), waits: waitSettings(), credentials: chain,
      journal: journal(default: StateDirectory.default(), logger: logger), logger: logger)
    config.statusProviders["credentials"] = { chain.status }
    // A reload (SIGHUP) drops kept credentials: a rotated file or profile is read at the next call.
    config.service.onReload.append { chain.reload() }
    Self.logDefaultCredential(chain, logger)
    if endpoints.all != nil || !endpoints.perProduct.isEmpty {
      var fields: [String: String] = [:]
      if let all = endpoints.all { fields["endpoint"] = all }
      for (product, url) in endpoints.perProduct { fields["endpoint." + product.code] = url }
      logger.notice("endpoint overrides in effect", fields)
    }
  }

  /// The mutation journal in `stateDir`, else in `directory` (nil: in memory). A journal that
  /// cannot be opened is logged; it refuses mutations until it can be written.
  func journal(default directory: String?, logger: Logger) -> MutationJournal {
    let j = MutationJournal(directory: stateDir ?? directory, retentionMs: Int64(journalRetentionMs))
    if let p = j.problem {
      logger.error("mutation journal unusable: operations that change the cloud are refused", ["error": p.description])
    } else {
      let r = j.loaded
      var fields = [
        "path": j.path ?? "(memory)", "entries": String(r.entries), "unfinished": String(j.unfinished.count),
      ]
      if r.tornTail { fields["tornTail"] = "dropped" }
      if r.corruptLines > 0 { fields["corruptLines"] = String(r.corruptLines) }
      if r.expired > 0 { fields["expired"] = String(r.expired) }
      logger.info("mutation journal open", fields)
    }
    return j
  }

  /// Says at start-up where calls with an empty `identityParams` get their credential (its
  /// source only; nothing is fetched yet).
  static func logDefaultCredential(_ chain: CredentialChain, _ logger: Logger) {
    do {
      if let source = try chain.defaultSource() {
        logger.info("default credential configured", ["source": source])
      } else {
        logger.info("no default credential: inputs need identityParams")
      }
    } catch {
      logger.warning("default credential unusable; inputs need identityParams", ["error": error.message])
    }
  }
}
