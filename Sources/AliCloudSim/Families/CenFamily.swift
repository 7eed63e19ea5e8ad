import AliCloudCore

/// Cloud Enterprise Network (global): CreateCen, DeleteCen, DescribeCens, AttachCenChildInstance,
/// DetachCenChildInstance, DescribeCenAttachedChildInstances,
/// DescribeCenAttachedChildInstanceAttribute. CEN `Creating` → `Active`, delete `Deleting` → gone;
/// attachments `Attaching` → `Attached`, detach `Detaching` → gone.
enum CenFamily: SimFamily {
  static let kind = "cen"
  static let attachment = "cenattachment"
  static let childKinds = ["VPC": "vpc"]

  static func register(_ r: inout SimRegistry) {
    r.on("Cbn", "CreateCen", create)
    r.on("Cbn", "DeleteCen", delete)
    r.on("Cbn", "DescribeCens", describe)
    r.on("Cbn", "AttachCenChildInstance", attach)
    r.on("Cbn", "DetachCenChildInstance", detach)
    r.on("Cbn", "DescribeCenAttachedChildInstances", children)
    r.on("Cbn", "DescribeCenAttachedChildInstanceAttribute", childAttribute)
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let level = ctx.string("ProtectionLevel") ?? "REDUCED"
    guard ["REDUCED", "FULL"].contains(level) else {
      throw SimError.invalidParameter("ProtectionLevel", "expected REDUCED")
    }
    let id = ctx.newId("cen-", length: 18)
    ctx.state.insert(
      kind: kind, id: id, region: "global",
      fields: [
        "CenId": .string(id), "Name": .string(ctx.string("Name") ?? ""),
        "Description": .string(ctx.string("Description") ?? ""),
        "ProtectionLevel": .string(level), "Status": "Creating", "CreationTime": .string(ctx.timestamp),
        "Ipv6Level": "DISABLED", "ResourceGroupId": .string(ctx.resourceGroupId), "Tags": ctx.keyValueTags,
        "CenBandwidthPackageIds": Net.wrap("CenBandwidthPackageId", []),
      ])
    ctx.state.scheduleStatus(id, "Active", after: ctx.delay(kind))
    return ["CenId": .string(id)]
  }

  static func cen(_ ctx: SimContext) throws(SimError) -> SimResource {
    let id = try ctx.required("CenId")
    guard let c = ctx.state.get(id, kind: kind), !ctx.state.isBeingRemoved(id) else {
      throw SimError("ParameterCenInstanceId", "The specified CEN instance \"\(id)\" does not exist.", status: 404)
    }
    return c
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let c = try cen(ctx)
    guard c.status == "Active" else {
      throw SimError.incorrectStatus("InvalidOperation.CenInstanceStatus", "CEN instance")
    }
    if let child = ctx.state.list(attachment, where: { $0.string("CenId") == c.id }).first {
      throw SimError(
        "InvalidOperation.CenInstanceHasChildInstances",
        "The CEN instance still has child instance \(child.string("ChildInstanceId")) attached.")
    }
    ctx.state.update(c.id) { $0.status = "Deleting" }
    ctx.state.scheduleRemoval(c.id, after: ctx.delay(kind))
    return [:]
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    var wanted: [String: [String]] = [:]
    for f in ctx.objects("Filter") {
      guard let key = f["Key"] else { continue }
      let values = f.filter { $0.key.hasPrefix("Value") }.sorted { $0.key < $1.key }.map(\.value)
      wanted[key, default: []] += values
    }
    let items = ctx.state.list(kind) { c in
      wanted.allSatisfy { key, values in values.isEmpty || values.contains(c.string(key)) } && ctx.hasTags(c)
    }.map { c -> JSONValue in
      var o = c.fields
      o["Tags"] = c["Tags"] ?? ["Tag": []]
      return .object(o)
    }
    return try ctx.pageNumberPage(items, list: "Cens", item: "Cen")
  }

  /// The attachment request's child, checked.
  static func child(_ ctx: SimContext) throws(SimError) -> (id: String, type: String, region: String) {
    let id = try ctx.required("ChildInstanceId")
    let type = try ctx.required("ChildInstanceType")
    guard ["VPC", "VBR", "CCN"].contains(type) else {
      throw SimError.invalidParameter("ChildInstanceType", "expected VPC, VBR or CCN")
    }
    let region = try ctx.required("ChildInstanceRegionId")
    guard SimRegions.find(region) != nil else {
      throw SimError("InvalidRegionId.NotFound", "The specified ChildInstanceRegionId does not exist.", status: 404)
    }
    return (id, type, region)
  }

  static func attach(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let c = try cen(ctx)
    guard c.status == "Active" else {
      throw SimError.incorrectStatus("InvalidOperation.CenInstanceStatus", "CEN instance")
    }
    let ch = try child(ctx)
    if let childKind = childKinds[ch.type] {
      guard let r = ctx.state.get(ch.id, kind: childKind), r.regionId == ch.region, !ctx.state.isBeingRemoved(ch.id)
      else {
        throw SimError(
          "ParameterInstanceId", "The child instance \(ch.id) does not exist in \(ch.region).", status: 404)
      }
      guard r.status == "Available" else {
        throw SimError.incorrectStatus("InvalidOperation.ChildInstanceStatus", "child instance")
      }
    }
    if let a = ctx.state.list(attachment, where: { $0.string("ChildInstanceId") == ch.id }).first {
      throw SimError(
        "InstanceExist.AttachedToCen", "The child instance \(ch.id) is already attached to \(a.string("CenId")).")
    }
    let id = ctx.newId("cenatt-")
    ctx.state.insert(
      kind: attachment, id: id, region: ch.region,
      fields: [
        "CenId": .string(c.id), "ChildInstanceId": .string(ch.id), "ChildInstanceType": .string(ch.type),
        "ChildInstanceRegionId": .string(ch.region),
        "ChildInstanceOwnerId": .int(try ctx.int("ChildInstanceOwnerId") ?? ctx.accountId),
        "ChildInstanceAttachTime": .string(ctx.timestamp), "Status": "Attaching", "ManagedService": "",
      ])
    ctx.state.scheduleStatus(id, "Attached", after: ctx.delay(attachment))
    return [:]
  }

  static func findAttachment(_ ctx: SimContext) throws(SimError) -> SimResource {
    let c = try cen(ctx)
    let ch = try child(ctx)
    guard
      let a = ctx.state.list(
        attachment,
        where: {
          $0.string("CenId") == c.id && $0.string("ChildInstanceId") == ch.id
            && $0.string("ChildInstanceRegionId") == ch.region
        }
      ).first, !ctx.state.isBeingRemoved(a.id)
    else {
      throw SimError("ParameterInstanceId", "The child instance \(ch.id) is not attached to \(c.id).", status: 404)
    }
    return a
  }

  static func detach(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let a = try findAttachment(ctx)
    guard a.status == "Attached" else {
      throw SimError.incorrectStatus("InvalidOperation.ChildInstanceStatus", "child instance attachment")
    }
    ctx.state.update(a.id) { $0.status = "Detaching" }
    ctx.state.scheduleRemoval(a.id, after: ctx.delay(attachment))
    return [:]
  }

  static func children(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let c = try cen(ctx)
    let region = ctx.string("ChildInstanceRegionId")
    let type = ctx.string("ChildInstanceType")
    let items = ctx.state.list(attachment) { a in
      a.string("CenId") == c.id && (region == nil || a.string("ChildInstanceRegionId") == region)
        && (type == nil || a.string("ChildInstanceType") == type)
    }.map { JSONValue.object($0.fields) }
    return try ctx.pageNumberPage(items, list: "ChildInstances", item: "ChildInstance")
  }

  static func childAttribute(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let a = try findAttachment(ctx)
    var o = a.fields
    if let vpc = ctx.state.get(a.string("ChildInstanceId"), kind: VpcFamily.kind) {
      o["ChildInstanceName"] = .string(vpc.string("VpcName"))
      o["ChildInstanceAttributes"] = ["CidrBlock": .string(vpc.string("CidrBlock")), "Ipv6CidrBlock": ""]
    }
    return o
  }
}
