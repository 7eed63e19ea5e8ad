import AliCloudCore

/// Custom route entries: CreateRouteEntry, DeleteRouteEntry, DescribeRouteEntryList.
/// Status `Pending` → `Available`; deletion takes the same delay.
enum RouteEntryFamily: SimFamily {
  static let kind = "routeentry"

  /// Next-hop types whose target the simulator checks, and the resource kind they name.
  static let checkedHops = ["Instance": "instance", "NatGateway": "natgateway"]
  static let hopTypes: Set<String> = [
    "Instance", "HaVip", "RouterInterface", "NetworkInterface", "VpnGateway", "IPv6Gateway", "NatGateway", "Attachment",
    "VpcPeer", "Ipv4Gateway", "GatewayEndpoint", "Ecr",
  ]

  static func register(_ r: inout SimRegistry) {
    r.on("Vpc", "CreateRouteEntry", create)
    r.on("Vpc", "DeleteRouteEntry", delete)
    r.on("Vpc", "DescribeRouteEntryList", describe)
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let t = try ctx.find(
      RouteTableFamily.kind, try ctx.required("RouteTableId"), code: "InvalidRouteTableId.NotFound", what: "route table"
    )
    guard t.status == "Available" else {
      throw SimError.incorrectStatus("IncorrectStatus.RouteTableStatus", "route table")
    }
    let dest = try ctx.required("DestinationCidrBlock")
    guard Net.cidr(dest) != nil else {
      throw SimError(
        "InvalidDestinationCidrBlock.Malformed", "Specified DestinationCidrBlock \"\(dest)\" is not valid.")
    }
    let type = ctx.string("NextHopType") ?? "Instance"
    guard hopTypes.contains(type) else { throw SimError.invalidParameter("NextHopType", "unknown type \"\(type)\"") }
    let hop = try ctx.required("NextHopId")
    if let hopKind = checkedHops[type], ctx.state.get(hop, kind: hopKind) == nil {
      throw SimError("InvalidNextHopId.NotFound", "The specified next hop \"\(hop)\" does not exist.", status: 404)
    }
    if !ctx.state.list(kind, where: { $0.string("RouteTableId") == t.id && $0.string("DestinationCidrBlock") == dest })
      .isEmpty
    {
      throw SimError("RouterEntryConflict.Duplicated", "A route entry for \(dest) already exists in \(t.id).")
    }
    let id = ctx.newId("rte-")
    ctx.state.insert(
      kind: kind, id: id, region: t.regionId,
      fields: [
        "RouteEntryId": .string(id), "RouteTableId": .string(t.id), "DestinationCidrBlock": .string(dest),
        "NextHopType": .string(type), "NextHopId": .string(hop),
        "RouteEntryName": .string(ctx.string("RouteEntryName") ?? ""),
        "Description": .string(ctx.string("Description") ?? ""), "Type": "Custom", "Status": "Pending",
        "IpVersion": "IPv4", "GmtModified": .string(ctx.timestamp), "Origin": "", "ServiceType": "",
      ])
    ctx.state.scheduleStatus(id, "Available", after: ctx.delay(kind))
    return ["RouteEntryId": .string(id)]
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let entry: SimResource?
    if let id = ctx.string("RouteEntryId") {
      entry = ctx.state.get(id, kind: kind)
    } else {
      let table = try ctx.required("RouteTableId")
      let dest = try ctx.required("DestinationCidrBlock")
      let hop = ctx.string("NextHopId")
      entry =
        ctx.state.list(kind) {
          $0.string("RouteTableId") == table && $0.string("DestinationCidrBlock") == dest
            && (hop == nil || $0.string("NextHopId") == hop)
        }.first
    }
    guard let e = entry, !ctx.state.isBeingRemoved(e.id) else {
      throw SimError.notFound("InvalidRouteEntry.NotFound", "route entry")
    }
    guard e.status == "Available" else { throw SimError.incorrectStatus("IncorrectRouteEntryStatus", "route entry") }
    ctx.state.scheduleRemoval(e.id, after: ctx.delay(kind))
    return [:]
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    _ = try ctx.region()
    let table = try ctx.find(
      RouteTableFamily.kind, try ctx.required("RouteTableId"), code: "InvalidRouteTableId.NotFound", what: "route table"
    )
    let id = ctx.string("RouteEntryId")
    let dest = ctx.string("DestinationCidrBlock")
    let hop = ctx.string("NextHopId")
    let type = ctx.string("RouteEntryType")
    let items = ctx.state.list(kind) { e in
      e.string("RouteTableId") == table.id && (id == nil || e.id == id)
        && (dest == nil || e.string("DestinationCidrBlock") == dest) && (hop == nil || e.string("NextHopId") == hop)
        && (type == nil || e.string("Type") == type)
    }.map { e -> JSONValue in
      var o = e.fields
      o["NextHops"] = nextHops(e)
      o["NextHopType"] = nil
      o["NextHopId"] = nil
      return .object(o)
    }
    return try ctx.nextTokenPage(items, list: "RouteEntrys", item: "RouteEntry", maxParam: "MaxResult", limit: 100)
  }

  static func nextHops(_ e: SimResource) -> JSONValue {
    [
      "NextHop": [
        [
          "NextHopId": .string(e.string("NextHopId")), "NextHopType": .string(e.string("NextHopType")),
          "Enabled": 1, "Weight": 100, "NextHopRegionId": .string(e.regionId),
        ]
      ]
    ]
  }
}
