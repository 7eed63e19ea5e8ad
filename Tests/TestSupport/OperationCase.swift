import AliCloudCore
import Testing

/// One operation under test: how to make two inputs (creating what they need first), which
/// output fields success gives, which input is required, and which AliCloud action fails
/// mid-operation.
public struct OperationCase: Sendable, CustomTestStringConvertible {
  public let method: String
  public let outputs: [String]
  public let required: String
  public let faultAction: String
  /// Fields for input `n` (0 or 1).
  public let inputs: @Sendable (Estate, Int) async throws -> [String: JSONValue]
  /// For creates: the input of the idempotent re-run, given the first run's input and output.
  public var again: @Sendable ([String: JSONValue], [String: JSONValue]) -> [String: JSONValue]

  public init(
    method: String, outputs: [String], required: String, faultAction: String,
    inputs: @escaping @Sendable (Estate, Int) async throws -> [String: JSONValue],
    again: @escaping @Sendable ([String: JSONValue], [String: JSONValue]) -> [String: JSONValue] = { input, _ in input }
  ) {
    self.method = method
    self.outputs = outputs
    self.required = required
    self.faultAction = faultAction
    self.inputs = inputs
    self.again = again
  }

  public var testDescription: String { method }
}

/// A create whose re-run names the created id in `key`.
public func rerun(_ key: String) -> @Sendable ([String: JSONValue], [String: JSONValue]) -> [String: JSONValue] {
  { input, output in input.merging([key: output[key] ?? ""]) { _, b in b } }
}

/// Prerequisites made through the daemon itself, for the per-operation tests.
public struct Estate: Sendable {
  public let f: CloudFixture
  public static let zone = JSONValue.string(CloudFixture.zone)

  public init(f: CloudFixture) { self.f = f }

  /// Runs one input that must succeed; returns its output.
  public func make(_ method: String, _ fields: [String: JSONValue]) async throws -> [String: JSONValue] {
    let out = try await f.one(method, fields)
    try #require(out["errorCode"] == "0", "\(method): \(out["errorMessage"] ?? "")")
    return out
  }

  public func network(_ n: Int) async throws -> (vpc: JSONValue, vswitch: JSONValue) {
    let vpc = try await make("vpc/create", ["vpcName": .string("e\(n)"), "cidrBlock": "10.0.0.0/16"])["vpcId"]!
    let vsw = try await make(
      "vswitch/create", ["vpcId": vpc, "vSwitchName": "s", "cidrBlock": "10.0.1.0/24", "zoneId": Estate.zone])
    return (vpc, vsw["vSwitchId"]!)
  }

  public func group(_ vpc: JSONValue, _ name: String = "grp") async throws -> JSONValue {
    try await make("security_group/create", ["securityGroupName": .string(name), "description": "d", "vpcId": vpc])[
      "securityGroupId"]!
  }

  /// A running VM; returns its create output.
  public func vm(_ n: Int) async throws -> [String: JSONValue] {
    let (vpc, vsw) = try await network(n)
    let g = try await group(vpc)
    return try await make("vm/create", vmFields(vsw, g))
  }

  public func vmFields(_ vsw: JSONValue, _ group: JSONValue) -> [String: JSONValue] {
    [
      "seed": "seed123", "instanceSpec": "1C1G", "instanceFamily": "s6", "imageId": "m-ubuntu2204",
      "zoneId": Estate.zone, "vSwitchId": vsw, "securityGroupId": group,
    ]
  }

  public func lbFields(_ vpc: JSONValue, _ vsw: JSONValue) -> [String: JSONValue] {
    [
      "addressType": "intranet", "vpcId": vpc, "vSwitchId": vsw, "loadBalancerName": "lb", "payType": "PostPaid",
      "loadBalancerSpec": "slb.s1.small",
    ]
  }

  public func loadBalancer(_ n: Int) async throws -> (lb: JSONValue, vm: JSONValue) {
    let (vpc, vsw) = try await network(n)
    let g = try await group(vpc)
    let vm = try await make("vm/create", vmFields(vsw, g))["instanceId"]!
    return (try await make("load_balancer/create", lbFields(vpc, vsw))["loadBalancerId"]!, vm)
  }

  public func backendFields(_ lb: JSONValue, _ vm: JSONValue) -> [String: JSONValue] {
    [
      "loadBalancerId": lb, "hostIds": .string("[\(vm.stringValue ?? "")]"), "hostPorts": "[8080]", "bandwidth": "-1",
      "listenerPort": "80", "listenerProtocol": "TCP", "vServerGroupName": "web",
    ]
  }

  public func rdsFields(_ vpc: JSONValue, _ vsw: JSONValue) -> [String: JSONValue] {
    [
      "seed": "seed123", "accountName": "app", "dBInstanceSpec": "1C2G", "engine": "MySQL", "engineVersion": "8.0",
      "dBInstanceStorage": "20", "dBInstanceStorageType": "cloud_essd", "securityIPList": "[10.0.0.0/16]",
      "zoneId": Estate.zone, "vpcId": vpc, "vSwitchId": vsw, "payType": "Postpaid",
    ]
  }

  public func rds(_ n: Int) async throws -> JSONValue {
    let (vpc, vsw) = try await network(n)
    return try await make("rds/db/create", rdsFields(vpc, vsw))["dBInstanceId"]!
  }

  public func redisFields(_ vpc: JSONValue, _ vsw: JSONValue) -> [String: JSONValue] {
    [
      "seed": "seed123", "capacity": "1024", "zoneId": Estate.zone, "engineVersion": "5.0", "chargeType": "PostPaid",
      "networkType": "VPC", "vpcId": vpc, "vSwitchId": vsw, "instanceName": "cache",
    ]
  }

  public func diskFields(_ vm: [String: JSONValue]) -> [String: JSONValue] {
    [
      "instanceId": vm["instanceId"]!, "instanceGuid": "g", "seed": "seed123", "password": vm["password"]!,
      "fileSystemType": "ext4", "mountDir": "/data", "zoneId": Estate.zone, "size": "20",
    ]
  }

  public func vpc(_ n: Int = 0) async throws -> JSONValue {
    try await make("vpc/create", ["vpcName": .string("w\(n)"), "cidrBlock": "10.0.0.0/16"])["vpcId"]!
  }

  public func vswitch(_ vpc: JSONValue, _ n: Int, bind: Bool = false) async throws -> [String: JSONValue] {
    try await make(
      bind ? "vswitch/create/route_table/bind" : "vswitch/create",
      ["vpcId": vpc, "vSwitchName": .string("s\(n)"), "cidrBlock": .string("10.0.\(n).0/24"), "zoneId": Estate.zone])
  }

  public func routeTable(_ vpc: JSONValue) async throws -> JSONValue {
    try await make("route_table/create", ["vpcId": vpc])["routeTableId"]!
  }

  /// A VPC with a vSwitch (10.0.100.0/24) and a NAT gateway in it.
  public func nat() async throws -> (vpc: JSONValue, vswitch: JSONValue, nat: JSONValue, snatTable: JSONValue) {
    let v = try await vpc()
    let s = try await vswitch(v, 100)["vSwitchId"]!
    let n = try await make("vpc/nat/create", ["vpcId": v, "vSwitchId": s])
    return (v, s, n["natGatewayId"]!, n["snatTableId"]!)
  }

  public func eip() async throws -> (id: JSONValue, ip: JSONValue) {
    let e = try await make("vpc/eip/allocate", [:])
    return (e["allocationId"]!, e["eipAddress"]!)
  }

  public func cen() async throws -> JSONValue { try await make("cen/create", ["name": "c"])["cenId"]! }
}
