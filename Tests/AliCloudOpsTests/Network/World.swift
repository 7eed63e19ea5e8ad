import AliCloudCore
import Testing

@testable import TestSupport

/// Prerequisites made through the daemon itself, for the per-operation tests.
struct World: Sendable {
  let f: CloudFixture
  static let zone = JSONValue.string(CloudFixture.zone)

  /// Runs one input that must succeed; returns its output.
  func make(_ method: String, _ fields: [String: JSONValue]) async throws -> [String: JSONValue] {
    let out = try await f.one(method, fields)
    try #require(out["errorCode"] == "0", "\(method): \(out["errorMessage"] ?? "")")
    return out
  }

  func vpc(_ n: Int = 0) async throws -> JSONValue {
    try await make("vpc/create", ["vpcName": .string("w\(n)"), "cidrBlock": "10.0.0.0/16"])["vpcId"]!
  }

  func vswitch(_ vpc: JSONValue, _ n: Int, bind: Bool = false) async throws -> [String: JSONValue] {
    try await make(
      bind ? "vswitch/create/route_table/bind" : "vswitch/create",
      ["vpcId": vpc, "vSwitchName": .string("s\(n)"), "cidrBlock": .string("10.0.\(n).0/24"), "zoneId": World.zone])
  }

  func routeTable(_ vpc: JSONValue) async throws -> JSONValue {
    try await make("route_table/create", ["vpcId": vpc])["routeTableId"]!
  }

  /// A VPC with a vSwitch (10.0.100.0/24) and a NAT gateway in it.
  func nat() async throws -> (vpc: JSONValue, vswitch: JSONValue, nat: JSONValue, snatTable: JSONValue) {
    let v = try await vpc()
    let s = try await vswitch(v, 100)["vSwitchId"]!
    let n = try await make("vpc/nat/create", ["vpcId": v, "vSwitchId": s])
    return (v, s, n["natGatewayId"]!, n["snatTableId"]!)
  }

  func eip() async throws -> (id: JSONValue, ip: JSONValue) {
    let e = try await make("vpc/eip/allocate", [:])
    return (e["allocationId"]!, e["eipAddress"]!)
  }

  func cen() async throws -> JSONValue { try await make("cen/create", ["name": "c"])["cenId"]! }
}
