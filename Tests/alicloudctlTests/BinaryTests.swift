import AliCloudCatalog
import AliCloudCore
import AliCloudOps
import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

/// The built alicloudctl against a real in-process daemon over its socket.
@Suite struct BinaryTests {
  static func withDaemon(
    handlers: [String: OperationHandler] = TestHandlers.all, _ body: (String) async throws -> Void
  ) async throws {
    let fixture = try DaemonFixture(handlers: handlers)
    do {
      try await body(fixture.socketPath)
    } catch {
      await fixture.stop()
      throw error
    }
    await fixture.stop()
  }

  @Test func pingAndStatus() async throws {
    try await Self.withDaemon { socket in
      let ping = try await CLIProcess.run(["--socket", socket, "ping"])
      #expect(ping.status == 0, "\(ping.stderr)")
      #expect(try JSONValue.parse(ping.stdout)["version"] == .string(Version.product))
      #expect(!ping.stdout.contains("\n  "), "compact when stdout is not a terminal")
      let status = try await CLIProcess.run(["status", "--json", "pretty"], environment: ["ALICLOUDD_SOCKET": socket])
      #expect(status.status == 0, "\(status.stderr)")
      #expect(status.stdout.contains("\n  \"connections\""), "pretty on request; socket from the environment")
    }
  }

  @Test func listAndDescribeNeedNoDaemon() async throws {
    let list = try await CLIProcess.run(["list"])
    #expect(list.status == 0)
    #expect(list.stdout.contains("  vpc/nat/snat_entry/modify/append "))
    let describe = try await CLIProcess.run(["describe", "vm/create"])
    #expect(describe.status == 0)
    #expect(describe.stdout.contains("--instanceSpec VALUE *"))
    let help = try await CLIProcess.run(["--help"])
    #expect(help.status == 0 && help.stdout.contains("Exit status:"))
  }

  @Test func operationWithoutHandlerIsAnRPCError() async throws {
    try await Self.withDaemon(handlers: [:]) { socket in
      let r = try await CLIProcess.run([
        "--socket", socket, "vpc", "create", "--region", "r", "--vpcName", "x", "--cidrBlock", "10.0.0.0/16",
      ])
      #expect(r.status == 4)
      #expect(r.stderr.contains("alicloudd.NoHandler"), "\(r.stderr)")
      #expect(r.stdout.isEmpty)
    }
  }

  @Test func typedCommandSendsTheBatch() async throws {
    try await Self.withDaemon { socket in
      let r = try await CLIProcess.run(
        [
          "--socket", socket, "vpc", "create", "--vpcName", "a", "--cidrBlock", "10.0.0.0/16", "--vpcName", "云",
          "--cidrBlock", "10.1.0.0/16",
        ],
        environment: ["ALICLOUD_CLOUD_PARAMS": "regionId=cn-hangzhou"])
      #expect(r.status == 0, "\(r.stderr)")
      let inputs = try JSONValue.parse(r.stdout)["echo"]?["inputs"]
      #expect(inputs?[0]?["vpcName"] == "a" && inputs?[1]?["vpcName"] == "云")
      #expect(inputs?[1]?["cloudParams"] == "regionId=cn-hangzhou")
    }
  }

  @Test func callReadsStdinAndFailedOutputsExitOne() async throws {
    let failing: OperationHandler = { params, _ in
      [
        "resultCode": "1", "resultMessage": "bad",
        "results": [
          "outputs": [["errorCode": "1", "errorMessage": "bad", "guid": params["inputs"]?[0]?["guid"] ?? ""]]
        ],
      ]
    }
    try await Self.withDaemon(handlers: ["vpc/create": failing]) { socket in
      let r = try await CLIProcess.run(
        ["--socket", socket, "call", "/alicloud/v1/vpc/create"], stdin: #"{"inputs":[{"guid":"g1"}]}"#)
      #expect(r.status == 1, "\(r.stderr)")
      #expect(try JSONValue.parse(r.stdout)["results"]?["outputs"]?[0]?["guid"] == "g1")
    }
  }

  @Test func rpcErrorsAndUsageErrors() async throws {
    try await Self.withDaemon { socket in
      let unknown = try await CLIProcess.run(["--socket", socket, "call", "vpc/creat", "{}"])
      #expect(unknown.status == 4)
      #expect(unknown.stderr.contains("did you mean vpc/create"), "\(unknown.stderr)")
      let invalid = try await CLIProcess.run([
        "--socket", socket, "call", "vpc/create", #"{"inputs":[{"vpcName":[1]}]}"#,
      ])
      #expect(invalid.status == 4)
      #expect(invalid.stderr.contains("inputs[0].vpcName"), "\(invalid.stderr)")
      let usage = try await CLIProcess.run(["--socket", socket, "vpc", "create", "--vpcNme", "x"])
      #expect(usage.status == 2)
      #expect(usage.stderr.contains("did you mean '--vpcName'"), "\(usage.stderr)")
      let badJSON = try await CLIProcess.run(["--socket", socket, "call", "vpc/create"], stdin: "{")
      #expect(badJSON.status == 2)
    }
  }

  @Test func unreachableDaemon() async throws {
    let directory = try DaemonFixture.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let r = try await CLIProcess.run(["--socket", directory + "/none.sock", "ping"])
    #expect(r.status == 3)
    #expect(r.stderr.contains("none.sock"))
  }

  @Test func timeoutExitsFive() async throws {
    try await Self.withDaemon { socket in
      let slow = try await CLIProcess.run([
        "--socket", socket, "--timeout", "0.3", "--region", "r", "vpc", "delete", "--input",
        #"{"vpcId":"vpc-1","delayMs":20000}"#,
      ])
      #expect(slow.status == 5, "\(slow.stderr)")
      #expect(slow.stderr.contains("alicloudd.TimedOut"), "\(slow.stderr)")
    }
  }

  /// A cancelled operation's final envelope names what it created: printed even after a timeout.
  @Test func timeoutPrintsTheFinalEnvelope() async throws {
    let envelopeOnCancel: OperationHandler = { _, _ in
      // A deliberately endless operation: it runs until the client's timeout cancels it.
      while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
      return [
        "resultCode": "1", "resultMessage": "cancelled",
        "results": ["outputs": [["errorCode": "1", "vpcId": "vpc-created"]]],
      ]
    }
    try await Self.withDaemon(handlers: ["vpc/create": envelopeOnCancel]) { socket in
      let r = try await CLIProcess.run([
        "--socket", socket, "--timeout", "0.2", "vpc", "create", "--region", "r", "--vpcName", "x", "--cidrBlock",
        "10.0.0.0/16",
      ])
      #expect(r.status == 5, "\(r.stderr)")
      #expect(r.stderr.contains("alicloudd.TimedOut"), "\(r.stderr)")
      #expect(try JSONValue.parse(r.stdout)["results"]?["outputs"]?[0]?["vpcId"] == "vpc-created", "\(r.stdout)")
    }
  }

  @Test func progressLine() async throws {
    try await Self.withDaemon { socket in
      let progress = try await CLIProcess.run([
        "--socket", socket, "--progress", "--region", "r", "vpc", "delete", "--input",
        #"{"vpcId":"vpc-1","delayMs":60,"progressEveryMs":20}"#,
      ])
      #expect(progress.status == 0, "\(progress.stderr)")
      #expect(progress.stderr.contains("step 1"), "\(progress.stderr)")
      // The method, the call's inputs and the seconds since it was sent lead each line.
      #expect(progress.stderr.contains("… vpc/delete 1 input, "), "\(progress.stderr)")
      #expect(progress.stderr.contains(" s: step 1"), "\(progress.stderr)")
      let quiet = try await CLIProcess.run([
        "--socket", socket, "--region", "r", "vpc", "delete", "--input",
        #"{"vpcId":"vpc-1","delayMs":60,"progressEveryMs":20}"#,
      ])
      #expect(quiet.status == 0 && quiet.stderr.isEmpty, "no progress when stderr is not a terminal")
    }
  }

  /// Ctrl-C cancels the call, prints its final reply (naming the VPC already made) and exits 130;
  /// running the same command again completes the same VPC rather than making a second one.
  @Test func ctrlCPrintsWhatExistsAndTheSameCommandCompletesIt() async throws {
    let sandbox = try SandboxDaemonFixture(arguments: ["--sandbox-delay-ms", "800"])
    let simulator = sandbox.sandbox.server.simulator
    let args = [
      "--socket", sandbox.fixture.socketPath, "--region", "cn-hangzhou", "vpc", "create", "--vpcName", "ctrl-c",
      "--cidrBlock", "10.9.0.0/16",
    ]
    let pid = Mutex<Int32>(0)
    async let interrupted = CLIProcess.run(args) { p in pid.withLock { $0 = p } }
    // Starting a process can take seconds on a busy machine.
    try await eventually(timeout: .seconds(60), "the VPC to exist") { !simulator.resources(kind: "vpc").isEmpty }
    kill(pid.withLock { $0 }, SIGINT)
    let first = try await interrupted
    #expect(first.status == 130, "\(first.stderr)")
    let made = try #require(simulator.resources(kind: "vpc").first?.id)
    #expect(first.stdout.contains(made) && first.stderr.contains("Run the same command again"))
    let again = try await CLIProcess.run(args)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try JSONValue.parse(again.stdout)["results"]?["outputs"]?[0]?["vpcId"]?.stringValue == made)
    #expect(simulator.resources(kind: "vpc").count == 1)
    await sandbox.stop()
  }

  @Test func cliShowsTheRefusal() async throws {
    let f = try DaemonFixture { $0.maxConnectionsPerUID = 1 }
    let held = try f.client()
    #expect(try await held.call("daemon.ping")["version"] != nil)
    let r = try await CLIProcess.run(["--socket", f.socketPath, "ping"])
    #expect(r.status != 0)
    #expect(r.stderr.contains("too many connections"), "\(r.stderr)")
    #expect(r.stderr.contains("TooManyConnections"), "\(r.stderr)")
    await f.stop()
  }
}
