import AliCloudCore

/// ECS disks: CreateDisk (`Creating` → `Available`), AttachDisk (`Available` → `Attaching` →
/// `In_use`, same zone as the instance), DetachDisk (`Detaching` → `Available`), DeleteDisk (only
/// `Available`), DescribeDisks. A disk keeps its guest file system (`SimFsType`, `SimFiles`)
/// across detach and attach; the guest sees data disks as `/dev/vdX` while AliCloud reports
/// `/dev/xvdX`.
enum DiskFamily: SimFamily {
  static let kind = "disk"
  static let categories = ["cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto"]

  static func register(_ r: inout SimRegistry) {
    r.on("Ecs", "CreateDisk", create)
    r.on("Ecs", "AttachDisk", attach)
    r.on("Ecs", "DetachDisk", detach)
    r.on("Ecs", "DeleteDisk", delete)
    r.on("Ecs", "DescribeDisks", describe)
  }

  static func fields(
    _ ctx: SimContext, id: String, region: String, zone: String, size: Int, category: String, type: String
  ) -> [String: JSONValue] {
    [
      "DiskId": .string(id), "DiskName": .string(ctx.string("DiskName") ?? ""),
      "Description": .string(ctx.string("Description") ?? ""), "RegionId": .string(region), "ZoneId": .string(zone),
      "Size": .int(size), "Category": .string(category), "Type": .string(type), "Status": "Creating",
      "PerformanceLevel": .string(category == "cloud_essd" ? (ctx.string("PerformanceLevel") ?? "PL1") : ""),
      "Encrypted": .bool(ctx.bool("Encrypted") ?? false), "Portable": .bool(type == "data"),
      "DeleteWithInstance": .bool(type == "system"), "DeleteAutoSnapshot": true, "EnableAutoSnapshot": false,
      "InstanceId": "", "Device": "", "AttachedTime": "", "DetachedTime": "", "CreationTime": .string(ctx.timestamp),
      "DiskChargeType": "PostPaid", "SerialNumber": .string(String(id.dropFirst(2))), "MultiAttach": "Disabled",
      "IOPS": .int(min(1800 + 50 * size, 50_000)),
      "ResourceGroupId": .string(ctx.string("ResourceGroupId") ?? ctx.resourceGroupId),
      "Tags": Compute.tags(ctx), "SourceSnapshotId": "", "ImageId": "",
      "SimFsType": "", "SimFsUUID": "", "SimFiles": .object([:]), "SimDirs": .array([]), "SimGuestDevice": "",
    ]
  }

  /// The system disk of a new instance: attached as `/dev/xvda`, deleted with the instance.
  static func insertSystemDisk(
    _ ctx: inout SimContext, instance: String, region: String, zone: String, size: Int, category: String
  ) -> String {
    let id = ctx.newId("d-")
    var f = fields(ctx, id: id, region: region, zone: zone, size: size, category: category, type: "system")
    f["DiskName"] = ""
    f["Description"] = ""
    f["Tags"] = ["Tag": []]
    f["Status"] = "In_use"
    f["InstanceId"] = .string(instance)
    f["Device"] = "/dev/xvda"
    f["AttachedTime"] = .string(ctx.timestamp)
    f["SimFsType"] = "ext4"
    f["SimFsUUID"] = .string(GuestMachine.uuid(id))
    f["SimGuestDevice"] = "/dev/vda"
    ctx.state.insert(kind: kind, id: id, region: region, fields: f)
    return id
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    if ctx.string("InstanceId") != nil {
      throw SimError.unsupportedBySimulator("CreateDisk with InstanceId (subscription disks); create and attach")
    }
    if ctx.string("SnapshotId") != nil { throw SimError.notFound("InvalidSnapshotId.NotFound", "snapshot") }
    let zone = try ctx.required("ZoneId")
    try Compute.checkZone(zone, region: region)
    let category = ctx.string("DiskCategory") ?? "cloud"
    guard categories.contains(category) else {
      throw SimError(
        "InvalidDiskCategory.ValueNotSupported", "The specified DiskCategory \"\(category)\" is not valid.")
    }
    guard let size = try ctx.int("Size") else { throw SimError.missingParameter("Size") }
    let range = category == "cloud" ? 5...2000 : 20...32768
    guard range.contains(size) else {
      throw SimError(
        "InvalidDiskSize.ValueNotSupported",
        "The size of a \(category) disk must be \(range.lowerBound) to \(range.upperBound) GiB.")
    }
    if let name = ctx.string("DiskName"), name.count < 2 || name.count > 128 || name.hasPrefix("http") {
      throw SimError("InvalidDiskName.Malformed", "The specified DiskName is not valid.")
    }
    let id = ctx.newId("d-")
    ctx.state.insert(
      kind: kind, id: id, region: region,
      fields: fields(ctx, id: id, region: region, zone: zone, size: size, category: category, type: "data"))
    ctx.state.scheduleStatus(id, "Available", after: ctx.delay(kind))
    return ["DiskId": .string(id)]
  }

  static func find(_ ctx: SimContext, _ id: String) throws(SimError) -> SimResource {
    guard let d = ctx.state.get(id, kind: kind), !ctx.state.isBeingRemoved(id) else {
      throw SimError.notFound("InvalidDiskId.NotFound", "disk")
    }
    return d
  }

  static func incorrect(_ d: SimResource) -> SimError {
    SimError(
      "IncorrectDiskStatus", "The current disk status (\(d.status)) does not support this operation.", status: 403)
  }

  static func attach(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let d = try find(ctx, try ctx.required("DiskId"))
    let i = try InstanceFamily.find(ctx, try ctx.required("InstanceId"))
    guard d.status == "Available" else { throw incorrect(d) }
    guard i.status == "Running" || i.status == "Stopped" else { throw InstanceLifecycle.incorrect(i) }
    guard d.string("ZoneId") == i.string("ZoneId") else {
      throw SimError(
        "InvalidDiskId.ZoneMismatch",
        "The disk (\(d.string("ZoneId"))) and the instance (\(i.string("ZoneId"))) "
          + "are in different zones.", status: 403)
    }
    let taken = Set(ctx.state.list(kind) { $0.string("InstanceId") == i.id }.map { $0.string("Device") })
    guard let letter = "bcdefghijklmnopq".first(where: { !taken.contains("/dev/xvd\($0)") }) else {
      throw SimError("InstanceDiskNumber.LimitExceed", "The instance already has 16 data disks.", status: 403)
    }
    if let dev = ctx.string("Device"), dev != "/dev/xvd\(letter)" {
      guard dev.hasPrefix("/dev/xvd"), dev.count == 9, !taken.contains(dev) else {
        throw SimError("InvalidDevice.InUse", "The specified Device \(dev) is not available.", status: 403)
      }
    }
    let device = ctx.string("Device") ?? "/dev/xvd\(letter)"
    let deleteWith = ctx.bool("DeleteWithInstance") ?? false
    ctx.state.update(d.id) { r in
      r.status = "Attaching"
      r["InstanceId"] = .string(i.id)
      r["Device"] = .string(device)
      r["SimGuestDevice"] = .string("/dev/vd" + device.dropFirst(8))
      r["DeleteWithInstance"] = .bool(deleteWith)
    }
    ctx.state.schedule(d.id, after: ctx.delay(kind), set: ["Status": "In_use", "AttachedTime": .string(ctx.timestamp)])
    return [:]
  }

  static func clearAttachment(_ r: inout SimResource, at time: String) {
    r.status = "Available"
    r["InstanceId"] = ""
    r["Device"] = ""
    r["SimGuestDevice"] = ""
    r["DetachedTime"] = .string(time)
  }

  static func detach(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let d = try find(ctx, try ctx.required("DiskId"))
    let i = try InstanceFamily.find(ctx, try ctx.required("InstanceId"))
    guard d.string("InstanceId") == i.id else {
      throw SimError("InvalidInstanceId.NotMatch", "The disk is not attached to instance \(i.id).", status: 403)
    }
    guard d.string("Type") == "data" else {
      throw SimError("NoAttributeSupport.SystemDisk", "A system disk cannot be detached here.", status: 403)
    }
    guard d.status == "In_use" else { throw incorrect(d) }
    guard i.status == "Running" || i.status == "Stopped" else { throw InstanceLifecycle.incorrect(i) }
    // The guest loses the device at once: its mounts go away, /etc/fstab keeps its lines.
    let guestDevice = d.string("SimGuestDevice")
    ctx.state.update(i.id) { r in
      r["SimMounts"] = .array((r["SimMounts"]?.arrayValue ?? []).filter { $0["Device"]?.stringValue != guestDevice })
    }
    ctx.state.update(d.id) { $0.status = "Detaching" }
    let time = ctx.timestamp
    ctx.state.schedule(
      d.id, after: ctx.delay(kind),
      set: ["Status": "Available", "InstanceId": "", "Device": "", "SimGuestDevice": "", "DetachedTime": .string(time)])
    return [:]
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let d = try find(ctx, try ctx.required("DiskId"))
    guard d.status == "Available" else { throw incorrect(d) }
    ctx.state.scheduleRemoval(d.id, after: ctx.delay(kind))
    return [:]
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let ids = try Compute.jsonIds(ctx, "DiskIds")
    let filters: [(String, String)] = ["InstanceId", "ZoneId", "Status", "Category", "DiskName", "DiskChargeType"]
      .compactMap { k in ctx.string(k).map { (k, $0) } }
    let type = ctx.string("DiskType") ?? "all"
    guard ["all", "system", "data"].contains(type) else { throw SimError.invalidParameter("DiskType") }
    let items = ctx.state.list(kind, region: region) { d in
      (ids == nil || ids!.contains(d.id)) && filters.allSatisfy { d.string($0.0) == $0.1 } && ctx.hasTags(d)
        && (type == "all" || d.string("Type") == type)
    }.map { d -> JSONValue in
      var o = Compute.visible(d)
      let attached =
        d.string("InstanceId").isEmpty
        ? []
        : [
          JSONValue.object([
            "InstanceId": .string(d.string("InstanceId")), "Device": .string(d.string("Device")),
            "AttachedTime": .string(d.string("AttachedTime")),
          ])
        ]
      o["Attachments"] = ["Attachment": .array(attached)]
      o["MountInstances"] = ["MountInstance": .array(attached)]
      o["MountInstanceNum"] = .int(attached.count)
      o["OperationLocks"] = ["OperationLock": []]
      o["Placement"] = ["ZoneIds": .string(d.string("ZoneId"))]
      return .object(o)
    }
    return try Compute.page(ctx, items, list: "Disks", item: "Disk", maxResults: 500)
  }
}
