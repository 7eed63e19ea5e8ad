import AliCloudCore
import Foundation
import TestSupport
import Testing

@testable import AliCloudDaemon

/// `alicloudd --config PATH`, the sample configuration, and the `--http` options.
@Suite struct ConfigFileTests {

  func write(_ text: String, mode: mode_t = 0o600) throws -> String {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    let path = dir + "/alicloudd.conf"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, mode)
    return path
  }

  func options(_ args: [String]) throws -> DaemonOptions {
    guard case .run(let o) = try DaemonOptions.parse(args) else { throw POSIXError(.EINVAL) }
    return o
  }

  @Test func fileOptionsApplyAndFlagsOverrideThem() throws {
    let path = try write(
      """
      # a comment
      log-level = debug

        socket = "/tmp/from file/a.sock"
      grace = 3
      allow-uid = 1001
      allow-uid = 1002
      http = 127.0.0.1:8080
      sandbox = false
      """)
    let fromFile = try options(["--config", path])
    #expect(fromFile.logLevel == .debug)
    #expect(fromFile.socketPath == "/tmp/from file/a.sock")
    #expect(fromFile.grace == .seconds(3))
    #expect(fromFile.allowUIDs == [1001, 1002])
    #expect(fromFile.httpListen == "127.0.0.1:8080")
    #expect(fromFile.configFile == path)
    let overridden = try options(["--log-level", "error", "--config=\(path)", "--socket", "/tmp/b.sock", "--grace=1"])
    #expect(overridden.logLevel == .error)
    #expect(overridden.socketPath == "/tmp/b.sock")
    #expect(overridden.grace == .seconds(1))
  }

  @Test func switchesTakeTrueOrFalse() throws {
    #expect(try options(["--config", try write("sandbox = true\nsandbox-delay-ms = 5\n")]).cloud.sandbox)
    #expect(try !options(["--config", try write("sandbox = off\n")]).cloud.sandbox)
  }

  @Test(arguments: [
    ("log-level = loud", ":1: --log-level: unknown level loud"),
    ("\n\nno equals sign", ":3: expected key = value"),
    ("--socket = /x", ":1: bad key"),
    ("colour = blue", ":1: unknown key colour"),
    ("sandbox = maybe", ":1: sandbox is a switch: expected true or false, got maybe"),
    ("help = true", ":1: help cannot be set in a configuration file"),
    ("config = /etc/other.conf", ":1: config cannot be set"),
    ("http = somewhere:80", ":1: --http: somewhere is not an IPv4 address"),
    ("grace = -1", ":1: --grace: expected seconds"),
  ])
  func badLinesAreRefusedNamingTheLine(text: String, message: String) throws {
    let path = try write(text)
    do {
      _ = try DaemonOptions.parse(["--config", path])
      Issue.record("accepted \(text)")
    } catch {
      #expect(error.message.hasPrefix(path + message), "\(error.message)")
    }
  }

  @Test func missingFileAndRepeatedConfigAreRefused() throws {
    #expect(throws: DaemonOptions.UsageError(message: "--config: cannot read /nonexistent/a.conf as UTF-8 text")) {
      try DaemonOptions.parse(["--config", "/nonexistent/a.conf"])
    }
    let path = try write("log-level = info")
    #expect(throws: DaemonOptions.UsageError(message: "--config given more than once")) {
      try DaemonOptions.parse(["--config", path, "--config", path])
    }
  }

  @Test func combinationsAreCheckedOverFileAndFlagsTogether() throws {
    let path = try write("sandbox-delay-ms = 5\n")
    #expect(throws: DaemonOptions.UsageError.self) { try DaemonOptions.parse(["--config", path]) }
    #expect(try options(["--config", path, "--sandbox"]).cloud.sandboxSettings.delays.standard == 0.005)
  }

  @Test func theSampleConfigurationLoads() throws {
    let sample = Repository.url("deploy/alicloudd.conf.sample").path
    let o = try options(["--config", sample])
    #expect(o.logLevel == .info)
    #expect(o.socketPath == "/run/alicloudd/alicloudd.sock")
    #expect(o.socketGroup == "alicloudd")
    #expect(o.grace == .seconds(10))
    // Every commented-out setting of the sample is valid too, once uncommented.
    let text = try String(contentsOfFile: sample, encoding: .utf8)
    let settings = text.split(separator: "\n").filter { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) }
      .filter { line in
        guard let key = line.components(separatedBy: " = ").first, line.contains(" = ") else { return false }
        return key.allSatisfy { $0.isLowercase || $0 == "-" }
      }
    #expect(!settings.isEmpty)
    for line in settings where !line.hasPrefix("http-token-file") {
      let args = try ConfigFile.arguments(line, source: "sample")
      #expect(!args.isEmpty, "\(line)")
    }
  }

  @Test func httpOptions() throws {
    #expect(try options(["--http", "127.0.0.1:8080"]).gatewayConfiguration()?.port == 8080)
    #expect(try options(["--http", ":9000"]).gatewayConfiguration()?.host == "127.0.0.1")
    #expect(try options(["--http", "localhost:9000"]).gatewayConfiguration()?.host == "127.0.0.1")
    #expect(try options([]).gatewayConfiguration() == nil)
    #expect(throws: DaemonOptions.UsageError.self) { try DaemonOptions.parse(["--http", "127.0.0.1:http"]) }
    #expect(throws: DaemonOptions.UsageError.self) { try options(["--http", "0.0.0.0:8080"]).gatewayConfiguration() }
    #expect(throws: DaemonOptions.UsageError.self) {
      try options(["--http-token-file", "/nonexistent"]).gatewayConfiguration()
    }
  }

  @Test func tokenFiles() throws {
    let good = try write("  0123456789abcdef-token  \nignored second line\n", mode: 0o640)
    let c = try options(["--http", "0.0.0.0:8080", "--http-token-file", good]).gatewayConfiguration()
    #expect(c?.token == "0123456789abcdef-token")
    #expect(c?.isLoopback == false)
    let readable = try write("0123456789abcdef-token\n", mode: 0o644)
    #expect(throws: DaemonOptions.UsageError.self) { try GatewayConfiguration.readToken(path: readable) }
    let short = try write("short\n")
    #expect(throws: DaemonOptions.UsageError.self) { try GatewayConfiguration.readToken(path: short) }
    let spaced = try write("has a space inside it\n")
    #expect(throws: DaemonOptions.UsageError.self) { try GatewayConfiguration.readToken(path: spaced) }
  }
}
