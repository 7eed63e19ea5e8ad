import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

extension Resource {
  static let routeTable = Resource(
    kind: .routeTable, noun: "route table", product: .vpc, describe: "DescribeRouteTableList",
    list: "RouterTableList.RouterTableListType", idField: "RouteTableId", ready: ["Available"],
    deleteAction: "DeleteRouteTable", notFoundCodes: ["InvalidRouteTableId.NotFound"])

  /// Route entries are listed inside their route table and known by their destination: the
  /// scope is `["RouteTableId": table]`, the id the destination CIDR block.
  static let routeEntry = Resource(
    kind: .routeEntry, noun: "route entry", product: .vpc, describe: "DescribeRouteTables", query: { _ in [:] },
    list: "RouteTables.RouteTable", nested: "RouteEntrys.RouteEntry", idField: "DestinationCidrBlock",
    ready: ["Available"], deleteAction: "DeleteRouteEntry", notFoundCodes: ["InvalidRouteEntry.NotFound"])
}

/// `route_table/create`, `route_table/delete`, `route_table/vswitch/associate`, and route entries.
enum RouteTableOperations {
  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.routeTableCreate) { s in
        var params = s.input.forward(["routeTableName": "RouteTableName", "description": "Description"])
        params["VpcId"] = .string(try s.input.require("vpcId"))
        return try await s.findOrCreate(
          .routeTable, existing: "routeTableId", output: "routeTableId", create: .call("CreateRouteTable", params)
        ).out
      },
      env.operation(.routeTableDelete) { s in
        let id = try s.input.require("routeTableId")
        guard let t = try await s.lookup(.routeTable, id) else { return [:] }
        // The system route table belongs to its VPC and goes with it.
        if t.text("RouteTableType") == "System" { return [:] }
        for v in t.items("VSwitchIds.VSwitchId").compactMap(\.stringValue) {
          try await s.unassociate(table: id, vSwitch: v)
        }
        return try await s.delete(.routeTable, id)
      },
      env.operation(.routeTableVswitchAssociate) { s in
        let table = try s.input.require("routeTableId")
        let vsw = try s.input.require("vSwitchId")
        return try await s.associate(table: table, vSwitch: vsw)
      },
      env.operation(.routeTableRouteEntryCreate) { s in
        let table = try s.input.require("routeTableId")
        let dest = try Checks.cidr(try s.input.require("destinationCidrBlock"), field: "destinationCidrBlock")
        let hop = try s.input.require("nextHopId")
        var params = s.input.forward(["routeEntryName": "RouteEntryName"])
        if let type = try s.input.oneOf("nextHopType") {
          params["NextHopType"] = .string(type)
        }
        let scope: [String: JSONValue] = ["RouteTableId": .string(table)]
        if let e = try await s.lookup(.routeEntry, dest, in: scope) {
          guard e.text("InstanceId") == hop || e.text("NextHopId") == hop else {
            throw OperationFailure(
              "route table \(table) already routes \(dest) to \(e.text("InstanceId") ?? "another next hop"), not \(hop)"
            )
          }
          try await s.wait(.routeEntry, dest, in: scope, from: e)
          return [:]
        }
        params.merge(["DestinationCidrBlock": .string(dest), "NextHopId": .string(hop)]) { _, b in b }
        let r = try await s.call(.vpc, "CreateRouteEntry", params.merging(scope) { a, _ in a }, idempotent: true)
        let out = outputs(["requestId": r.text("RequestId")])
        try await s.wait(.routeEntry, dest, in: scope, keeping: out)
        return out
      },
      env.operation(.routeTableRouteEntryDelete) { s in
        let table = try s.input.require("routeTableId")
        let dest = try Checks.cidr(try s.input.require("destinationCidrBlock"), field: "destinationCidrBlock")
        let hop = try s.input.require("nextHopId")
        return try await s.deleteIfPresent(
          .routeEntry, dest, in: ["RouteTableId": .string(table)], extra: ["NextHopId": .string(hop)],
          what: "deleting the route to \(dest) in \(table)")
      },
    ])
  }

}

extension CloudSession {
  /// Creates a custom route table and waits until it is available.
  func createRouteTable(_ params: [String: JSONValue], keeping partial: [String: JSONValue] = [:])
    async throws(OperationFailure) -> String
  {
    let r = try await call(.vpc, "CreateRouteTable", params, idempotent: true, keeping: partial)
    guard let id = r.text("RouteTableId") else {
      throw OperationFailure("CreateRouteTable answered without a RouteTableId", partial: partial)
    }
    try await wait(.routeTable, id, keeping: partial.merging(["routeTableId": .string(id)]) { a, _ in a })
    return id
  }

  /// The route table a vSwitch uses now (custom or system), or nil when the vSwitch is gone.
  func routeTable(ofVSwitch id: String) async throws(AliCloudError) -> String? {
    try await find(.vswitch, id)?.text("RouteTable.RouteTableId")
  }

  /// Associates a route table with a vSwitch, unless it already is, and waits until the vSwitch uses it.
  @discardableResult
  func associate(table: String, vSwitch: String, keeping out: [String: JSONValue] = [:])
    async throws(OperationFailure) -> [String: JSONValue]
  {
    var result = out
    let current: String?
    do { current = try await routeTable(ofVSwitch: vSwitch) } catch {
      throw OperationFailure.cloud(error, partial: out)
    }
    if current != table {
      let r = try await callRetryingConflicts(
        .vpc, "AssociateRouteTable", ["RouteTableId": .string(table), "VSwitchId": .string(vSwitch)],
        kind: .routeTable, what: "associating \(table) with \(vSwitch)", idempotent: true, notFoundIsGone: false,
        keeping: out)
      if let id = r?.text("RequestId") { result["requestId"] = .string(id) }
    }
    try await wait(for: vSwitch, kind: .routeTable, until: [table], keeping: out) {
      (try await self.routeTable(ofVSwitch: vSwitch)).map(Observation.state) ?? .notFound
    }
    return result
  }

  /// Unassociates a route table from a vSwitch and waits until the vSwitch no longer uses it.
  func unassociate(table: String, vSwitch: String) async throws(OperationFailure) {
    _ = try await callRetryingConflicts(
      .vpc, "UnassociateRouteTable", ["RouteTableId": .string(table), "VSwitchId": .string(vSwitch)],
      kind: .routeTable, what: "unassociating \(table) from \(vSwitch)", idempotent: true, tokenKey: vSwitch)
    try await waitWhile(vSwitch, kind: .routeTable, in: [table]) {
      (try await self.routeTable(ofVSwitch: vSwitch)).map(Observation.state) ?? .state("")
    }
  }
}
