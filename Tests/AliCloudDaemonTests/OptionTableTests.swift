import AliCloudAPI
import AliCloudCore
import AliCloudOps
import AliCloudSim
import Foundation
import TestSupport
import Testing

@testable import AliCloudDaemon

/// The option tables: one declaration per option drives parsing, help, configuration-file keys
/// and docs/options.md, and every setting the daemon reads can be set through them.
@Suite struct OptionTableTests {

  func options(_ args: [String]) throws -> DaemonOptions {
    guard case .run(let o) = try DaemonOptions.parse(args) else { throw OptionError("not run") }
    return o
  }

  @Test func clientAndWaitSettingsReachTheConfiguration() throws {
    let o = try options([
      "--connect-timeout", "2", "--read-timeout=30.5", "--attempts", "3", "--retry-delay-ms", "50-900",
      "--max-retry-after", "4", "--cloud-connections", "8", "--idle-connections", "2", "--ca-bundle", #filePath,
      "--region-idle-ttl", "60", "--wait-timeout", "120", "--wait-timeout", "vpc=30", "--delete-timeout",
      "rds=1800", "--wait-poll-ms", "100-400", "--max-attempts", "4", "--proxy", "http://127.0.0.1:3128",
      "--no-proxy", "localhost,.internal", "--max-concurrency", "12", "--initial-concurrency", "3",
      "--inputs-per-region", "20",
    ])
    let config = try o.configuration(logger: .silent)
    let env = try #require(config.operations)
    let client = env.client.configuration
    #expect(env.client.limiter.settings == ConcurrencyLimiter.Settings(initial: 3, maximum: 12))
    #expect(env.limiter.perRegion == 20)
    #expect(client.retry == RetryPolicy(maxAttempts: 4, baseDelayMs: 50, maxDelayMs: 900, maxRetryAfterMs: 4000))
    #expect(client.cacheIdleTTLms == 60_000)
    let transport = try #require(env.client.transport as? CurlTransport).configuration
    #expect(transport.connectTimeoutMs == 2000 && transport.readTimeoutMs == 30_500)
    #expect(transport.proxy == "http://127.0.0.1:3128" && transport.noProxy == "localhost,.internal")
    #expect(transport.threads == 8 && transport.maxIdlePerHost == 2 && transport.caBundlePath == #filePath)
    #expect(env.waits.timeoutMs(.vpc) == 30_000 && env.waits.timeoutMs(.vswitch) == 120_000)
    #expect(env.waits.timeoutMs(.rds, deleting: true) == 1_800_000)
    #expect(env.waits.timeoutMs(.vpc, deleting: true) == WaitSettings().deleteTimeoutMs)
    #expect(env.waits.pollBaseMs == 100 && env.waits.pollMaxMs == 400)
  }

  @Test func connectionLimitsAreSettableWithSdVarlinksDefaults() throws {
    let defaults = try options([]).configuration(logger: .silent)
    #expect(defaults.maxConnections == 4096 && defaults.maxConnectionsPerUID == 1024)
    let c = try options(["--max-connections", "100", "--max-connections-per-uid=500", "--max-in-flight", "7"])
      .configuration(logger: .silent)
    #expect(c.maxConnections == 100 && c.maxConnectionsPerUID == 100, "per uid never above the total")
    #expect(c.maxInFlightPerConnection == 7)
  }

  @Test func theSandboxUsesTheSameClientSettingsAndFitsItsPolling() throws {
    let fitted = try options(["--sandbox", "--attempts", "2", "--wait-timeout", "eip=9"]).configuration(
      logger: .silent)
    defer { fitted.onStop.forEach { $0() } }
    let env = try #require(fitted.operations)
    #expect(env.client.configuration.retry.maxAttempts == 2 && env.waits.timeoutMs(.eip) == 9000)
    #expect(env.waits.pollBaseMs == 60 && env.waits.pollMaxMs == 150)
    let polled = try options(["--sandbox", "--wait-poll-ms", "7-8"]).configuration(logger: .silent)
    defer { polled.onStop.forEach { $0() } }
    #expect(polled.operations?.waits.pollBaseMs == 7 && polled.operations?.waits.pollMaxMs == 8)
  }

  static let bad: [([String], String)] = [
    (["--wait-timeout", "nosuch=5"], "--wait-timeout: unknown nosuch (one of vpc, vswitch"),
    (["--wait-timeout", "vpc="], "--wait-timeout: expected seconds between 1 and 86400, got "),
    (["--attempts", "0"], "--attempts: expected an integer between 1 and 50, got 0"),
    (["--retry-delay-ms", "900-50"], "--retry-delay-ms: expected MIN-MAX or N"),
    (["--wait-poll-ms", "0-5"], "--wait-poll-ms: the first interval must be at least 1 ms"),
    (["--connect-timeout"], "--connect-timeout needs a value"),
    (["--sandbox=yes"], "--sandbox takes no value"),
    (["--sandbox", "--sandbox-latency-ms", "5-1"], "--sandbox-latency-ms: expected MIN-MAX or N"),
    (["--ca-bundle", "/nonexistent/ca.pem"], "--ca-bundle: cannot read /nonexistent/ca.pem"),
  ]

  @Test(arguments: bad.indices) func badValuesNameTheOption(_ i: Int) {
    let (args, message) = Self.bad[i]
    #expect {
      _ = try DaemonOptions.parse(args)
    } throws: { "\($0)".contains(message) }
  }

  /// The simulator's tuning options are the daemon's `--sandbox-*` ones, spelled the same and
  /// giving the same settings.
  @Test func simulatorAndSandboxShareTheirOptions() throws {
    let args: [(String, String)] = [
      ("seed", "42"), ("delay-ms", "70"), ("delay", "vpc=5"), ("throttle-rate", "0.1"), ("unavailable-rate", "0.05"),
      ("internal-error-rate", "0.05"), ("drop-rate", "0.1"), ("lost-response-rate", "0.1"), ("latency-rate", "0.5"),
      ("latency-ms", "3-9"), ("retry-after-ms", "250"), ("flow-in-flight", "4"), ("flow-qps", "20"),
    ]
    #expect(Set(args.map(\.0)) == Set(SimTuning.options.map(\.name)))
    let sim = try SimCommandLine.parse(args.flatMap { ["--" + $0.0, $0.1] })
    let daemon = try options(["--sandbox"] + args.flatMap { ["--sandbox-" + $0.0, $0.1] })
    #expect(sim.config.tuning == daemon.cloud.sandboxSettings)
    #expect(sim.config.seed == 42 && sim.config.delays.delay("vpc") == 0.005 && sim.config.faults.latencyMaxMillis == 9)
    #expect(sim.config.faults.flowInFlight == 4 && sim.config.faults.flowPerSecond == 20)
    for o in SimTuning.options {
      #expect(DaemonOptions.table.option(named: "sandbox-" + o.name)?.help == o.help, "\(o.name)")
    }
    #expect(throws: OptionError.self) { try SimCommandLine.parse(["--throttle-rate", "0.7", "--drop-rate", "0.7"]) }
  }

  @Test func everyOptionIsInHelpAndSettableWhereItShouldBe() {
    let help = DaemonOptions.help
    for o in DaemonOptions.table.options {
      #expect(help.contains("  " + o.usage), "\(o.name)")
    }
    let cliOnly = DaemonOptions.table.options.filter { !$0.inConfigFile }.map(\.name)
    #expect(Set(cliOnly) == ["config", "help", "version"])
    let simHelp = SimCommandLine.usage
    for o in SimCommandLine.table.options { #expect(simHelp.contains("  " + o.usage), "\(o.name)") }
  }

  /// docs/options.md is generated from the tables; set ALICLOUDD_UPDATE_OPTION_DOCS=1 to rewrite it.
  @Test func theOptionReferenceIsCurrent() throws {
    let path = Repository.url("docs/options.md").path
    let expected = OptionsReference.markdown
    if ProcessInfo.processInfo.environment["ALICLOUDD_UPDATE_OPTION_DOCS"] == "1" {
      try expected.write(toFile: path, atomically: true, encoding: .utf8)
    }
    let current = try String(contentsOfFile: path, encoding: .utf8)
    #expect(
      current == expected,
      "docs/options.md is stale: run ALICLOUDD_UPDATE_OPTION_DOCS=1 swift test --filter OptionTableTests")
  }
}
