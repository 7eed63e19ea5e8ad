import AliCloudCatalog
import AliCloudCore
import Foundation
import TestSupport
import Testing

@Suite struct CatalogTests {
  /// The 54 interfaces of the original plugin (../shared/reference/original-interfaces.md) change
  /// the cloud; every kind they create adds a describe and a list.
  @Test func fiftyFourWritesAndTwoReadsPerKind() {
    #expect(Catalog.writeOperations.count == 54)
    #expect(!Catalog.writeOperations.contains { $0.effect == .read })
    #expect(Catalog.readOperations.count == 2 * Catalog.readKinds.count)
    #expect(Catalog.readOperations.allSatisfy { $0.effect == .read })
    #expect(Catalog.operations.count == 54 + Catalog.readOperations.count)
    #expect(Set(Catalog.operations.map(\.method)).count == Catalog.operations.count)
    #expect(Set(Catalog.allMethodNames).count == Catalog.allMethodNames.count)
  }

  @Test func everyReadIsDocumented() throws {
    let text = try String(contentsOf: Repository.url("docs/reads.md"), encoding: .utf8)
    for op in Catalog.readOperations { #expect(text.contains("`\(op.method)`"), "docs/reads.md lacks \(op.method)") }
  }

  @Test func everyOperationHasTheEnvelopeFields() {
    for op in Catalog.operations {
      let inputs = op.inputs.map(\.name)
      #expect(inputs.first == "guid", "\(op.method)")
      #expect(inputs.contains("cloudParams") && inputs.contains("identityParams"), "\(op.method)")
      #expect(inputs.last == "callbackParameter", "\(op.method)")
      let outputs = Set(op.outputs.map(\.name))
      #expect(outputs.isSuperset(of: ["guid", "callbackParameter", "errorCode", "errorMessage"]), "\(op.method)")
      #expect(Set(inputs).count == inputs.count, "\(op.method): duplicate input")
      #expect(Set(op.outputs.map(\.name)).count == op.outputs.count, "\(op.method): duplicate output")
      #expect(!op.summary.isEmpty && op.inputs.allSatisfy { !$0.description.isEmpty }, "\(op.method)")
      #expect(Catalog.families.contains(op.family))
      #expect(op.path == "/alicloud/v1/" + op.method)
    }
  }

  @Test(arguments: [
    ("vpc/create", "vpc/create"),
    ("/alicloud/v1/vpc/create", "vpc/create"),
    ("alicloud/v1/vpc/eip/un-associate", "vpc/eip/un-associate"),
    ("vswitch/create/route_table/bind/", "vswitch/create/route_table/bind"),
    ("vpc/nat/snat_entry/modify/append", "vpc/nat/snat_entry/modify/append"),
  ])
  func lookupByNameOrPath(name: String, method: String) {
    #expect(Catalog.operation(named: name)?.method == method)
  }

  @Test(arguments: ["vpc/creat", "vpc", "", "/alicloud/v2/vpc/create", "daemon.ping", "VPC/CREATE"])
  func unknownNamesAreNotOperations(name: String) {
    #expect(Catalog.operation(named: name) == nil)
  }

  @Test(arguments: [
    ("vpc/creat", "vpc/create"),
    ("/alicloud/v1/vpc/delet", "vpc/delete"),
    ("vm/security_group/bind", "vm/security-group/bind"),
    ("vpc/eip/unassociate", "vpc/eip/un-associate"),
    ("daemon.pong", "daemon.ping"),
    ("rpc.discovr", "rpc.discover"),
    ("VPC/CREATE", "vpc/create"),
  ])
  func suggestionsFindTheNearestMethod(name: String, expected: String) {
    #expect(Catalog.suggestions(for: name).first == expected)
  }

  @Test func noSuggestionsForNonsense() {
    #expect(Catalog.suggestions(for: "zzzzzzzzzzzzzz").isEmpty)
    #expect(Catalog.suggestions(for: "").isEmpty)
  }

  @Test func editDistance() {
    #expect(Suggest.distance("kitten", "sitting") == 3)
    #expect(Suggest.distance("", "abc") == 3)
    #expect(Suggest.distance("same", "same") == 0)
    #expect(Suggest.nearest(to: "--vpcNam", among: ["--vpcName", "--vpcId", "--cidrBlock"]) == ["--vpcName"])
  }

  @Test func serviceMethodsAreDescribed() {
    #expect(Catalog.serviceMethods.map(\.name) == ["rpc.discover", "daemon.ping", "daemon.status", "daemon.pending"])
    #expect(Catalog.serviceMethods.allSatisfy { !$0.summary.isEmpty })
    #expect(Catalog.serviceMethod(named: "daemon.status") != nil)
  }

  @Test func securityGroupRulesAcceptPolicyTypeForActionType() throws {
    for name in ["security_group/authorize", "security_group/revoke"] {
      let op = try #require(Catalog.operation(named: name))
      let field = try #require(op.inputs.first { $0.name == "actionType" })
      #expect(field.required && field.aliases == ["policyType"])
    }
  }
}
