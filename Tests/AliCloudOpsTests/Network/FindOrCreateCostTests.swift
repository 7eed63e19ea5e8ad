import AliCloudCore
import Testing

@testable import TestSupport

/// The one find-or-create path: a create that names an existing, ready resource reads it once
/// and answers at once, with the same output as the create and the Describe's `requestId`.
@Suite struct FindOrCreateCostTests {
  /// Method, id field, the rest of the create's inputs (given the VPC), and the one action read.
  static let creates: [(String, String, @Sendable (JSONValue) -> [String: JSONValue], String)] = [
    ("vpc/create", "vpcId", { _ in ["vpcName": "cost", "cidrBlock": "10.9.0.0/16"] }, "DescribeVpcs"),
    (
      "vswitch/create", "vSwitchId",
      { vpc in ["vpcId": vpc, "vSwitchName": "cost", "cidrBlock": "10.0.9.0/24", "zoneId": Estate.zone] },
      "DescribeVSwitches"
    ),
    (
      "route_table/create", "routeTableId", { vpc in ["vpcId": vpc, "routeTableName": "cost"] },
      "DescribeRouteTableList"
    ),
    ("cen/create", "cenId", { _ in ["name": "cost"] }, "DescribeCens"),
    (
      "security_group/create", "securityGroupId",
      { vpc in ["vpcId": vpc, "securityGroupName": "cost", "description": "d"] }, "DescribeSecurityGroups"
    ),
  ]

  @Test func anExistingReadyResourceCostsOneDescribe() async throws {
    let f = try CloudFixture(delayMs: 5)
    let w = Estate(f: f)
    let vpc = try await w.vpc()
    for (method, idField, fields, describe) in Self.creates {
      let first = try await f.one(method, fields(vpc))
      #expect(first["errorCode"] == "0", "\(method): \(first)")
      let since = f.sim.simulator.requests().last?.sequence ?? 0
      let again = try await f.one(method, fields(vpc).merging([idField: first[idField] ?? ""]) { _, b in b })
      let sent = f.sim.simulator.requests(since: since).map(\.action)
      #expect(sent == [describe], "\(method) re-run sent \(sent)")
      #expect(again["errorCode"] == "0", "\(method): \(again)")
      for (name, value) in first where name != "requestId" {
        #expect(again[name] == value, "\(method) re-run: \(name)")
      }
      let requestId = again["requestId"]?.stringValue ?? ""
      #expect(!requestId.isEmpty && requestId != first["requestId"]?.stringValue, "\(method): \(again)")
    }
    await f.stop()
  }
}
