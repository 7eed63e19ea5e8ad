import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

/// `vpc/create`, `vpc/delete`.
enum VPCOperations {
  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.vpcCreate) { s in
        let name = try s.input.require("vpcName")
        let cidr = try Checks.cidr(try s.input.require("cidrBlock"), field: "cidrBlock")
        if let id = s.input.string("vpcId"), let vpc = try await s.lookupVpc(id) {
          let out = outputs(["vpcId": id, "routeTableId": try await s.systemRouteTable(of: vpc)])
          try await s.waitVpcAvailable(id, keeping: out)
          return out
        }
        var params = s.input.forward(["description": "Description"])
        params["VpcName"] = .string(name)
        params["CidrBlock"] = .string(cidr)
        let r = try await s.call(.vpc, "CreateVpc", params, idempotent: true)
        guard let id = r.text("VpcId") else { throw OperationFailure("CreateVpc answered without a VpcId") }
        let out = outputs(["vpcId": id, "routeTableId": r.text("RouteTableId")])
        try await s.waitVpcAvailable(id, keeping: out)
        return out
      },
      env.operation(.vpcDelete) { s in
        let id = try s.input.require("vpcId")
        guard try await s.lookupVpc(id) != nil else { return [:] }
        _ = try await s.callRetryingConflicts(
          .vpc, "DeleteVpc", ["VpcId": .string(id)], kind: "vpc", what: "deleting \(id)")
        try await s.waitGone(id, kind: "vpc") { try await s.findVpc(id) == nil ? .notFound : .state("Deleting") }
        return [:]
      },
    ])
  }
}

extension CloudSession {
  func findVpc(_ id: String) async throws(AliCloudError) -> JSONValue? {
    try await find(.vpc, "DescribeVpcs", ["VpcId": .string(id)], list: "Vpcs.Vpc", idField: "VpcId", id: id)
  }

  func lookupVpc(_ id: String) async throws(OperationFailure) -> JSONValue? {
    try await lookup(.vpc, "DescribeVpcs", ["VpcId": .string(id)], list: "Vpcs.Vpc", idField: "VpcId", id: id)
  }

  func waitVpcAvailable(_ id: String, keeping out: [String: JSONValue]) async throws(OperationFailure) {
    try await wait(for: id, kind: "vpc", until: ["Available"], keeping: out) { .of(try await self.findVpc(id)) }
  }

  /// The VPC's system route table: from the VPC record, else from its router's tables.
  func systemRouteTable(of vpc: JSONValue) async throws(OperationFailure) -> String? {
    if let id = vpc.items("RouterTableIds.RouterTableIds").first?.stringValue { return id }
    guard let router = vpc.text("VRouterId") else { return nil }
    let r = try await call(.vpc, "DescribeRouteTables", ["VRouterId": .string(router), "Type": "System"])
    return r.items("RouteTables.RouteTable").first { $0["RouteTableType"]?.stringValue == "System" }?.text(
      "RouteTableId")
  }
}
