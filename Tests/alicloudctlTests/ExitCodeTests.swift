import AliCloudCore
import AliCloudOps
import AliCloudWire
import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

@testable import alicloudctl

/// Each documented exit status, produced by running the built binary, and the docs that list them.
@Suite struct ExitCodeTests {
  /// An operation that runs until it is cancelled; `started` is set once it runs.
  static func endless(_ started: Counter) -> OperationHandler {
    { _, _ in
      started.increment()
      // Deliberately endless: it runs until the client cancels it.
      while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
      throw RPCError.cancelled(partial: ["vpcId": "vpc-partial"])
    }
  }

  static let oneOfTwoFails: OperationHandler = { params, _ in
    let inputs = params["inputs"]?.arrayValue ?? []
    let outputs: [JSONValue] = inputs.enumerated().map { i, input in
      i == 1
        ? ["guid": input["guid"] ?? "", "errorCode": "1", "errorMessage": "quota exceeded\nsecond line"]
        : ["guid": input["guid"] ?? "", "errorCode": "0", "errorMessage": "", "vpcId": "vpc-ok"]
    }
    return ["resultCode": "1", "resultMessage": "quota exceeded", "results": ["outputs": .array(outputs)]]
  }

  @Test(arguments: ExitCode.allCases)
  func exitStatus(_ code: ExitCode) async throws {
    let started = Counter()
    let fixture = try DaemonFixture(handlers: [
      "vpc/create": Self.oneOfTwoFails, "vpc/delete": TestHandlers.slow, "vswitch/delete": Self.endless(started),
    ])
    let socket = fixture.socketPath
    let region = ["--socket", socket, "--region", "r"]
    let result: CLIProcess
    switch code {
    case .success:
      result = try await CLIProcess.run(region + ["vpc", "delete", "--input", #"{"vpcId":"v","delayMs":0}"#])
    case .outputFailed:
      result = try await CLIProcess.run(
        region + [
          "vpc", "create", "--guid", "g0", "--vpcName", "a", "--cidrBlock", "10.0.0.0/16", "--next", "--guid", "g1",
          "--vpcName", "b", "--cidrBlock", "10.1.0.0/16",
        ])
      #expect(result.stderr == "alicloudctl: 1 of 2 inputs failed: [1] g1: quota exceeded\n", "\(result.stderr)")
    case .usage:
      result = try await CLIProcess.run(region + ["vpc", "create", "--vpcNme", "x"])
    case .unreachable:
      result = try await CLIProcess.run(["--socket", fixture.directory + "/none.sock", "ping"])
    case .rpcError:
      result = try await CLIProcess.run(["--socket", socket, "call", "vpc/creat", "{}"])
    case .timedOut:
      result = try await CLIProcess.run(
        region + ["--timeout", "0.2", "vpc", "delete", "--input", #"{"vpcId":"v","delayMs":20000}"#])
    case .interrupted:
      let pid = Mutex<Int32>(0)
      async let interrupted = CLIProcess.run(region + ["vswitch", "delete", "--vSwitchId", "vsw-1"]) { p in
        pid.withLock { $0 = p }
      }
      // Starting a process can take seconds on a busy machine.
      try await eventually(timeout: .seconds(60), "the call to run") { started.value > 0 }
      kill(pid.withLock { $0 }, SIGINT)
      result = try await interrupted
      #expect(result.stderr.contains("alicloudd.Cancelled"), "\(result.stderr)")
    }
    await fixture.stop()
    #expect(result.status == code.rawValue, "\(result.stderr)")
  }

  /// docs/cli.md and the help list every exit status with its meaning.
  @Test func docsListEveryExitStatus() throws {
    let docs = try String(contentsOf: Repository.url("docs/cli.md"), encoding: .utf8)
    let section = try #require(docs.components(separatedBy: "## Exit status").last)
    for code in ExitCode.allCases {
      #expect(section.contains("\n| \(code.rawValue) | "), "docs/cli.md lacks exit status \(code.rawValue)")
      #expect(HelpText.main.contains("  \(code.rawValue)  \(code.meaning)"))
    }
    for documented in ["--dry-run", "@@", "@-"] {
      #expect(docs.contains(documented) && HelpText.main.contains(documented), "\(documented)")
    }
    #expect(docs.contains("inputs failed: [1]"))
  }
}
