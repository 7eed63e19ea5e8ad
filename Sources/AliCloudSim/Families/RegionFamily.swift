import AliCloudCore

/// The region and zone catalogue: ECS DescribeRegions and DescribeZones.
enum RegionFamily: SimFamily {
  static func register(_ r: inout SimRegistry) {
    r.on("Ecs", "DescribeRegions", regions)
    r.on("Ecs", "DescribeZones", zones)
  }

  static func regions(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let items: [JSONValue] = SimRegions.all.map { r in
      [
        "RegionId": .string(r.regionId), "LocalName": .string(r.localName), "Status": "available",
        "RegionEndpoint": .string("ecs.\(r.regionId).aliyuncs.com"),
      ]
    }
    return ["Regions": ["Region": .array(items)]]
  }

  static func zones(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let zones = SimRegions.find(region)?.zones ?? []
    let items: [JSONValue] = zones.map { z in
      [
        "ZoneId": .string(z), "LocalName": .string(z), "ZoneType": "AvailabilityZone",
        "AvailableResourceCreation": ["ResourceTypes": ["VSwitch", "Instance", "Disk", "IoOptimized"]],
        "AvailableDiskCategories": ["DiskCategories": ["cloud_efficiency", "cloud_ssd", "cloud_essd"]],
      ]
    }
    return ["Zones": ["Zone": .array(items)]]
  }
}
