import AliCloudCatalog
import AliCloudCore
import Foundation
import TestSupport
import Testing

@testable import alicloudctl

/// `--output json|table|value` and `--query`: parsing, rows and columns, and `vm list --output
/// table` through the built binary against the simulator.
@Suite struct OutputFormatTests {
  static let listed: JSONValue = [
    "resultCode": "1", "resultMessage": "no region",
    "results": [
      "outputs": [
        [
          "guid": "a", "errorCode": "0", "errorMessage": "", "callbackParameter": "", "count": "2",
          "truncated": "false",
          "items": [
            ["instanceId": "i-1", "instanceName": "web one", "status": "Running", "attributes": ["Cpu": 2]],
            ["instanceId": "i-22", "status": "Stopped\tnow", "attributes": ["Cpu": 4]],
          ],
        ],
        ["guid": "b", "errorCode": "1", "errorMessage": "no region", "callbackParameter": ""],
      ]
    ],
  ]

  @Test func optionsParse() throws {
    let inv = try Invocation.parse(["vm", "list", "--output", "table", "--query=instanceId, status"])
    #expect(inv.options.output == .table && inv.options.query == ["instanceId", "status"])
    #expect(inv.flags.isEmpty)
    #expect(throws: UsageError.self) { try Invocation.parse(["vm", "list", "--output", "xml"]) }
    #expect(throws: UsageError.self) { try Invocation.parse(["vm", "list", "--query", "a,,b"]) }
    #expect(throws: UsageError.self) { try Invocation.parse(["vm", "list", "--output"]) }
  }

  @Test func listOutputsAreOneRowPerItemAndFailuresOneRowEach() {
    let rows = ResultFormat.rows(Self.listed)
    #expect(rows.map { $0["instanceId"] ?? $0["guid"] } == ["i-1", "i-22", "b"])
    let table = ResultFormat.table.render(Self.listed, method: "vm/list", query: nil, style: .compact)
    let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines[0].hasPrefix("instanceId  instanceName  status"), "\(table)")
    #expect(lines[0].hasSuffix("errorCode  errorMessage"), "\(table)")
    #expect(lines[1].hasPrefix("i-1         web one       Running"), "\(table)")
    #expect(lines[2].hasPrefix("i-22                      Stopped now"), "tabs never split a cell: \(table)")
    #expect(lines[3].hasSuffix("1          no region"), "\(table)")
    #expect(!table.contains("attributes") && !table.contains("callbackParameter"))
  }

  @Test func valueIsTabSeparatedWithoutHeaderAndQueryPicksColumns() throws {
    let value = ResultFormat.value.render(
      Self.listed, method: "vm/list", query: ["instanceId", "attributes.Cpu"], style: .compact)
    #expect(value == "i-1\t2\ni-22\t4\n\t\n")
    let json = ResultFormat.json.render(Self.listed, method: "vm/list", query: ["instanceId"], style: .compact)
    #expect(try JSONValue.parse(json) == [["instanceId": "i-1"], ["instanceId": "i-22"], ["instanceId": nil]])
    let whole = ResultFormat.json.render(Self.listed, method: "vm/list", query: nil, style: .compact)
    #expect(try JSONValue.parse(whole) == Self.listed, "json without --query prints the result as it is")
  }

  @Test func otherResultsAreOneRowOfTheirOwnFields() {
    let created: JSONValue = [
      "resultCode": "0", "resultMessage": "Success",
      "results": ["outputs": [["guid": "g", "errorCode": "0", "vpcId": "vpc-1", "routeTableId": "vtb-1"]]],
    ]
    #expect(
      ResultFormat.table.render(created, method: "vpc/create", query: nil, style: .compact)
        == "guid  vpcId  routeTableId\ng     vpc-1  vtb-1\n")
    let ping: JSONValue = ["version": "1.0", "protocolVersion": "1.0"]
    #expect(
      ResultFormat.value.render(ping, method: "daemon.ping", query: nil, style: .compact) == "1.0\t1.0\n")
  }

  @Test func vmListAsATableThroughTheBinary() async throws {
    let f = try CloudFixture(delayMs: 2)
    do {
      let e = Estate(f: f)
      let vm = try await e.vm(0)
      let id = try #require(vm["instanceId"]?.stringValue)
      let r = try await CLIProcess.run(
        ["--socket", f.daemon.socketPath, "vm", "list", "--region", CloudFixture.region, "--output", "table"],
        environment: ["ALICLOUD_IDENTITY_PARAMS": CloudFixture.identity])
      #expect(r.status == 0, "\(r.stderr)")
      let lines = r.stdout.split(separator: "\n").map(String.init)
      #expect(lines.count == 2, "\(r.stdout)")
      let header = lines.first?.split(separator: " ").map(String.init) ?? []
      #expect(Array(header.prefix(6)) == ["instanceId", "instanceName", "instanceType", "cpu", "memory", "privateIp"])
      #expect(header.last == "status", "\(r.stdout)")
      #expect(lines.last?.hasPrefix(id) == true && lines.last?.contains("Running") == true, "\(r.stdout)")
      let value = try await CLIProcess.run(
        [
          "--socket", f.daemon.socketPath, "vm", "describe", "--region", CloudFixture.region, "--instanceId", id,
          "--output", "value", "--query", "instanceId,status",
        ], environment: ["ALICLOUD_IDENTITY_PARAMS": CloudFixture.identity])
      #expect(value.status == 0 && value.stdout == "\(id)\tRunning\n", "\(value.stdout) \(value.stderr)")
      let missing = try await CLIProcess.run(
        [
          "--socket", f.daemon.socketPath, "vm", "describe", "--region", CloudFixture.region, "--instanceId",
          "i-gone", "--output", "table",
        ], environment: ["ALICLOUD_IDENTITY_PARAMS": CloudFixture.identity])
      #expect(missing.status == 1 && missing.stdout.contains("NotFound"), "\(missing.stdout)")
    } catch {
      await f.stop()
      throw error
    }
    await f.stop()
  }
}
