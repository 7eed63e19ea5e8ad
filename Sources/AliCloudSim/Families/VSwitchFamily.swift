import AliCloudCore

/// vSwitches: CreateVSwitch, DeleteVSwitch, DescribeVSwitches, DescribeVSwitchAttributes.
/// Status `Pending` → `Available`. A vSwitch uses its VPC's system route table unless a custom
/// table is associated with it.
enum VSwitchFamily: SimFamily {
  static let kind = "vswitch"

  static func register(_ r: inout SimRegistry) {
    r.on("Vpc", "CreateVSwitch", create)
    r.on("Vpc", "DeleteVSwitch", delete)
    r.on("Vpc", "DescribeVSwitches", describe)
    r.on("Vpc", "DescribeVSwitchAttributes", attribute)
    let dependent = "Specified vSwitch has dependent resources: {child}."
    r.blockedBy(
      kind, message: dependent,
      [
        ("routetable", "VSwitchIds", "DependencyViolation.RouteTable"),
        ("snatentry", "SourceVSwitchId", "DependencyViolation.SnatEntry"),
        ("natgateway", "VSwitchId", "DependencyViolation.EnhancedNatgw"),
      ])
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let vpc = try ctx.find(VpcFamily.kind, try ctx.required("VpcId"), code: "InvalidVpcId.NotFound", what: "VPC")
    if let r = ctx.string("RegionId"), r != vpc.regionId { throw SimError.notFound("InvalidVpcId.NotFound", "VPC") }
    guard vpc.status == "Available" else { throw SimError.incorrectStatus("IncorrectVpcStatus", "VPC") }
    let zone = try ctx.required("ZoneId")
    guard SimRegions.find(vpc.regionId)?.zones.contains(zone) == true else {
      throw SimError(
        "InvalidZoneId.NotFound", "The specified zone \"\(zone)\" does not exist in the region.", status: 404)
    }
    let cidrText = try ctx.required("CidrBlock")
    guard let cidr = Net.cidr(cidrText), (16...29).contains(cidr.1), let vpcCidr = Net.cidr(vpc.string("CidrBlock")),
      Net.contains(vpcCidr, cidr)
    else {
      throw SimError("InvalidCidrBlock.Malformed", "Specified CIDR block \"\(cidrText)\" is not valid for the VPC.")
    }
    let clash = ctx.state.list(kind) { v in
      v.string("VpcId") == vpc.id && Net.cidr(v.string("CidrBlock")).map { Net.overlaps($0, cidr) } == true
    }
    if !clash.isEmpty {
      throw SimError("InvalidCidrBlock.Overlapped", "Specified CIDR block overlaps with vSwitch \(clash[0].id).")
    }
    let id = ctx.newId("vsw-")
    ctx.state.insert(
      kind: kind, id: id, region: vpc.regionId,
      fields: [
        "VSwitchId": .string(id), "VpcId": .string(vpc.id), "ZoneId": .string(zone), "CidrBlock": .string(cidrText),
        "VSwitchName": .string(ctx.string("VSwitchName") ?? ""),
        "Description": .string(ctx.string("Description") ?? ""),
        "Status": "Pending", "CreationTime": .string(ctx.timestamp), "IsDefault": false,
        "AvailableIpAddressCount": .int(Net.usableAddresses(cidr)), "OwnerId": .int(ctx.accountId),
        "ResourceGroupId": .string(ctx.resourceGroupId), "Tags": ctx.keyValueTags, "EnabledIpv6": false,
        "Ipv6CidrBlock": "",
        "NetworkAclId": "", "ShareType": "",
      ])
    ctx.state.scheduleStatus(id, "Available", after: ctx.delay(kind))
    return ["VSwitchId": .string(id)]
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let id = try ctx.required("VSwitchId")
    guard let v = ctx.state.get(id, kind: kind) else { throw SimError.notFound("InvalidVSwitchId.NotFound", "vSwitch") }
    if ctx.state.isBeingRemoved(id) { return [:] }
    guard v.status == "Available" else { throw SimError.incorrectStatus("IncorrectVSwitchStatus", "vSwitch") }
    try ctx.checkDependents(of: v)
    ctx.state.scheduleRemoval(id, after: ctx.delay(kind))
    return [:]
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = ctx.string("RegionId") == nil ? nil : try ctx.region()
    let ids = Net.idList(ctx.string("VSwitchId"))
    let vpc = ctx.string("VpcId")
    let zone = ctx.string("ZoneId")
    let name = ctx.string("VSwitchName")
    let table = ctx.string("RouteTableId")
    let state = ctx.state
    let items = ctx.state.list(kind, region: region) { v in
      (ids == nil || ids!.contains(v.id)) && (vpc == nil || v.string("VpcId") == vpc)
        && (zone == nil || v.string("ZoneId") == zone) && (name == nil || v.string("VSwitchName") == name)
        && (table == nil || routeTable(of: v, state).id == table) && ctx.hasTags(v)
    }
    return try ctx.pageNumberPage(items.map { item($0, state) }, list: "VSwitches", item: "VSwitch")
  }

  static func attribute(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let v = try ctx.find(kind, try ctx.required("VSwitchId"), code: "InvalidVSwitchId.NotFound", what: "vSwitch")
    return item(v, ctx.state).objectValue ?? [:]
  }

  /// The route table a vSwitch uses: an associated custom table, else its VPC's system table.
  static func routeTable(of v: SimResource, _ state: SimState) -> (id: String, type: String) {
    if let custom = state.list("routetable", where: { SimContext.mentions($0["VSwitchIds"] ?? .null, v.id) }).first {
      return (custom.id, custom.string("RouteTableType"))
    }
    let system = state.list("routetable") {
      $0.string("VpcId") == v.string("VpcId") && $0.string("RouteTableType") == "System"
    }
    return (system.first?.id ?? "", "System")
  }

  static func item(_ v: SimResource, _ state: SimState) -> JSONValue {
    var o = v.fields
    let t = routeTable(of: v, state)
    o["RouteTable"] = ["RouteTableId": .string(t.id), "RouteTableType": .string(t.type)]
    o["Tags"] = v["Tags"] ?? ["Tag": []]
    return .object(o)
  }
}
