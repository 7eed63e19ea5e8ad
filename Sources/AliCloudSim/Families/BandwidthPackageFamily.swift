import AliCloudCore

/// Shared (common) bandwidth packages: CreateCommonBandwidthPackage,
/// DeleteCommonBandwidthPackage, AddCommonBandwidthPackageIp, RemoveCommonBandwidthPackageIp,
/// DescribeCommonBandwidthPackages. Membership is the EIP's `BandwidthPackageId`.
enum BandwidthPackageFamily: SimFamily {
  static let kind = "bandwidthpackage"

  static func register(_ r: inout SimRegistry) {
    r.on("Vpc", "CreateCommonBandwidthPackage", create)
    r.on("Vpc", "DeleteCommonBandwidthPackage", delete)
    r.on("Vpc", "AddCommonBandwidthPackageIp", addIp)
    r.on("Vpc", "RemoveCommonBandwidthPackageIp", removeIp)
    r.on("Vpc", "DescribeCommonBandwidthPackages", describe)
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    guard let bw = try ctx.int("Bandwidth"), (1...5000).contains(bw) else {
      throw SimError.invalidParameter("Bandwidth", "expected 1 to 5000 Mbit/s")
    }
    let charge = ctx.string("InternetChargeType") ?? "PayByBandwidth"
    guard ["PayByBandwidth", "PayBy95", "PayByDominantTraffic"].contains(charge) else {
      throw SimError(
        "InvalidInternetChargeType.ValueNotSupported",
        "InternetChargeType \(charge) is not supported for a shared bandwidth package.")
    }
    let id = ctx.newId("cbwp-")
    ctx.state.insert(
      kind: kind, id: id, region: region,
      fields: [
        "BandwidthPackageId": .string(id), "Bandwidth": .string("\(bw)"), "InternetChargeType": .string(charge),
        "InstanceChargeType": "PostPaid", "ISP": .string(ctx.string("ISP") ?? "BGP"),
        "Name": .string(ctx.string("Name") ?? ""),
        "Description": .string(ctx.string("Description") ?? ""), "Status": "Available", "BusinessStatus": "Normal",
        "CreationTime": .string(ctx.timestamp), "RegionId": .string(region), "Ratio": .int(try ctx.int("Ratio") ?? 100),
        "ResourceGroupId": .string(ctx.resourceGroupId), "DeletionProtection": false,
        "Zone": .string(ctx.string("Zone") ?? ""),
      ])
    return ["BandwidthPackageId": .string(id), "ResourceGroupId": .string(ctx.resourceGroupId)]
  }

  static func package(_ ctx: SimContext) throws(SimError) -> SimResource {
    try ctx.find(
      kind, try ctx.required("BandwidthPackageId"), code: "InvalidBandwidthPackageId.NotFound",
      what: "bandwidth package")
  }

  static func members(_ p: SimResource, _ state: SimState) -> [SimResource] {
    state.list(EipFamily.kind) { $0.string("BandwidthPackageId") == p.id }
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let p = try package(ctx)
    let eips = members(p, ctx.state)
    if let e = eips.first, (ctx.string("Force") ?? "false").lowercased() != "true" {
      throw SimError("DependencyViolation.BandwidthPackages", "The bandwidth package still contains EIP \(e.id).")
    }
    for e in eips { ctx.state.update(e.id) { leave(&$0) } }
    ctx.state.remove(p.id)
    return [:]
  }

  static func leave(_ e: inout SimResource) {
    e["BandwidthPackageId"] = ""
    e["BandwidthPackageType"] = ""
    e["BandwidthPackageBandwidth"] = ""
  }

  static func addIp(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let p = try package(ctx)
    let e = try ctx.find(
      EipFamily.kind, try ctx.required("IpInstanceId"), code: "InvalidIpInstanceId.NotFound", what: "EIP")
    guard e.regionId == p.regionId else { throw SimError("InvalidRegionId.Mismatch", "The EIP is in another region.") }
    let current = e.string("BandwidthPackageId")
    guard current.isEmpty else {
      throw SimError(
        "BandwidthPackageOperation.conflict", "The EIP \(e.id) is already in bandwidth package \(current).")
    }
    ctx.state.update(e.id) { r in
      r["BandwidthPackageId"] = .string(p.id)
      r["BandwidthPackageType"] = "CommonBandwidthPackage"
      r["BandwidthPackageBandwidth"] = .string(p.string("Bandwidth"))
    }
    return [:]
  }

  static func removeIp(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let p = try package(ctx)
    let e = try ctx.find(
      EipFamily.kind, try ctx.required("IpInstanceId"), code: "InvalidIpInstanceId.NotFound", what: "EIP")
    guard e.string("BandwidthPackageId") == p.id else {
      throw SimError("OperationFailed.EipNotInBandwidthPackage", "The EIP \(e.id) is not in bandwidth package \(p.id).")
    }
    ctx.state.update(e.id) { leave(&$0) }
    return [:]
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let id = ctx.string("BandwidthPackageId")
    let name = ctx.string("Name")
    let state = ctx.state
    let items = ctx.state.list(kind, region: region) {
      (id == nil || $0.id == id) && (name == nil || $0.string("Name") == name)
    }
    .map { p -> JSONValue in
      var o = p.fields
      o["PublicIpAddresses"] = [
        "PublicIpAddresse": .array(
          members(p, state).map {
            [
              "AllocationId": .string($0.id), "IpAddress": .string($0.string("IpAddress")),
              "BandwidthPackageIpRelationStatus": "BINDED",
            ]
          })
      ]
      o["Tags"] = ["Tag": []]
      return .object(o)
    }
    return try ctx.pageNumberPage(items, list: "CommonBandwidthPackages", item: "CommonBandwidthPackage")
  }
}
