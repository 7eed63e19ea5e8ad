import AliCloudCore

/// Route tables: CreateRouteTable, DeleteRouteTable, AssociateRouteTable, UnassociateRouteTable,
/// DescribeRouteTableList, DescribeRouteTables. Every VPC has one `System` table; custom tables
/// go `Pending` → `Available`. Associations are kept in the table's `VSwitchIds` list.
enum RouteTableFamily: SimFamily {
  static let kind = "routetable"

  static func register(_ r: inout SimRegistry) {
    r.on("Vpc", "CreateRouteTable", create)
    r.on("Vpc", "DeleteRouteTable", delete)
    r.on("Vpc", "AssociateRouteTable", associate)
    r.on("Vpc", "UnassociateRouteTable", unassociate)
    r.on("Vpc", "DescribeRouteTableList", describeList)
    r.on("Vpc", "DescribeRouteTables", describeTables)
    r.rule(
      SimDependencyRule(
        parent: kind, child: "routeentry", field: "RouteTableId", code: "DependencyViolation.RouteEntry",
        message: "Specified route table has custom route entries: {child}."))
  }

  static func insertTable(
    _ ctx: inout SimContext, id: String, vpcId: String, routerId: String, region: String, type: String, name: String,
    description: String
  ) {
    ctx.state.insert(
      kind: kind, id: id, region: region,
      fields: [
        "RouteTableId": .string(id), "RouteTableName": .string(name), "Description": .string(description),
        "RouteTableType": .string(type), "VpcId": .string(vpcId), "RouterId": .string(routerId),
        "VRouterId": .string(routerId), "RouterType": "VRouter", "AssociateType": "VSwitch",
        "Status": .string(type == "System" ? "Available" : "Pending"), "CreationTime": .string(ctx.timestamp),
        "OwnerId": .int(ctx.accountId), "ResourceGroupId": .string(ctx.resourceGroupId), "VSwitchIds": .array([]),
      ])
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    _ = try ctx.region()
    let vpc = try ctx.find(VpcFamily.kind, try ctx.required("VpcId"), code: "InvalidVpcId.NotFound", what: "VPC")
    guard vpc.status == "Available" else { throw SimError.incorrectStatus("IncorrectVpcStatus", "VPC") }
    if let t = ctx.string("AssociateType"), t != "VSwitch", t != "Gateway" {
      throw SimError.invalidParameter("AssociateType", "expected VSwitch or Gateway")
    }
    let id = ctx.newId("vtb-")
    insertTable(
      &ctx, id: id, vpcId: vpc.id, routerId: vpc.string("VRouterId"), region: vpc.regionId, type: "Custom",
      name: ctx.string("RouteTableName") ?? "", description: ctx.string("Description") ?? "")
    ctx.state.scheduleStatus(id, "Available", after: ctx.delay(kind))
    return ["RouteTableId": .string(id)]
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let t = try ctx.find(
      kind, try ctx.required("RouteTableId"), code: "InvalidRouteTableId.NotFound", what: "route table")
    guard t.string("RouteTableType") != "System" else {
      throw SimError("OperationFailed.SystemRouteTable", "The system route table cannot be deleted.")
    }
    guard t.status == "Available" else { throw SimError.incorrectStatus("IncorrectRouteTableStatus", "route table") }
    if let v = t["VSwitchIds"]?.arrayValue?.first?.stringValue {
      throw SimError("DependencyViolation.VSwitch", "Specified route table is still associated with vSwitch \(v).")
    }
    try ctx.checkDependents(of: t)
    ctx.state.scheduleRemoval(t.id, after: ctx.delay(kind))
    return [:]
  }

  /// The custom table and vSwitch of an (un)association request, both usable.
  static func pair(_ ctx: inout SimContext) throws(SimError) -> (SimResource, SimResource) {
    let t = try ctx.find(
      kind, try ctx.required("RouteTableId"), code: "InvalidRouteTableId.NotFound", what: "route table")
    let v = try ctx.find(
      VSwitchFamily.kind, try ctx.required("VSwitchId"), code: "InvalidVSwitchId.NotFound", what: "vSwitch")
    guard t.string("RouteTableType") != "System" else {
      throw SimError("OperationFailed.SystemRouteTable", "The system route table cannot be associated explicitly.")
    }
    guard t.status == "Available" else { throw SimError.incorrectStatus("IncorrectStatus.RouteTable", "route table") }
    guard v.status == "Available" else { throw SimError.incorrectStatus("IncorrectVSwitchStatus", "vSwitch") }
    guard t.string("VpcId") == v.string("VpcId") else {
      throw SimError("OperationFailed.DifferentVpc", "The route table and the vSwitch belong to different VPCs.")
    }
    return (t, v)
  }

  static func associate(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let (t, v) = try pair(&ctx)
    let current = VSwitchFamily.routeTable(of: v, ctx.state)
    guard current.type == "System" else {
      throw SimError(
        "OperationConflict", "The vSwitch \(v.id) is already associated with route table \(current.id).")
    }
    ctx.state.update(t.id) { $0["VSwitchIds"] = .array(($0["VSwitchIds"]?.arrayValue ?? []) + [.string(v.id)]) }
    return [:]
  }

  static func unassociate(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let (t, v) = try pair(&ctx)
    let ids = t["VSwitchIds"]?.arrayValue ?? []
    guard ids.contains(.string(v.id)) else {
      throw SimError(
        "InvalidVSwitchId.NotAssociated", "The vSwitch \(v.id) is not associated with route table \(t.id).")
    }
    ctx.state.update(t.id) { $0["VSwitchIds"] = .array(ids.filter { $0 != .string(v.id) }) }
    return [:]
  }

  static func describeList(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let f = filters(ctx)
    let vpc = ctx.string("VpcId")
    let items = ctx.state.list(kind, region: region) { f($0) && (vpc == nil || $0.string("VpcId") == vpc) }
      .map { t -> JSONValue in
        var o = t.fields
        o["VSwitchIds"] = ["VSwitchId": t["VSwitchIds"] ?? .array([])]
        o["GatewayIds"] = ["GatewayIds": .array([])]
        o["Tags"] = ["Tag": []]
        o["RoutePropagationEnable"] = true
        o["VRouterId"] = nil
        return .object(o)
      }
    return try ctx.pageNumberPage(items, list: "RouterTableList", item: "RouterTableListType")
  }

  static func describeTables(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = ctx.string("RegionId") == nil ? nil : try ctx.region()
    let f = filters(ctx)
    let router = ctx.string("VRouterId")
    let state = ctx.state
    let items = ctx.state.list(kind, region: region) { f($0) && (router == nil || $0.string("VRouterId") == router) }
      .map { t -> JSONValue in
        let entries = state.list(RouteEntryFamily.kind) { $0.string("RouteTableId") == t.id }.map { e -> JSONValue in
          var o = e.fields
          o["NextHops"] = RouteEntryFamily.nextHops(e)
          o["InstanceId"] = .string(e.string("NextHopId"))
          return .object(o)
        }
        return [
          "RouteTableId": .string(t.id), "RouteTableType": .string(t.string("RouteTableType")),
          "Status": .string(t.status), "VRouterId": .string(t.string("VRouterId")),
          "CreationTime": .string(t.string("CreationTime")), "ResourceGroupId": .string(t.string("ResourceGroupId")),
          "VSwitchIds": ["VSwitchId": t["VSwitchIds"] ?? .array([])], "RouteEntrys": ["RouteEntry": .array(entries)],
        ]
      }
    return try ctx.pageNumberPage(items, list: "RouteTables", item: "RouteTable")
  }

  /// The filters both describe calls share.
  static func filters(_ ctx: SimContext) -> (SimResource) -> Bool {
    let id = ctx.string("RouteTableId")
    let name = ctx.string("RouteTableName")
    let type = ctx.string("RouteTableType") ?? ctx.string("Type")
    let router = ctx.string("RouterId")
    return { t in
      (id == nil || t.id == id) && (name == nil || t.string("RouteTableName") == name)
        && (type == nil || t.string("RouteTableType") == type) && (router == nil || t.string("RouterId") == router)
    }
  }
}
