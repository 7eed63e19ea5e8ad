import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

extension Resource {
  static let vpc = Resource(
    kind: .vpc, noun: "VPC", product: .vpc, describe: "DescribeVpcs", list: "Vpcs.Vpc", idField: "VpcId",
    ready: ["Available"], deleteAction: "DeleteVpc", notFoundCodes: ["InvalidVpcId.NotFound"])
}

/// `vpc/create`, `vpc/delete`.
enum VPCOperations {
  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.vpcCreate) { s in
        var params = s.input.forward(["description": "Description"])
        params["VpcName"] = .string(try s.input.require("vpcName"))
        params["CidrBlock"] = .string(try Checks.cidr(try s.input.require("cidrBlock"), field: "cidrBlock"))
        return try await s.findOrCreate(
          .vpc, existing: "vpcId", output: "vpcId",
          fields: { item, created throws(OperationFailure) in
            outputs(["routeTableId": created ? item.text("RouteTableId") : try await s.systemRouteTable(of: item)])
          }, create: .call("CreateVpc", params)
        ).out
      },
      env.operation(.vpcDelete) { s in try await s.deleteIfPresent(.vpc, try s.input.require("vpcId")) },
    ])
  }
}

extension CloudSession {
  /// The VPC's system route table: from the VPC record, else from its router's tables.
  func systemRouteTable(of vpc: JSONValue) async throws(OperationFailure) -> String? {
    if let id = vpc.items("RouterTableIds.RouterTableIds").first?.stringValue { return id }
    guard let router = vpc.text("VRouterId") else { return nil }
    let r = try await call(.vpc, "DescribeRouteTables", ["VRouterId": .string(router), "Type": "System"])
    return r.items("RouteTables.RouteTable").first { $0["RouteTableType"]?.stringValue == "System" }?.text(
      "RouteTableId")
  }
}
