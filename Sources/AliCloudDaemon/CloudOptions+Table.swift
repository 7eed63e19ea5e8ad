import AliCloudAPI
import AliCloudCore
import AliCloudOps
import AliCloudSim
import Foundation

extension CloudOptions {
  typealias Option = CommandOption<CloudOptions>

  /// The cloud side's options, in help order.
  static let options: [Option] =
    [
      .value(
        "endpoint", "[PRODUCT=]URL", section: "Cloud", repeatable: true,
        "Send the calls of every product (or of one: ecs, vpc, slb, rds, r-kvstore, cbn) to URL instead of the public endpoints, e.g. an alicloud-sim at http://127.0.0.1:9000. One product's wins over the one for all."
      ) { (o: inout CloudOptions, text: String) throws(OptionError) in
        do throws(Endpoints.ParseError) {
          try o.endpoints.add(text)
        } catch {
          throw OptionError(error.description)
        }
      },
      .value(
        "signature", "v3|v1", section: "Cloud",
        "Request signature: ACS3-HMAC-SHA256 (v3) or HMAC-SHA1 (v1). Credentials: see docs/credentials.md.",
        show: { $0.signature.rawValue }
      ) { (o: inout CloudOptions, text: String) throws(OptionError) in
        guard let v = OpenAPIClient.SignatureVersion(rawValue: text.lowercased()) else {
          throw OptionError("expected v3 or v1, got \(text)")
        }
        o.signature = v
      },
      seconds(
        "connect-timeout", "Limit for connecting to an endpoint.", range: 0.1...300, \.transport.connectTimeoutMs),
      seconds(
        "read-timeout", "Limit for one whole request to the cloud, connecting included.", range: 0.1...3600,
        \.transport.readTimeoutMs),
      count(
        "attempts", "Attempts per cloud request, the first included, for retryable failures.", 1...50,
        \.retry.maxAttempts),
      count(
        "max-attempts", "The same as --attempts, under the name the official SDKs use.", 1...50, \.retry.maxAttempts),
      .value(
        "retry-delay-ms", "MIN-MAX", section: "Cloud",
        "Backoff between attempts: the first step, and the longest single wait (milliseconds).",
        show: { "\($0.retry.baseDelayMs)-\($0.retry.maxDelayMs)" }
      ) { (o: inout CloudOptions, text: String) throws(OptionError) in
        let r = try OptionValue.range(text, max: 600_000)
        o.retry.baseDelayMs = r.lowerBound
        o.retry.maxDelayMs = r.upperBound
      },
      seconds(
        "max-retry-after", "Longest wait honoured when AliCloud asks for one (x-acs-retry-after).", range: 0...600,
        \.retry.maxRetryAfterMs),
      count(
        "cloud-connections",
        "Connections to the cloud open at once per event loop, at most; requests beyond wait for one. Requests run on the event loops (libcurl's multi interface), no thread per request.",
        1...256,
        \.transport.threads),
      count(
        "max-concurrency",
        "Ceiling of AliCloud API requests at once per region, product and action (AliCloud's flow control is per API). The bound adapts: it doubles each round trip while requests wait, halves on throttling answers (Throttling*, ServiceUnavailable, flow control), then grows by one per 4 round trips. All requests at once are also bounded by --cloud-connections.",
        1...1024, \.concurrency.maximum),
      count(
        "initial-concurrency",
        "Where that bound starts, per region, product and action (at most --max-concurrency).", 1...1024,
        \.concurrency.initial),
      count(
        "inputs-per-region",
        "Inputs of all calls under way at once per region; their requests wait under --max-concurrency.", 1...4096,
        \.inputsPerRegion),
      count(
        "idle-connections",
        "Idle keep-alive connections kept per event loop, for all endpoints (0: a new connection per request).",
        0...256, \.transport.maxIdlePerHost),
      .value(
        "ca-bundle", "PATH", section: "Cloud",
        "Verify the cloud's certificates with this CA bundle (PEM) instead of the system's, e.g. a corporate CA. Default: $SSL_CERT_FILE (and $SSL_CERT_DIR), else the system's."
      ) { (o: inout CloudOptions, text: String) throws(OptionError) in
        guard !text.isEmpty else { throw OptionError("expected a path") }
        guard FileManager.default.isReadableFile(atPath: text) else { throw OptionError("cannot read \(text)") }
        o.transport.caBundlePath = text
      },
      .value(
        "proxy", "URL", section: "Cloud",
        "Send every request to the cloud through this HTTP proxy (http://[user:password@]host:port; HTTPS goes through CONNECT). Default: libcurl's $HTTPS_PROXY / $https_proxy (https URLs), $http_proxy (http URLs), $ALL_PROXY."
      ) { (o: inout CloudOptions, text: String) throws(OptionError) in
        guard !text.isEmpty else { throw OptionError("expected a URL") }
        o.transport.proxy = text
      },
      .value(
        "no-proxy", "HOSTS", section: "Cloud",
        "Hosts reached without the proxy: comma-separated names, domains (.example.com), addresses or *. Default: $NO_PROXY / $no_proxy."
      ) { (o: inout CloudOptions, text: String) throws(OptionError) in
        o.transport.noProxy = text
      },
      .value(
        "sts-endpoint", "URL", section: "Credentials",
        "Where role credentials are assumed (STS AssumeRole, AssumeRoleWithOIDC). Default: $ALIBABA_CLOUD_STS_ENDPOINT, else https://sts.aliyuncs.com. Outside the sandbox, calls with an empty identityParams use the first credential found: ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (ALIBABA_CLOUD_SECURITY_TOKEN), the OIDC role of ALIBABA_CLOUD_ROLE_ARN / ALIBABA_CLOUD_OIDC_PROVIDER_ARN / ALIBABA_CLOUD_OIDC_TOKEN_FILE, the profile ALIBABA_CLOUD_PROFILE (else current) of ~/.aliyun/config.json, the ECS RAM role ALIBABA_CLOUD_ECS_METADATA, ALIBABA_CLOUD_CREDENTIALS_URI; identityParams may name profile=NAME or roleArn=ARN instead. See docs/credentials.md."
      ) { (o: inout CloudOptions, text: String) throws(OptionError) in
        guard !text.isEmpty else { throw OptionError("expected a URL") }
        o.stsEndpoint = text
      },
      .value(
        "metadata-endpoint", "URL", section: "Credentials",
        "The ECS instance metadata server that EcsRamRole credentials come from (token mode: PUT /latest/api/token, then reads with X-aliyun-ecs-metadata-token). Default: http://100.100.100.200."
      ) { (o: inout CloudOptions, text: String) throws(OptionError) in
        guard !text.isEmpty else { throw OptionError("expected a URL") }
        o.metadataEndpoint = text
      },
      seconds(
        "region-idle-ttl", "Forget a region's cached endpoints and connections after this long unused.",
        range: 1...86_400, \.cacheIdleTTLms),
      kindSeconds(
        "wait-timeout",
        "How long an operation waits for a resource to become ready after a create or change; KIND= sets one kind's.",
        default: \.waits.createTimeoutMs, perKind: \.waits.createPerKind),
      kindSeconds(
        "delete-timeout",
        "How long an operation waits for a resource to be gone after a delete; KIND= sets one kind's.",
        default: \.waits.deleteTimeoutMs, perKind: \.waits.deletePerKind),
      .value(
        "wait-poll-ms", "MIN-MAX", section: "Waits",
        "Polling while waiting: the first interval, growing by half each poll up to the second (milliseconds). The sandbox fits it to its delays.",
        show: { "\($0.waits.pollBaseMs)-\($0.waits.pollMaxMs)" }
      ) { (o: inout CloudOptions, text: String) throws(OptionError) in
        let r = try OptionValue.range(text, max: 600_000)
        guard r.lowerBound >= 1 else { throw OptionError("the first interval must be at least 1 ms") }
        o.waitPoll = r
      },
      .value(
        "state-dir", "PATH", section: "Journal",
        "Keep the mutation journal (journal.jsonl) here, so that a call re-sent after a timeout or a restart is the same mutation. Default: $STATE_DIRECTORY (systemd), else /var/lib/alicloudd as root, $XDG_STATE_HOME/alicloudd (~/.local/state/alicloudd) otherwise; with --sandbox, memory only."
      ) { (o: inout CloudOptions, text: String) throws(OptionError) in
        guard !text.isEmpty else { throw OptionError("expected a directory") }
        o.stateDir = text
      },
      .value(
        "journal-retention", "SECONDS", section: "Journal",
        "How long after it finished a create that is sent again is answered from the journal instead of being made again.",
        show: { OptionValue.secondsText(ms: $0.journalRetentionMs) }
      ) { (o: inout CloudOptions, text: String) throws(OptionError) in
        o.journalRetentionMs = try OptionValue.seconds(text, in: 0...(30 * 86_400))
      },
      .flag(
        "sandbox", section: "Sandbox",
        "Run a simulated AliCloud inside the daemon on an ephemeral 127.0.0.1 port and send every call there; calls with an empty identityParams use the sandbox credential. No account needed."
      ) { $0.sandbox = true },
    ] + SimTuning.options.map { $0.lifted(into: \CloudOptions.sandboxSettings, prefix: "sandbox-", section: "Sandbox") }

  static func seconds(
    _ name: String, _ help: String, range: ClosedRange<Double>, _ path: WritableKeyPath<CloudOptions, Int> & Sendable
  ) -> Option {
    .value(name, "SECONDS", section: "Cloud", help, show: { OptionValue.secondsText(ms: $0[keyPath: path]) }) {
      (o: inout CloudOptions, text: String) throws(OptionError) in
      o[keyPath: path] = try OptionValue.seconds(text, in: range)
    }
  }

  static func count(
    _ name: String, _ help: String, _ range: ClosedRange<Int>, _ path: WritableKeyPath<CloudOptions, Int> & Sendable
  ) -> Option {
    .value(name, "N", section: "Cloud", help, show: { String($0[keyPath: path]) }) {
      (o: inout CloudOptions, text: String) throws(OptionError) in
      o[keyPath: path] = try OptionValue.integer(text, in: range)
    }
  }

  /// `--NAME SECONDS` for every kind, `--NAME KIND=SECONDS` for one.
  static func kindSeconds(
    _ name: String, _ help: String, default all: WritableKeyPath<CloudOptions, Int> & Sendable,
    perKind: WritableKeyPath<CloudOptions, [WaitKind: Int]> & Sendable
  ) -> Option {
    .value(
      name, "[KIND=]SECONDS", section: "Waits", repeatable: true,
      help + " Kinds: " + WaitKind.names.joined(separator: ", ") + ".",
      show: { OptionValue.secondsText(ms: $0[keyPath: all]) }
    ) { (o: inout CloudOptions, text: String) throws(OptionError) in
      guard text.contains("=") else {
        o[keyPath: all] = try OptionValue.seconds(text, in: 1...86_400)
        return
      }
      let (kind, value) = try OptionValue.pair(text, keys: WaitKind.names, "KIND=SECONDS")
      o[keyPath: perKind][WaitKind(rawValue: kind)!] = try OptionValue.seconds(value, in: 1...86_400)
    }
  }
}
