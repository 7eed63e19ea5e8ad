import AliCloudCatalog
import AliCloudCore
import Testing

@testable import alicloudctl

@Suite struct HelpTests {
  @Test func mainHelpListsCommandsResourcesAndExitCodes() throws {
    guard case .text(let text) = try ArgumentTests.command(["--help"]) else {
      Issue.record("not text")
      return
    }
    for command in ["call METHOD [JSON | -]", "list", "describe METHOD", "ping", "status", "--socket PATH"] {
      #expect(text.contains(command), "\(command)")
    }
    for resource in ["vpc", "vswitch", "route_table", "security_group", "load_balancer", "rds", "redis", "cen"] {
      #expect(text.contains(resource))
    }
    for code in ExitCode.allCases {
      #expect(text.contains("  \(code.rawValue)  \(code.meaning)"))
    }
    #expect(try ArgumentTests.command(["-h"]) == .text(text))
    #expect(try ArgumentTests.command(["help"]) == .text(text))
  }

  @Test func versionText() throws {
    #expect(try ArgumentTests.command(["--version"]) == .text("alicloudctl \(Version.line)\n"))
  }

  @Test(arguments: Catalog.operations)
  func operationHelpShowsEveryFlagAndARunnableExample(op: OperationSpec) throws {
    let words = CommandWords.words(of: op)
    guard case .text(let text) = try ArgumentTests.command(words + ["--help"]) else {
      Issue.record("not text")
      return
    }
    #expect(try ArgumentTests.command(["help"] + words) == .text(text))
    #expect(text.hasPrefix("Usage: alicloudctl \(words.joined(separator: " ")) "))
    for field in op.inputs {
      #expect(text.contains("--\(field.name) VALUE\(field.required ? " *" : " ")"), "\(op.method) \(field.name)")
    }
    for field in op.outputs { #expect(text.contains("  \(field.name) "), "\(op.method) output \(field.name)") }
    // The example parses back into a call of this operation with every required field set.
    let example = try #require(text.split(separator: "\n").first { $0.hasPrefix("  alicloudctl ") })
    let args = example.split(separator: " ").dropFirst().map(String.init)
    guard case .call(let method, let params?) = try ArgumentTests.command(args) else {
      Issue.record("example of \(op.method) is not a call")
      return
    }
    #expect(method == op.method)
    let input = try #require(params["inputs"]?[0]?.objectValue)
    #expect(op.missingRequired(in: input).isEmpty, "\(op.method): \(op.missingRequired(in: input))")
  }

  @Test func groupHelpListsTheActionsUnderAPrefix() throws {
    guard case .text(let text) = try ArgumentTests.command(["vpc", "nat", "--help"]) else {
      Issue.record("not text")
      return
    }
    #expect(text.contains("alicloudctl vpc nat snat_entry modify append"))
    #expect(text.contains("alicloudctl vpc nat create"))
    #expect(!text.contains("alicloudctl vpc create"))
  }

  @Test func listGroupsEveryMethodByFamily() throws {
    guard case .text(let text) = try ArgumentTests.command(["list"]) else {
      Issue.record("not text")
      return
    }
    let lines = text.split(separator: "\n").map(String.init)
    for method in Catalog.allMethodNames {
      #expect(lines.contains { $0.hasPrefix("  \(method) ") }, "\(method)")
    }
    for family in Catalog.families + ["daemon"] { #expect(lines.contains(family)) }
    #expect(lines.count == Catalog.families.count + 1 + Catalog.allMethodNames.count)
  }

  @Test(arguments: [["vpc/create"], ["/alicloud/v1/vpc/create"], ["vpc", "create"]])
  func describeAcceptsNamesPathsAndWords(words: [String]) throws {
    guard case .text(let text) = try ArgumentTests.command(["describe"] + words) else {
      Issue.record("not text")
      return
    }
    #expect(text.hasPrefix("vpc/create: Create a VPC"))
    #expect(text.contains("--vpcName VALUE *") && text.contains("routeTableId"))
  }

  @Test func describeServiceMethod() throws {
    guard case .text(let text) = try ArgumentTests.command(["describe", "daemon.ping"]) else {
      Issue.record("not text")
      return
    }
    #expect(text.hasPrefix("daemon.ping: "))
  }
}

extension OperationSpec: CustomTestStringConvertible {
  public var testDescription: String { method }
}
