import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

/// `vswitch/create`, `vswitch/delete`, and the variants with a custom route table of their own.
enum VSwitchOperations {
  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.vswitchCreate) { s in
        let params = try s.vswitchCreateParams()
        let (id, requestId) = try await s.createVSwitch(params)
        let out = outputs(["vSwitchId": id, "requestId": requestId])
        let found = try await s.lookupVSwitch(id, keeping: out)
        return out.merging(outputs(["routeTableId": found?.text("RouteTable.RouteTableId")])) { a, _ in a }
      },
      env.operation(.vswitchCreateRouteTableBind) { s in
        let params = try s.vswitchCreateParams()
        let name = try s.input.require("vSwitchName")
        let (id, requestId) = try await s.createVSwitch(params)
        var out = outputs(["vSwitchId": id, "requestId": requestId])
        let current = try await s.lookupVSwitch(id, keeping: out)
        if let table = current?.text("RouteTable.RouteTableId"), current?.text("RouteTable.RouteTableType") != "System"
        {
          out["routeTableId"] = .string(table)
          return out
        }
        let vpcId = try s.input.require("vpcId")
        let table: String
        do {
          table = try await s.createRouteTable(
            ["VpcId": .string(vpcId), "RouteTableName": .string("Bind_by_" + name)], keeping: out)
        } catch {
          // Nothing half-made stays behind: the new vSwitch goes when its route table cannot be made.
          _ = try? await s.callRetryingConflicts(
            .vpc, "DeleteVSwitch", ["VSwitchId": .string(id)], kind: "vswitch", what: "rolling back \(id)")
          throw OperationFailure("\(error)" + "; the vSwitch \(id) was deleted again")
        }
        out["routeTableId"] = .string(table)
        try await s.associate(table: table, vSwitch: id, keeping: out)
        return out
      },
      env.operation(.vswitchDelete) { s in
        let id = try s.input.require("vSwitchId")
        guard try await s.lookupVSwitch(id) != nil else { return [:] }
        return try await s.deleteVSwitch(id)
      },
      env.operation(.vswitchDeleteRouteTableUnbind) { s in
        let id = try s.input.require("vSwitchId")
        guard let vsw = try await s.lookupVSwitch(id) else { return [:] }
        if let table = vsw.text("RouteTable.RouteTableId"), vsw.text("RouteTable.RouteTableType") != "System" {
          try await s.unassociate(table: table, vSwitch: id)
          // The table goes with its vSwitch unless another vSwitch still uses it.
          if let t = try await s.lookupRouteTable(table), t.items("VSwitchIds.VSwitchId").isEmpty {
            try await s.deleteRouteTable(table)
          }
        }
        return try await s.deleteVSwitch(id)
      },
    ])
  }
}

extension CloudSession {
  /// The checked CreateVSwitch parameters.
  func vswitchCreateParams() throws(OperationFailure) -> [String: JSONValue] {
    var p = input.forward(["description": "Description"])
    p["VSwitchName"] = .string(try input.require("vSwitchName"))
    p["VpcId"] = .string(try input.require("vpcId"))
    p["CidrBlock"] = .string(try Checks.cidr(try input.require("cidrBlock"), field: "cidrBlock"))
    p["ZoneId"] = .string(try input.require("zoneId"))
    return p
  }

  /// The input's existing vSwitch (`vSwitchId`), or a new one; available either way.
  func createVSwitch(_ params: [String: JSONValue]) async throws(OperationFailure) -> (String, String?) {
    if let id = input.string("vSwitchId"), let found = try await lookupVSwitch(id) {
      try await waitVSwitch(id, keeping: outputs(["vSwitchId": id]))
      return (id, found.text("RequestId"))
    }
    let r = try await call(.vpc, "CreateVSwitch", params, idempotent: true)
    guard let id = r.text("VSwitchId") else { throw OperationFailure("CreateVSwitch answered without a VSwitchId") }
    try await waitVSwitch(id, keeping: outputs(["vSwitchId": id, "requestId": r.text("RequestId")]))
    return (id, r.text("RequestId"))
  }

  func findVSwitch(_ id: String) async throws(AliCloudError) -> JSONValue? {
    try await find(
      .vpc, "DescribeVSwitches", ["VSwitchId": .string(id)], list: "VSwitches.VSwitch", idField: "VSwitchId", id: id)
  }

  func lookupVSwitch(_ id: String, keeping out: [String: JSONValue] = [:]) async throws(OperationFailure) -> JSONValue?
  {
    try await lookup(
      .vpc, "DescribeVSwitches", ["VSwitchId": .string(id)], list: "VSwitches.VSwitch", idField: "VSwitchId", id: id,
      keeping: out)
  }

  func waitVSwitch(_ id: String, keeping out: [String: JSONValue]) async throws(OperationFailure) {
    try await wait(for: id, kind: "vswitch", until: ["Available"], keeping: out) { .of(try await self.findVSwitch(id)) }
  }

  /// Deletes a vSwitch (retrying while dependents go away) and waits until it is gone.
  func deleteVSwitch(_ id: String) async throws(OperationFailure) -> [String: JSONValue] {
    let r = try await callRetryingConflicts(
      .vpc, "DeleteVSwitch", ["VSwitchId": .string(id)], kind: "vswitch", what: "deleting \(id)")
    try await waitGone(id, kind: "vswitch") { .of(try await self.findVSwitch(id)) }
    return outputs(["requestId": r?.text("RequestId")])
  }
}
