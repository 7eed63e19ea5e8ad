import AliCloudCatalog
import AliCloudCore
import Foundation
import Testing

@testable import TestSupport

/// Enumerated inputs are checked against the values their spec declares, before any cloud
/// call; fields an operation does not know are named once in the log.
@Suite struct DeclaredValuesTests {
  /// The handlers take enumerated values from the catalogue (`input.oneOf("name")`): each name
  /// they use is declared with its values.
  @Test func everyEnumeratedFieldAHandlerReadsIsDeclared() throws {
    let declared = Set(Catalog.operations.flatMap(\.inputs).filter { !$0.values.isEmpty }.map(\.name))
    let sources = try FileManager.default.subpathsOfDirectory(atPath: Repository.url("Sources/AliCloudOps").path)
      .filter { $0.hasSuffix(".swift") }
    var used: Set<String> = []
    for file in sources {
      let text = try String(contentsOf: Repository.url("Sources/AliCloudOps/" + file), encoding: .utf8)
      for part in text.components(separatedBy: "oneOf(\"").dropFirst() {
        if let name = part.split(separator: "\"").first, part.dropFirst(name.count).hasPrefix("\")") {
          used.insert(String(name))
        }
      }
    }
    #expect(used.count > 15)
    #expect(used.subtracting(declared).isEmpty, "read without declared values: \(used.subtracting(declared))")
  }

  @Test func aBadValueIsRefusedNamingTheFieldAndItsValuesBeforeAnyCall() async throws {
    let f = try CloudFixture()
    let bad = try await f.one("vpc/eip/allocate", ["instanceChargeType": "Monthly"])
    #expect(bad["errorCode"] == "1")
    #expect(
      bad["errorMessage"]?.stringValue?.contains("instanceChargeType: \"Monthly\" is not one of PrePaid, PostPaid")
        == true)
    let rule = try await f.one(
      "security_group/authorize",
      [
        "securityGroupId": "sg-x", "actionType": "ingress", "ipProtocol": "[tcp,ftp]", "portRange": "22/22",
        "cidrIp": "0.0.0.0/0", "policy": "accept",
      ])
    #expect(
      rule["errorMessage"]?.stringValue?.contains("\"ftp\" is not one of tcp, udp, icmp, gre, all") == true, "\(rule)")
    #expect(f.sim.simulator.requests().isEmpty, "nothing reached the cloud")
    // Any case is accepted, and sent as AliCloud spells it.
    let ok = try await f.one("vpc/eip/allocate", ["instanceChargeType": "postpaid"])
    #expect(ok["errorCode"] == "0", "\(ok)")
    let sent = f.sim.simulator.requests().first { $0.action == "AllocateEipAddress" }
    #expect(sent?.params["InstanceChargeType"] == "PostPaid")
    await f.stop()
  }

  @Test func unknownFieldsAreNamedOnceInTheLog() async throws {
    let f = try CloudFixture()
    let inputs = [
      CloudFixture.input(["vpcName": "a", "cidrBlock": "10.0.0.0/16", "colour": "blue"], guid: "a"),
      CloudFixture.input(["vpcName": "b", "cidrBlock": "10.1.0.0/16", "colour": "red", "size": "9"], guid: "b"),
    ]
    let r = try await f.call("vpc/create", inputs)
    #expect(r["resultCode"] == "0")
    let notices = f.daemon.logs.records.filter { $0.message.contains("fields this operation does not know") }
    #expect(notices.count == 1 && notices.first?.metadata["fields"] == "colour,size")
    await f.stop()
  }
}
