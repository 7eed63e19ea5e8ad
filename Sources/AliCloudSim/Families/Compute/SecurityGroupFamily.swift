import AliCloudCore

/// ECS security groups: CreateSecurityGroup, DescribeSecurityGroups, DeleteSecurityGroup,
/// DescribeSecurityGroupAttribute (its rules). A group
/// has no status; it cannot be deleted while an instance is in it (`DependencyViolation`). Its
/// rules live in the `Permissions` field (see `SecurityGroupRules`).
enum SecurityGroupFamily: SimFamily {
  static let kind = "securitygroup"

  static func register(_ r: inout SimRegistry) {
    r.on("Ecs", "CreateSecurityGroup", create)
    r.on("Ecs", "DescribeSecurityGroups", describe)
    r.on("Ecs", "DeleteSecurityGroup", delete)
    r.on("Ecs", "DescribeSecurityGroupAttribute", SecurityGroupRules.describe)
    r.on("Ecs", "AuthorizeSecurityGroup") { ctx throws(SimError) in
      try SecurityGroupRules.change(&ctx, .ingress, add: true)
    }
    r.on("Ecs", "AuthorizeSecurityGroupEgress") { ctx throws(SimError) in
      try SecurityGroupRules.change(&ctx, .egress, add: true)
    }
    r.on("Ecs", "RevokeSecurityGroup") { ctx throws(SimError) in
      try SecurityGroupRules.change(&ctx, .ingress, add: false)
    }
    r.on("Ecs", "RevokeSecurityGroupEgress") { ctx throws(SimError) in
      try SecurityGroupRules.change(&ctx, .egress, add: false)
    }
    r.rule(
      SimDependencyRule(
        parent: kind, child: InstanceFamily.kind, field: "SecurityGroupIds", code: "DependencyViolation",
        message: "There is still instance(s) in the specified security group: {child}.", status: 403))
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    var vpcId = ""
    if let v = ctx.string("VpcId") {
      let vpc = try ctx.find("vpc", v, code: "InvalidVpcId.NotFound", what: "VPC")
      guard vpc.regionId == region else { throw SimError.notFound("InvalidVpcId.NotFound", "VPC") }
      vpcId = v
    }
    let name = ctx.string("SecurityGroupName") ?? ""
    if !name.isEmpty && (name.count < 2 || name.count > 128 || name.hasPrefix("http") || !name.first!.isLetter) {
      throw SimError("InvalidSecurityGroupName.Malformed", "The specified security group name is not valid.")
    }
    let type = ctx.string("SecurityGroupType") ?? "normal"
    guard ["normal", "enterprise"].contains(type) else {
      throw SimError("InvalidSecurityGroupType.Malformed", "SecurityGroupType must be normal or enterprise.")
    }
    let id = ctx.newId("sg-")
    ctx.state.insert(
      kind: kind, id: id, region: region,
      fields: [
        "SecurityGroupId": .string(id), "SecurityGroupName": .string(name),
        "Description": .string(ctx.string("Description") ?? ""), "VpcId": .string(vpcId),
        "SecurityGroupType": .string(type), "CreationTime": .string(ctx.timestamp),
        "ResourceGroupId": .string(ctx.string("ResourceGroupId") ?? ctx.resourceGroupId), "ServiceManaged": false,
        "Tags": Compute.tags(ctx), "InnerAccessPolicy": "Accept", "Permissions": .array([]),
      ])
    return ["SecurityGroupId": .string(id)]
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let g = try group(ctx, try ctx.required("SecurityGroupId"), region: region)
    try ctx.checkDependents(of: g)
    let referring = ctx.state.list(kind) { other in
      other.id != g.id
        && (other["Permissions"]?.arrayValue ?? []).contains {
          $0["SourceGroupId"]?.stringValue == g.id || $0["DestGroupId"]?.stringValue == g.id
        }
    }
    if let other = referring.first {
      throw SimError(
        "DependencyViolation", "The security group is referenced by a rule of security group \(other.id).",
        status: 403)
    }
    ctx.state.remove(g.id)
    return [:]
  }

  static func group(_ ctx: SimContext, _ id: String, region: String? = nil) throws(SimError) -> SimResource {
    guard let g = ctx.state.get(id, kind: kind), region == nil || g.regionId == region else {
      throw SimError.notFound("InvalidSecurityGroupId.NotFound", "security group")
    }
    return g
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    var ids = try Compute.jsonIds(ctx, "SecurityGroupIds")
    if let one = ctx.string("SecurityGroupId") { ids = (ids ?? []) + [one] }
    let vpc = ctx.string("VpcId")
    let name = ctx.string("SecurityGroupName")
    let type = ctx.string("SecurityGroupType")
    let fuzzy = ctx.bool("FuzzyQuery") == true
    let state = ctx.state
    let items = ctx.state.list(kind, region: region) { g in
      (ids == nil || ids!.contains(g.id)) && (vpc == nil || g.string("VpcId") == vpc) && ctx.hasTags(g)
        && (type == nil || g.string("SecurityGroupType") == type)
        && (name == nil
          || (fuzzy ? g.string("SecurityGroupName").contains(name!) : g.string("SecurityGroupName") == name))
    }.map { g -> JSONValue in
      var o = Compute.visible(g)
      let members = state.list(InstanceFamily.kind) { SimContext.mentions($0["SecurityGroupIds"] ?? .null, g.id) }
      o["EcsCount"] = .int(members.count)
      o["AvailableInstanceAmount"] = .int(2000 - members.count)
      o["RuleCount"] = .int(g["Permissions"]?.arrayValue?.count ?? 0)
      o["GroupToGroupRuleCount"] = .int(
        (g["Permissions"]?.arrayValue ?? []).filter { !($0["SourceGroupId"]?.stringValue ?? "").isEmpty }.count)
      o["Permissions"] = nil
      o["InnerAccessPolicy"] = nil
      return .object(o)
    }
    var page = try Compute.page(ctx, items, list: "SecurityGroups", item: "SecurityGroup", maxPageSize: 50)
    page["RegionId"] = .string(region)
    return page
  }
}

extension SecurityGroupFamily {
  /// `ModifySecurityGroupConfiguration` of RDS and Redis: replaces the groups of `resource` with the
  /// `SecurityGroupId` list (at most `limit`, each an existing group of the same region).
  static func replaceGroups(_ ctx: inout SimContext, of resource: SimResource, limit: Int) throws(SimError) -> [String]
  {
    let groups = Net.idList(try ctx.required("SecurityGroupId")) ?? []
    guard groups.count <= limit else {
      throw SimError("InvalidSecurityGroupId.Exceeded", "An instance can be in at most \(limit) security groups.")
    }
    for g in groups {
      guard let sg = ctx.state.get(g, kind: kind), sg.regionId == resource.regionId else {
        throw SimError(
          "InvalidSecurityGroupId.NotFound", "The specified security group \(g) does not exist.", status: 404)
      }
    }
    ctx.state.update(resource.id) { $0["SimSecurityGroupIds"] = .array(groups.map { .string($0) }) }
    return groups
  }

  /// The security groups of an RDS or Redis instance, as `DescribeSecurityGroupConfiguration`
  /// answers them: `Items.EcsSecurityGroupRelation`, each with its region and network type.
  static func relations(of resource: SimResource, groups: [String]? = nil) -> JSONValue {
    let ids = groups ?? (resource["SimSecurityGroupIds"]?.arrayValue ?? []).compactMap(\.stringValue)
    let network = (resource["InstanceNetworkType"] ?? resource["NetworkType"])?.stringValue?.lowercased() ?? "vpc"
    let items = ids.map { g -> JSONValue in
      ["SecurityGroupId": .string(g), "RegionId": .string(resource.regionId), "NetworkType": .string(network)]
    }
    return ["EcsSecurityGroupRelation": .array(items)]
  }
}
