import AliCloudCore

/// VPCs: CreateVpc (with its vRouter and system route table), DeleteVpc, DescribeVpcs,
/// DescribeVpcAttribute. Status `Pending` → `Available`.
enum VpcFamily: SimFamily {
  static let kind = "vpc"

  static func register(_ r: inout SimRegistry) {
    r.on("Vpc", "CreateVpc", create)
    r.on("Vpc", "DeleteVpc", delete)
    r.on("Vpc", "DescribeVpcs", describe)
    r.on("Vpc", "DescribeVpcAttribute", attribute)
    let dependent = "Specified object has dependent resources: {child}."
    r.rule(
      SimDependencyRule(
        parent: kind, child: "routetable", field: "VpcId", code: "DependencyViolation.RouteTable", message: dependent,
        applies: { $0.string("RouteTableType") != "System" }))
    r.blockedBy(
      kind, message: dependent,
      [
        ("vswitch", "VpcId", "DependencyViolation.VSwitch"), ("natgateway", "VpcId", "DependencyViolation.NatGateway"),
        ("securitygroup", "VpcId", "DependencyViolation.SecurityGroup"),
        ("cenattachment", "ChildInstanceId", "DependencyViolation.CenInstance"),
      ])
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let cidrText = ctx.string("CidrBlock") ?? "172.16.0.0/12"
    guard let cidr = Net.cidr(cidrText), cidrText.hasSuffix("/\(cidr.1)"), (8...28).contains(cidr.1) else {
      throw SimError("InvalidCidrBlock.Malformed", "Specified CIDR block \"\(cidrText)\" is not valid.")
    }
    if let name = ctx.string("VpcName"), name.count > 128 || name.hasPrefix("http") {
      throw SimError("InvalidVpcName.Malformed", "Specified VPC name is not valid.")
    }
    if ctx.bool("DryRun") == true {
      throw SimError("DryRunOperation", "Request validation has been passed with DryRun flag set.")
    }
    let vpcId = ctx.newId("vpc-")
    let routerId = ctx.newId("vrt-")
    let tableId = ctx.newId("vtb-")
    let group = ctx.string("ResourceGroupId") ?? ctx.resourceGroupId
    ctx.state.insert(
      kind: kind, id: vpcId, region: region,
      fields: [
        "VpcId": .string(vpcId), "VpcName": .string(ctx.string("VpcName") ?? ""), "CidrBlock": .string(cidrText),
        "Description": .string(ctx.string("Description") ?? ""), "RegionId": .string(region), "Status": "Pending",
        "CreationTime": .string(ctx.timestamp), "VRouterId": .string(routerId), "IsDefault": false,
        "OwnerId": .int(ctx.accountId), "ResourceGroupId": .string(group), "Tags": ctx.keyValueTags,
        "EnabledIpv6": .bool(ctx.bool("EnableIpv6") ?? false),
        "Ipv6CidrBlock": "", "CenStatus": "", "DhcpOptionsSetId": "", "DhcpOptionsSetStatus": "",
        "DnsHostnameStatus": .string(ctx.bool("EnableDnsHostname") == true ? "ENABLED" : "DISABLED"),
      ])
    RouteTableFamily.insertTable(
      &ctx, id: tableId, vpcId: vpcId, routerId: routerId, region: region, type: "System", name: "", description: "")
    ctx.state.scheduleStatus(vpcId, "Available", after: ctx.delay(kind))
    return [
      "VpcId": .string(vpcId), "VRouterId": .string(routerId), "RouteTableId": .string(tableId),
      "ResourceGroupId": .string(group),
    ]
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let id = try ctx.required("VpcId")
    guard let vpc = ctx.state.get(id, kind: kind) else { throw SimError.notFound("InvalidVpcId.NotFound", "VPC") }
    if ctx.state.isBeingRemoved(id) { return [:] }
    guard vpc.status == "Available" else { throw SimError.incorrectStatus("IncorrectVpcStatus", "VPC") }
    try ctx.checkDependents(of: vpc)
    let delay = ctx.delay(kind)
    for t in ctx.state.list("routetable", where: { $0.string("VpcId") == id }) {
      ctx.state.scheduleRemoval(t.id, after: delay)
    }
    ctx.state.scheduleRemoval(id, after: delay)
    return [:]
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let ids = Net.idList(ctx.string("VpcId"))
    let name = ctx.string("VpcName")
    let isDefault = ctx.bool("IsDefault")
    let vpcs = ctx.state.list(kind, region: region) { v in
      (ids == nil || ids!.contains(v.id)) && (name == nil || v.string("VpcName") == name)
        && (isDefault == nil || v["IsDefault"]?.boolValue == isDefault) && ctx.hasTags(v)
    }
    return try ctx.pageNumberPage(vpcs.map { item($0, ctx.state) }, list: "Vpcs", item: "Vpc")
  }

  static func attribute(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    _ = try ctx.region()
    let vpc = try ctx.find(kind, try ctx.required("VpcId"), code: "InvalidVpcId.NotFound", what: "VPC")
    var o = item(vpc, ctx.state).objectValue ?? [:]
    o["RouterTableIds"] = nil
    o["NatGatewayIds"] = nil
    o["ClassicLinkEnabled"] = false
    return o
  }

  /// A VPC as DescribeVpcs lists it, with the ids of what it contains.
  static func item(_ v: SimResource, _ state: SimState) -> JSONValue {
    var o = v.fields
    let inVpc = { (kind: String) in state.list(kind) { $0.string("VpcId") == v.id }.map(\.id) }
    o["VSwitchIds"] = Net.wrap("VSwitchId", inVpc("vswitch"))
    o["RouterTableIds"] = Net.wrap("RouterTableIds", inVpc("routetable"))
    o["NatGatewayIds"] = Net.wrap("NatGatewayIds", inVpc("natgateway"))
    o["UserCidrs"] = Net.wrap("UserCidr", [])
    o["SecondaryCidrBlocks"] = Net.wrap("SecondaryCidrBlock", [])
    o["Tags"] = v["Tags"] ?? ["Tag": []]
    return .object(o)
  }
}
