import AliCloudCore

/// ECS instance life cycle: StartInstance (`Stopped` → `Starting` → `Running`), StopInstance
/// (`Running` → `Stopping` → `Stopped`), DeleteInstance / DeleteInstances (`Stopped` unless
/// `Force`), ModifyInstanceAttribute, JoinSecurityGroup, LeaveSecurityGroup.
enum InstanceLifecycle {
  static let kind = InstanceFamily.kind
  static let maxGroups = 5

  static func register(_ r: inout SimRegistry) {
    r.on("Ecs", "StartInstance", start)
    r.on("Ecs", "StopInstance", stop)
    r.on("Ecs", "DeleteInstance", delete)
    r.on("Ecs", "DeleteInstances", deleteMany)
    r.on("Ecs", "ModifyInstanceAttribute", modify)
    r.on("Ecs", "JoinSecurityGroup", join)
    r.on("Ecs", "LeaveSecurityGroup", leave)
  }

  static func incorrect(_ i: SimResource) -> SimError {
    SimError(
      "IncorrectInstanceStatus", "The current status of the resource does not support this operation (\(i.status)).",
      status: 403)
  }

  static func start(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let i = try InstanceFamily.find(ctx, try ctx.required("InstanceId"))
    guard i.status == "Stopped" else { throw incorrect(i) }
    if ctx.bool("DryRun") == true { throw SimError("DryRunOperation", "Request validation has been passed.") }
    let delay = ctx.delay(kind)
    ctx.state.update(i.id) { $0.status = "Starting" }
    // Booting mounts what /etc/fstab lists, for devices that are attached.
    let mounts = GuestMachine.load(i.id, ctx.state).bootMounts()
    ctx.state.schedule(
      i.id, after: delay, set: ["Status": "Running", "StartTime": .string(ctx.timestamp), "SimMounts": mounts])
    return [:]
  }

  static func stop(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let i = try InstanceFamily.find(ctx, try ctx.required("InstanceId"))
    guard i.status == "Running" else { throw incorrect(i) }
    if ctx.bool("DryRun") == true { throw SimError("DryRunOperation", "Request validation has been passed.") }
    ctx.state.update(i.id) { $0.status = "Stopping" }
    ctx.state.schedule(i.id, after: ctx.delay(kind), set: ["Status": "Stopped", "SimMounts": .array([])])
    return [:]
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    try remove(&ctx, try ctx.required("InstanceId"))
    return [:]
  }

  static func deleteMany(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let ids = ctx.list("InstanceId")
    guard ids.count <= 100 else { throw SimError.invalidParameter("InstanceId", "at most 100 ids") }
    for id in ids {
      let i = try InstanceFamily.find(ctx, id)
      guard i.regionId == region else { throw SimError.notFound("InvalidInstanceId.NotFound", "instance") }
    }
    for id in ids { try remove(&ctx, id) }
    return [:]
  }

  /// Deletes an instance: its system disk goes with it, data disks are detached (or deleted when
  /// attached with `DeleteWithInstance`), its Cloud Assistant records go too.
  static func remove(_ ctx: inout SimContext, _ id: String) throws(SimError) {
    let i = try InstanceFamily.find(ctx, id)
    if i.string("InstanceChargeType") == "PrePaid", !Subscription.expired(ctx, i.string("ExpiredTime")) {
      throw SimError(
        "ChargeTypeViolation", "The operation is not permitted due to charge type of the instance.", status: 403)
    }
    let force = ctx.bool("Force") == true
    guard i.status == "Stopped" || (force && i.status == "Running") else { throw incorrect(i) }
    if i["DeletionProtection"]?.boolValue == true {
      throw SimError(
        "InvalidOperation.DeletionProtection", "The instance has deletion protection enabled.", status: 403)
    }
    if ctx.bool("DryRun") == true { throw SimError("DryRunOperation", "Request validation has been passed.") }
    let delay = ctx.delay(kind)
    let time = ctx.timestamp
    for d in ctx.state.list(DiskFamily.kind, where: { $0.string("InstanceId") == id }) {
      if d.string("Type") == "system" || d["DeleteWithInstance"]?.boolValue == true {
        ctx.state.scheduleRemoval(d.id, after: delay)
      } else {
        ctx.state.update(d.id) { DiskFamily.clearAttachment(&$0, at: time) }
      }
    }
    let state = ctx.state
    for inv in state.list(
      CloudAssistantFamily.invocationKind, where: { SimContext.mentions($0["SimInstanceIds"] ?? .null, id) })
    {
      let others = (inv["SimInstanceIds"]?.arrayValue ?? []).compactMap(\.stringValue).filter {
        $0 != id && state.get($0, kind: kind) != nil && !state.isBeingRemoved($0)
      }
      if others.isEmpty { ctx.state.scheduleRemoval(inv.id, after: delay) }
    }
    ctx.state.scheduleRemoval(id, after: delay)
  }

  static func modify(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let i = try InstanceFamily.find(ctx, try ctx.required("InstanceId"))
    if let p = ctx.string("Password") { try Compute.checkPassword(p, code: "InvalidPassword.Malformed") }
    var set: [String: JSONValue] = [:]
    for k in ["InstanceName", "HostName", "Description", "UserData", "CreditSpecification"] {
      if let v = ctx.string(k) { set[k] = .string(v) }
    }
    if let d = ctx.bool("DeletionProtection") { set["DeletionProtection"] = .bool(d) }
    let groups = ctx.list("SecurityGroupIds")
    if !groups.isEmpty {
      var unique: [String] = []
      for g in groups where !unique.contains(g) { unique.append(g) }
      guard unique.count <= maxGroups else {
        throw SimError(
          "InvalidSecurityGroupsNumber.ExceedLimit", "An instance can be in at most \(maxGroups) security groups.",
          status: 403)
      }
      for g in unique { try checkGroup(ctx, g, for: i) }
      set["SecurityGroupIds"] = .array(unique.map { .string($0) })
    }
    if ctx.string("Password") != nil { set["SimPasswordChanged"] = .string(ctx.timestamp) }
    ctx.state.update(i.id) { r in for (k, v) in set { r[k] = v } }
    return [:]
  }

  static func checkGroup(_ ctx: SimContext, _ id: String, for i: SimResource) throws(SimError) {
    let g = try SecurityGroupFamily.group(ctx, id, region: i.regionId)
    guard g.string("VpcId") == i.string("VpcId") else {
      throw SimError(
        "InvalidSecurityGroup.NotInVpc", "The security group \(id) does not belong to the instance's VPC.", status: 403)
    }
  }

  static func join(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let i = try InstanceFamily.find(ctx, try ctx.required("InstanceId"))
    let g = try ctx.required("SecurityGroupId")
    try checkGroup(ctx, g, for: i)
    var groups = i["SecurityGroupIds"]?.arrayValue ?? []
    guard !groups.contains(.string(g)) else {
      throw SimError("InvalidInstanceId.AlreadyExists", "The instance is already in security group \(g).", status: 403)
    }
    guard groups.count < maxGroups else {
      throw SimError(
        "InstanceSecurityGroupLimitExceeded", "An instance can be in at most \(maxGroups) security groups.", status: 403
      )
    }
    groups.append(.string(g))
    ctx.state.update(i.id) { $0["SecurityGroupIds"] = .array(groups) }
    return [:]
  }

  static func leave(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let i = try InstanceFamily.find(ctx, try ctx.required("InstanceId"))
    let g = try ctx.required("SecurityGroupId")
    _ = try SecurityGroupFamily.group(ctx, g, region: i.regionId)
    var groups = i["SecurityGroupIds"]?.arrayValue ?? []
    guard groups.contains(.string(g)) else {
      throw SimError("InstanceNotInSecurityGroup", "The instance is not in security group \(g).", status: 403)
    }
    guard groups.count > 1 else {
      throw SimError(
        "InstanceLastSecurityGroup", "The instance must remain in at least one security group.", status: 403)
    }
    groups.removeAll { $0 == .string(g) }
    ctx.state.update(i.id) { $0["SecurityGroupIds"] = .array(groups) }
    return [:]
  }
}
