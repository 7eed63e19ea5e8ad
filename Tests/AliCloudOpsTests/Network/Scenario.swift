import AliCloudCore
import AliCloudSim
import Testing

@testable import TestSupport

/// The whole network life cycle through the daemon: every step's outputs must succeed.
struct Scenario {
  let f: CloudFixture

  /// Calls one input and expects success with every listed field present.
  @discardableResult
  func ok(_ method: String, _ fields: [String: JSONValue], gives expected: [String] = []) async throws -> [String:
    JSONValue]
  {
    let out = try await f.one(method, fields)
    #expect(out["errorCode"] == "0", "\(method): \(out["errorMessage"] ?? "")")
    for name in expected { #expect(out[name]?.stringValue?.isEmpty == false, "\(method) lacks \(name)") }
    return out
  }

  func run(afterCreates: () -> Void = {}) async throws {
    let vpc = try await ok(
      "vpc/create", ["vpcName": "scn", "cidrBlock": "10.0.0.0/16"], gives: ["vpcId", "routeTableId"])
    let vpcId = vpc["vpcId"]!
    let zone = JSONValue.string(CloudFixture.zone)
    let vsw1 = try await ok(
      "vswitch/create", ["vpcId": vpcId, "vSwitchName": "a", "cidrBlock": "10.0.1.0/24", "zoneId": zone],
      gives: ["vSwitchId", "routeTableId"])["vSwitchId"]!
    let bound = try await ok(
      "vswitch/create/route_table/bind",
      ["vpcId": vpcId, "vSwitchName": "b", "cidrBlock": "10.0.2.0/24", "zoneId": zone],
      gives: ["vSwitchId", "routeTableId"])
    let vsw3 = try await ok(
      "vswitch/create", ["vpcId": vpcId, "vSwitchName": "c", "cidrBlock": "10.0.3.0/24", "zoneId": zone],
      gives: ["vSwitchId"])["vSwitchId"]!
    let rt = try await ok("route_table/create", ["vpcId": vpcId, "routeTableName": "rt"], gives: ["routeTableId"])[
      "routeTableId"]!
    try await ok("route_table/vswitch/associate", ["routeTableId": rt, "vSwitchId": vsw3])
    let nat = try await ok(
      "vpc/nat/create", ["vpcId": vpcId, "vSwitchId": vsw1, "name": "nat"], gives: ["natGatewayId", "snatTableId"])
    let natId = nat["natGatewayId"]!
    let snatTable = nat["snatTableId"]!
    let route: [String: JSONValue] = [
      "routeTableId": rt, "destinationCidrBlock": "0.0.0.0/0", "nextHopType": "NatGateway", "nextHopId": natId,
    ]
    try await ok("route_table/route_entry/create", route)
    let eipCall = try await f.call(
      "vpc/eip/allocate",
      (0..<3).map { i in CloudFixture.input(["cbpName": "scn-cbp", "bandwidth": "5"], guid: "e\(i)") })
    let eips = eipCall["results"]?["outputs"]?.arrayValue ?? []
    #expect(eipCall["resultCode"] == "0", "\(eipCall["resultMessage"] ?? "")")
    let ips = eips.compactMap { $0["eipAddress"]?.stringValue }
    let allocations = eips.compactMap { $0["allocationId"] }
    #expect(ips.count == 3 && Set(eips.compactMap { $0["cbpId"] }).count == 1)
    let snat = try await ok(
      "vpc/nat/snat_entry/create",
      ["natId": natId, "snatTableId": snatTable, "snatIp": .string("[\(ips[0]), \(ips[1])]"), "sourceVSwitchId": vsw1],
      gives: ["snatEntryId"])["snatEntryId"]!
    let entry: [String: JSONValue] = ["natId": natId, "snatTableId": snatTable, "snatEntryId": snat]
    try await ok("vpc/nat/snat_entry/modify/append", entry.merging(["snatIp": .string(ips[2])]) { _, b in b })
    try await ok("vpc/nat/snat_entry/modify/remove", entry.merging(["snatIp": .string(ips[0])]) { _, b in b })
    let cen = try await ok("cen/create", ["name": "scn-cen"], gives: ["cenId"])["cenId"]!
    try await ok("cen/attach", ["cenId": cen, "childInstanceId": vpcId])
    try await ok("cen/detach", ["cenId": cen, "childInstanceId": vpcId])
    try await ok("cen/attach", ["cenId": cen, "childInstanceId": vpcId])
    afterCreates()
    try await ok("cen/delete", ["cenId": cen])
    try await ok("vpc/nat/snat_entry/delete", entry)
    let release = try await f.call("vpc/eip/release", allocations.map { CloudFixture.input(["allocationId": $0]) })
    #expect(release["resultCode"] == "0", "\(release["resultMessage"] ?? "")")
    try await ok("vpc/nat/delete", ["natGatewayId": natId])
    try await ok("route_table/route_entry/delete", route)
    try await ok("route_table/delete", ["routeTableId": rt])
    try await ok("vswitch/delete", ["vSwitchId": vsw3])
    try await ok("vswitch/delete/route_table/unbind", ["vSwitchId": bound["vSwitchId"]!])
    try await ok("vswitch/delete", ["vSwitchId": vsw1])
    try await ok("vpc/delete", ["vpcId": vpcId])
  }
}

@Test func scenarioBuildsEverythingAndLeavesTheSimulatorEmpty() async throws {
  let f = try CloudFixture()
  try await Scenario(f: f).run {
    let kinds = ["vpc": 1, "vswitch": 3, "natgateway": 1, "eip": 3, "bandwidthpackage": 1, "snatentry": 1, "cen": 1]
    for (kind, n) in kinds { #expect(f.resources(kind).count == n, "\(kind)") }
  }
  #expect(f.resources().map(\.id) == [])
  await f.stop()
}

@Test func scenarioSucceedsDespiteThrottlingAndServerErrors() async throws {
  let f = try CloudFixture()
  var faults = SimFaults()
  faults.throttleRate = 0.2
  faults.serviceUnavailableRate = 0.05
  try f.sim.simulator.setFaults(faults)
  try await Scenario(f: f).run {
    let kinds = ["vpc": 1, "vswitch": 3, "natgateway": 1, "eip": 3, "bandwidthpackage": 1, "snatentry": 1, "cen": 1]
    for (kind, n) in kinds { #expect(f.resources(kind).count == n, "duplicates of \(kind)") }
  }
  #expect(f.resources().map(\.id) == [])
  #expect((f.sim.simulator.stats.faults.values.reduce(0, +)) > 10)
  await f.stop()
}
