import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

extension Resource {
  static let vswitch = Resource(
    kind: .vswitch, noun: "vSwitch", product: .vpc, describe: "DescribeVSwitches", list: "VSwitches.VSwitch",
    idField: "VSwitchId", ready: ["Available"], deleteAction: "DeleteVSwitch",
    notFoundCodes: ["InvalidVSwitchId.NotFound"])
}

/// `vswitch/create`, `vswitch/delete`, and the variants with a custom route table of their own.
enum VSwitchOperations {
  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.vswitchCreate) { s in
        let made = try await s.createVSwitch(try s.vswitchCreateParams())
        return made.out.merging(outputs(["routeTableId": made.item?.text("RouteTable.RouteTableId")])) { a, _ in a }
      },
      env.operation(.vswitchCreateRouteTableBind) { s in
        let params = try s.vswitchCreateParams()
        let made = try await s.createVSwitch(params)
        let id = made.id
        var out = made.out
        if let table = made.item?.text("RouteTable.RouteTableId"),
          made.item?.text("RouteTable.RouteTableType") != "System"
        {
          out["routeTableId"] = .string(table)
          return out
        }
        let vpcId = try s.input.require("vpcId")
        // A failure keeps the vSwitch (named in the output): a re-send continues this create with
        // the same ClientTokens and finishes it; vswitch/delete/route_table/unbind removes both.
        let table = try await s.createRouteTable(
          [
            "VpcId": .string(vpcId),
            "RouteTableName": .string(CloudSession.boundTableName(s.input.string("vSwitchName"), id)),
          ],
          keeping: out)
        out["routeTableId"] = .string(table)
        try await s.associate(table: table, vSwitch: id, keeping: out)
        return out
      },
      env.operation(.vswitchDelete) { s in try await s.deleteIfPresent(.vswitch, try s.input.require("vSwitchId")) },
      env.operation(.vswitchDeleteRouteTableUnbind) { s in
        let id = try s.input.require("vSwitchId")
        guard let vsw = try await s.lookup(.vswitch, id) else { return [:] }
        if let table = vsw.text("RouteTable.RouteTableId"), vsw.text("RouteTable.RouteTableType") != "System" {
          try await s.unassociate(table: table, vSwitch: id)
          // The table goes with its vSwitch unless another vSwitch still uses it.
          if let t = try await s.lookup(.routeTable, table), t.items("VSwitchIds.VSwitchId").isEmpty {
            _ = try await s.delete(.routeTable, table)
          }
        }
        // A table made for this vSwitch that an interrupted unbind left without it goes too.
        if let vpc = vsw.text("VpcId") {
          let name = CloudSession.boundTableName(vsw.text("VSwitchName"), id)
          let r = try await s.call(
            .vpc, "DescribeRouteTableList", ["VpcId": .string(vpc), "RouteTableName": .string(name)])
          for t in Resource.routeTable.items(in: r)
          where t.text("RouteTableName") == name && t.text("RouteTableType") != "System"
            && t.items("VSwitchIds.VSwitchId").isEmpty
          {
            if let table = t.text("RouteTableId") { _ = try await s.delete(.routeTable, table) }
          }
        }
        return try await s.delete(.vswitch, id)
      },
    ])
  }
}

extension CloudSession {
  /// The checked CreateVSwitch parameters.
  func vswitchCreateParams() throws(OperationFailure) -> [String: JSONValue] {
    var p = input.forward(["description": "Description", "vSwitchName": "VSwitchName"])
    p["VpcId"] = .string(try input.require("vpcId"))
    p["CidrBlock"] = .string(try Checks.cidr(try input.require("cidrBlock"), field: "cidrBlock"))
    p["ZoneId"] = .string(try input.require("zoneId"))
    return p
  }

  /// The input's existing vSwitch (`vSwitchId`), or a new one; available either way, with the
  /// item last read.
  func createVSwitch(_ params: [String: JSONValue]) async throws(OperationFailure) -> Made {
    try await findOrCreate(.vswitch, existing: "vSwitchId", output: "vSwitchId", create: .call("CreateVSwitch", params))
  }
}

extension CloudSession {
  /// The name of the custom route table vswitch/create/route_table/bind makes for a vSwitch.
  static func boundTableName(_ vSwitchName: String?, _ id: String) -> String { "Bind_by_" + (vSwitchName ?? id) }
}
