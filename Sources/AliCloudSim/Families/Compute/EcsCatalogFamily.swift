import AliCloudCore

/// The ECS catalogue: DescribeInstanceTypes and DescribeAvailableResource (instance types per
/// zone with stock, system and data disk categories, zones).
enum EcsCatalogFamily: SimFamily {
  static let diskCategories = ["cloud_efficiency", "cloud_ssd", "cloud_essd"]

  static func register(_ r: inout SimRegistry) {
    r.on("Ecs", "DescribeInstanceTypes", instanceTypes)
    r.on("Ecs", "DescribeAvailableResource", availableResource)
  }

  static func instanceTypes(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    var families = ctx.list("InstanceTypeFamilies")
    if let f = ctx.string("InstanceTypeFamily") { families.append(f) }
    let ids = ctx.list("InstanceTypes")
    let minCores = try ctx.int("MinimumCpuCoreCount")
    let maxCores = try ctx.int("MaximumCpuCoreCount")
    let minMem = ctx.string("MinimumMemorySize").flatMap(Double.init)
    let maxMem = ctx.string("MaximumMemorySize").flatMap(Double.init)
    let items = SimInstanceType.all.filter { t in
      (families.isEmpty || families.contains(t.family)) && (ids.isEmpty || ids.contains(t.id))
        && (minCores == nil || t.cores >= minCores!) && (maxCores == nil || t.cores <= maxCores!)
        && (minMem == nil || t.memoryGiB >= minMem!) && (maxMem == nil || t.memoryGiB <= maxMem!)
    }.map(\.json)
    var page = try ctx.nextTokenPage(items, list: "InstanceTypes", item: "InstanceType", defaultMax: 1600, limit: 1600)
    page["TotalCount"] = nil
    return page
  }

  static func availableResource(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let destination = try ctx.required("DestinationResource")
    let known = ["Zone", "IoOptimized", "InstanceType", "SystemDisk", "DataDisk", "Network", "ddh"]
    guard known.contains(destination) else {
      throw SimError("InvalidParameter.DestinationResource", "The specified DestinationResource is not valid.")
    }
    if let c = ctx.string("InstanceChargeType"), !["PrePaid", "PostPaid"].contains(c) {
      throw SimError("InvalidInstanceChargeType.ValueNotSupported", "The specified InstanceChargeType is not valid.")
    }
    var zones = SimRegions.find(region)?.zones ?? []
    if let z = ctx.string("ZoneId") {
      try Compute.checkZone(z, region: region)
      zones = [z]
    }
    let wantedType = ctx.string("InstanceType")
    if let t = wantedType, SimInstanceType.find(t) == nil {
      throw SimError("InvalidInstanceType.ValueNotSupported", "The specified InstanceType \"\(t)\" is not valid.")
    }
    let items: [JSONValue] = zones.map { zone in
      let resources: [JSONValue]
      switch destination {
      case "Zone": resources = [entry("Zone", [supported(zone)])]
      case "IoOptimized": resources = [entry("IoOptimized", [supported("optimized")])]
      case "InstanceType":
        let types = SimInstanceType.all.filter { wantedType == nil || $0.id == wantedType }
        resources = [entry("InstanceType", types.map { supported($0.id, stock: $0.inStock(zone: zone)) })]
      case "SystemDisk":
        resources = [entry("SystemDisk", diskCategories.map { supported($0, min: 20, max: 2048) })]
      case "DataDisk":
        resources = [entry("DataDisk", (["cloud"] + diskCategories).map { supported($0, min: 20, max: 32768) })]
      case "Network": resources = [entry("Network", [supported("vpc")])]
      default: resources = []
      }
      return [
        "ZoneId": .string(zone), "RegionId": .string(region), "Status": "Available", "StatusCategory": "WithStock",
        "AvailableResources": ["AvailableResource": .array(resources)],
      ]
    }
    return ["AvailableZones": ["AvailableZone": .array(items)]]
  }

  static func entry(_ type: String, _ values: [JSONValue]) -> JSONValue {
    ["Type": .string(type), "SupportedResources": ["SupportedResource": .array(values)]]
  }

  static func supported(_ value: String, stock: Bool = true, min: Int? = nil, max: Int? = nil) -> JSONValue {
    var o: [String: JSONValue] = [
      "Value": .string(value), "Status": .string(stock ? "Available" : "SoldOut"),
      "StatusCategory": .string(stock ? "WithStock" : "WithoutStock"),
    ]
    if let min, let max {
      o["Min"] = .int(min)
      o["Max"] = .int(max)
      o["Unit"] = "GiB"
    }
    return .object(o)
  }
}
