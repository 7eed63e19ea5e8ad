import AliCloudCore

/// NAT gateways: CreateNatGateway (with one SNAT and one forward table), DeleteNatGateway,
/// DescribeNatGateways. Status `Creating` → `Available`; delete goes `Deleting` → gone.
enum NatGatewayFamily: SimFamily {
  static let kind = "natgateway"

  static func register(_ r: inout SimRegistry) {
    r.on("Vpc", "CreateNatGateway", create)
    r.on("Vpc", "DeleteNatGateway", delete)
    r.on("Vpc", "DescribeNatGateways", describe)
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let vpc = try ctx.find(VpcFamily.kind, try ctx.required("VpcId"), code: "InvalidVpcId.NotFound", what: "VPC")
    guard vpc.regionId == region else { throw SimError.notFound("InvalidVpcId.NotFound", "VPC") }
    guard vpc.status == "Available" else { throw SimError.incorrectStatus("IncorrectVpcStatus", "VPC") }
    var zone = ""
    if let vswId = ctx.string("VSwitchId") {
      let v = try ctx.find(VSwitchFamily.kind, vswId, code: "InvalidVSwitchId.NotFound", what: "vSwitch")
      guard v.string("VpcId") == vpc.id else {
        throw SimError("InvalidVSwitchId.NotInVpc", "The vSwitch \(vswId) is not in VPC \(vpc.id).")
      }
      guard v.status == "Available" else { throw SimError.incorrectStatus("VswitchStatusError", "vSwitch") }
      zone = v.string("ZoneId")
    }
    let charge = ctx.string("InstanceChargeType") ?? "PostPaid"
    guard ["PostPaid", "PrePaid"].contains(charge) else {
      throw SimError.invalidParameter("InstanceChargeType", "expected PostPaid or PrePaid")
    }
    let internet = ctx.string("InternetChargeType") ?? "PayByLcu"
    guard ["PayBySpec", "PayByLcu"].contains(internet) else {
      throw SimError.invalidParameter("InternetChargeType", "expected PayBySpec or PayByLcu")
    }
    let natType = ctx.string("NatType") ?? "Enhanced"
    if natType == "Enhanced" && ctx.string("VSwitchId") == nil { throw SimError.missingParameter("VSwitchId") }
    let id = ctx.newId("ngw-")
    let snat = ctx.newId("stb-")
    let forward = ctx.newId("ftb-")
    ctx.state.insert(
      kind: kind, id: id, region: region,
      fields: [
        "NatGatewayId": .string(id), "VpcId": .string(vpc.id), "VSwitchId": .string(ctx.string("VSwitchId") ?? ""),
        "Name": .string(ctx.string("Name") ?? ""), "Description": .string(ctx.string("Description") ?? ""),
        "Spec": .string(ctx.string("Spec") ?? ""), "NatType": .string(natType),
        "NetworkType": .string(ctx.string("NetworkType") ?? "internet"), "InstanceChargeType": .string(charge),
        "InternetChargeType": .string(internet), "Status": "Creating", "BusinessStatus": "Normal",
        "CreationTime": .string(ctx.timestamp), "RegionId": .string(region),
        "SnatTableIds": Net.wrap("SnatTableId", [snat]),
        "ForwardTableIds": Net.wrap("ForwardTableId", [forward]), "FullNatTableIds": Net.wrap("FullNatTableId", []),
        "ResourceGroupId": .string(ctx.resourceGroupId), "Tags": ctx.keyValueTags,
        "AutoPay": .bool(ctx.bool("AutoPay") ?? false),
        "DeletionProtection": false, "EipBindMode": .string(ctx.string("EipBindMode") ?? "MULTI_BINDED"),
        "NatGatewayPrivateInfo": ["VswitchId": .string(ctx.string("VSwitchId") ?? ""), "IzNo": .string(zone)],
      ])
    ctx.state.scheduleStatus(id, "Available", after: ctx.delay(kind))
    return [
      "NatGatewayId": .string(id), "SnatTableIds": Net.wrap("SnatTableId", [snat]),
      "ForwardTableIds": Net.wrap("ForwardTableId", [forward]), "FullNatTableIds": Net.wrap("FullNatTableId", []),
    ]
  }

  static func snatTableId(_ nat: SimResource) -> String {
    nat["SnatTableIds"]?["SnatTableId"]?[0]?.stringValue ?? ""
  }

  /// The gateway owning a SNAT table.
  static func owning(snatTable: String, _ state: SimState) -> SimResource? {
    state.list(kind) { snatTableId($0) == snatTable }.first
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    _ = try ctx.region()
    let nat = try ctx.find(
      kind, try ctx.required("NatGatewayId"), code: "InvalidNatGatewayId.NotFound", what: "NAT gateway")
    guard nat.status == "Available" else { throw SimError.incorrectStatus("IncorrectStatus.NatGateway", "NAT gateway") }
    let force = ctx.bool("Force") == true
    let entries = ctx.state.list(SnatFamily.kind) { $0.string("NatGatewayId") == nat.id }
    let eips = ctx.state.list(EipFamily.kind) { $0.string("InstanceId") == nat.id }
    if !force {
      if let e = entries.first {
        throw SimError("DependencyViolation.SnatEntry", "The NAT gateway still has SNAT entry \(e.id).")
      }
      if let e = eips.first {
        throw SimError("DependencyViolation.EIPS", "The NAT gateway still has EIP \(e.id) associated.")
      }
    }
    for e in entries { ctx.state.remove(e.id) }
    for e in eips { EipFamily.detach(&ctx, e.id, after: 0) }
    ctx.state.update(nat.id) { $0.status = "Deleting" }
    ctx.state.scheduleRemoval(nat.id, after: ctx.delay(kind))
    return [:]
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let id = ctx.string("NatGatewayId")
    let vpc = ctx.string("VpcId")
    let name = ctx.string("Name")
    let status = ctx.string("Status")
    let state = ctx.state
    let items = ctx.state.list(kind, region: region) { n in
      (id == nil || n.id == id) && (vpc == nil || n.string("VpcId") == vpc) && (name == nil || n.string("Name") == name)
        && (status == nil || n.status == status) && ctx.hasTags(n)
    }.map { n -> JSONValue in
      var o = n.fields
      o["VSwitchId"] = nil
      let ips = state.list(EipFamily.kind) { $0.string("InstanceId") == n.id }.map { e -> JSONValue in
        let used = !state.list(SnatFamily.kind) { s in
          s.string("NatGatewayId") == n.id && SnatFamily.ips(s.string("SnatIp")).contains(e.string("IpAddress"))
        }.isEmpty
        return [
          "AllocationId": .string(e.id), "IpAddress": .string(e.string("IpAddress")), "PrivateIpAddress": "",
          "SnatEntryEnabled": .bool(used), "UsingStatus": .string(used ? "UsedBySnatTable" : "Idle"),
        ]
      }
      o["IpLists"] = ["IpList": .array(ips)]
      o["Tags"] = n["Tags"] ?? ["Tag": []]
      return .object(o)
    }
    return try ctx.pageNumberPage(items, list: "NatGateways", item: "NatGateway")
  }
}
