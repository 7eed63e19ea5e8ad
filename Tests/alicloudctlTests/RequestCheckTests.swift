import AliCloudCatalog
import AliCloudCore
import Foundation
import TestSupport
import Testing

@testable import alicloudctl

/// `--dry-run`, `@file` values and the catalogue's checks: all settled before any connection, so
/// these run the binary against a socket where no daemon listens (reaching it would exit 3).
@Suite struct RequestCheckTests {
  static func withDirectory(_ body: (String) async throws -> Void) async throws {
    let directory = try DaemonFixture.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try await body(directory)
  }

  @Test func dryRunPrintsTheRequestWithoutConnecting() async throws {
    try await Self.withDirectory { dir in
      let r = try await CLIProcess.run([
        "--socket", dir + "/none.sock", "--dry-run", "--region", "cn-x", "vpc", "create", "--vpcName", "a",
        "--cidrBlock", "10.0.0.0/16",
      ])
      #expect(r.status == 0, "\(r.stderr)")
      let request = try JSONValue.parse(r.stdout)
      #expect(request["method"] == "vpc/create")
      #expect(
        request["params"] == ["inputs": [["vpcName": "a", "cidrBlock": "10.0.0.0/16", "cloudParams": "regionId=cn-x"]]])
      let call = try await CLIProcess.run(
        ["--socket", dir + "/none.sock", "--dry-run", "call", "daemon.ping"], stdin: #"{"x":1}"#)
      #expect(call.status == 0, "\(call.stderr)")
      #expect(try JSONValue.parse(call.stdout) == ["jsonrpc": "2.0", "method": "daemon.ping", "params": ["x": 1]])
    }
  }

  @Test func fileValues() async throws {
    try await Self.withDirectory { dir in
      try "described\n".write(toFile: dir + "/description.txt", atomically: true, encoding: .utf8)
      try #"{"vpcName":"from-file","cidrBlock":"10.0.0.0/16"}"#.write(
        toFile: dir + "/input.json", atomically: true, encoding: .utf8)
      let base = ["--socket", dir + "/none.sock", "--dry-run", "--region", "r", "vpc", "create"]
      let r = try await CLIProcess.run(
        base + [
          "--input", "@\(dir)/input.json", "--vpcName", "b", "--cidrBlock", "10.1.0.0/16", "--description",
          "@\(dir)/description.txt",
        ])
      #expect(r.status == 0, "\(r.stderr)")
      let inputs = try JSONValue.parse(r.stdout)["params"]?["inputs"]
      #expect(inputs?[0]?["vpcName"] == "from-file")
      #expect(inputs?[1]?["description"] == "described", "one trailing line break dropped")
      let stdin = try await CLIProcess.run(
        base + ["--vpcName", "@-", "--cidrBlock", "10.0.0.0/16", "--description", "@@literal"], stdin: "piped")
      #expect(stdin.status == 0, "\(stdin.stderr)")
      let input = try JSONValue.parse(stdin.stdout)["params"]?["inputs"]?[0]
      #expect(input?["vpcName"] == "piped" && input?["description"] == "@literal")
      let call = try await CLIProcess.run([
        "--socket", dir + "/none.sock", "--dry-run", "call", "vpc/delete", "@\(dir)/input.json",
      ])
      #expect(try JSONValue.parse(call.stdout)["params"]?["vpcName"] == "from-file", "\(call.stderr)")
      let missing = try await CLIProcess.run(base + ["--vpcName", "@\(dir)/absent.txt"])
      #expect(missing.status == 2)
      #expect(missing.stderr.contains("--vpcName: cannot read file '\(dir)/absent.txt'"), "\(missing.stderr)")
    }
  }

  @Test(arguments: [
    (["vpc", "create", "--vpcName", "a"], "inputs[0].cidrBlock: required, missing"),
    (
      ["vpc", "create", "--vpcName", "a", "--cidrBlock", "10.0.0.0/16", "--next", "--vpcName", "b"],
      "inputs[1].cidrBlock: required, missing"
    ),
    (
      ["vpc", "create", "--input", #"{"vpcName":[1],"cidrBlock":"c"}"#],
      "inputs[0].vpcName: expected a string, got array"
    ),
    (["vpc", "create", "--input", #"{"vpcName":"a\u0000","cidrBlock":"c"}"#], "inputs[0].vpcName:"),
  ])
  func catalogueChecksRefuseLocally(args: [String], message: String) async throws {
    try await Self.withDirectory { dir in
      let r = try await CLIProcess.run(["--socket", dir + "/none.sock", "--region", "r"] + args)
      #expect(r.status == 2, "\(r.stderr)")
      #expect(r.stderr.contains(message), "\(r.stderr)")
    }
  }

  /// The names are the daemon's: the same params sent raw are refused by the daemon with the same field.
  @Test func sameFieldNameAsTheDaemon() throws {
    let op = try #require(Catalog.operation(named: "vpc/create"))
    let params: JSONValue = ["inputs": [["vpcName": "a", "cidrBlock": "c"], ["vpcName": ["x"], "cidrBlock": "c"]]]
    #expect(throws: UsageError("inputs[1].vpcName: expected a string, got array")) {
      try Precheck.check(params, for: op)
    }
  }

  @Test func failureSummaryNamesEachFailedInput() {
    let result: JSONValue = [
      "resultCode": "1",
      "results": [
        "outputs": [
          ["guid": "", "errorCode": "1", "errorMessage": "first\nsecond", "vpcId": "vpc-x"],
          ["guid": "g", "errorCode": "0", "errorMessage": ""],
          ["errorCode": "1", "errorMessage": ""],
        ]
      ],
    ]
    #expect(
      FailureSummary.line(result, method: "vpc/create")
        == "alicloudctl: 2 of 3 inputs failed: [0] vpc-x: first; [2] failed\n")
    #expect(FailureSummary.line(["resultCode": "0", "results": ["outputs": [["errorCode": "0"]]]], method: "x") == nil)
  }

  @Test func progressLineShowsMethodInputsAndElapsedTime() {
    let line = ProgressLine(method: "/alicloud/v1/vpc/create", params: ["inputs": [[:], [:], [:]]])
    #expect(
      line.render(["kind": "report", "message": "vpc-1: Pending -> Available"], elapsed: .milliseconds(12_345))
        == "\r\u{1B}[K… vpc/create 3 inputs, 12.3 s: vpc-1: Pending -> Available")
    #expect(
      line.render(["kind": "begin", "message": ""], elapsed: .seconds(0)) == "\r\u{1B}[K… vpc/create 3 inputs, 0.0 s")
    #expect(line.render(["kind": "end"], elapsed: .seconds(1)) == ProgressLine.clear)
    // Once the daemon counts inputs done, the line shows the count instead.
    #expect(
      line.render(
        ["kind": "report", "message": "2 of 3 inputs done", "inputsDone": 2, "inputs": 3, "percentage": 66],
        elapsed: .seconds(4)) == "\r\u{1B}[K… vpc/create 2/3 inputs done, 4.0 s")
    #expect(
      line.render(
        ["kind": "report", "message": "vpc-3: Pending", "inputsDone": 2, "inputs": 3, "percentage": 66],
        elapsed: .seconds(5)) == "\r\u{1B}[K… vpc/create 2/3 inputs done, 5.0 s: vpc-3: Pending")
  }
}
