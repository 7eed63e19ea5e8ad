import AliCloudCore
import Testing

@testable import AliCloudDaemon

@Suite struct DaemonOptionsTests {
  @Test func parsesEveryOption() throws {
    let a = try DaemonOptions.parse([
      "--socket", "/tmp/x.sock", "--log-level", "debug", "--max-frame=1048576", "--allow-uid", "1000",
      "--allow-uid", "1001", "--grace", "2.5",
    ])
    guard case .run(let o) = a else {
      Issue.record("not run")
      return
    }
    #expect(o.socketPath == "/tmp/x.sock")
    #expect(o.logLevel == .debug)
    #expect(o.maxFrame == 1 << 20)
    #expect(o.allowUIDs == [1000, 1001])
    #expect(o.grace == .milliseconds(2500))
    let c = try o.configuration(logger: .silent)
    #expect(c.peerPolicy.allowedUIDs.isSuperset(of: [0, 1000, 1001]))
    #expect(c.connection.limits.maxBody == 1 << 20)
  }

  @Test func helpAndVersion() throws {
    #expect(try DaemonOptions.parse(["--help"]) == .help)
    #expect(try DaemonOptions.parse(["--version"]) == .version)
    #expect(DaemonOptions.help.contains("--socket PATH"))
  }

  static let bad: [([String], String)] = [
    (["--bogus"], "unknown argument --bogus"), (["--socket"], "--socket needs a value"),
    (["--log-level", "loud"], "unknown level loud"), (["--max-frame", "99999999999"], "--max-frame"),
    (["--allow-uid", "bob"], "numeric uid"), (["--grace", "-1"], "--grace"),
  ]

  @Test(arguments: bad.indices) func rejectsBadArguments(_ i: Int) {
    let (args, message) = Self.bad[i]
    #expect {
      _ = try DaemonOptions.parse(args)
    } throws: { ($0 as? DaemonOptions.UsageError)?.message.contains(message) == true }
  }

  @Test func unknownGroupIsAUsageError() throws {
    guard case .run(let o) = try DaemonOptions.parse(["--socket-group", "no-such-group-xyz"]) else { return }
    #expect(throws: DaemonOptions.UsageError.self) { try o.configuration(logger: .silent) }
  }
}

@Suite struct ReloadHookTests {
  /// A reload drops the credentials the daemon keeps, so a rotated profile is read again.
  @Test func aReloadDropsKeptCredentials() throws {
    guard
      case .run(var o) = try DaemonOptions.parse(["--socket", "/tmp/unused.sock", "--state-dir", "/tmp/acd-unused"])
    else {
      Issue.record("not run")
      return
    }
    o.cloud.credentialEnvironment = [
      "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIreloadtest", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "secret-for-reload",
    ]
    let c = try o.configuration(logger: .silent)
    let status = try #require(c.statusProviders["credentials"])
    #expect(status().objectValue?.isEmpty == false, "the default credential is kept after start")
    #expect(!c.service.onReload.isEmpty)
    for hook in c.service.onReload { hook() }
    #expect(status().objectValue?.isEmpty == true)
  }
}
