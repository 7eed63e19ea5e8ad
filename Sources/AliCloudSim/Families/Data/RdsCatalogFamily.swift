import AliCloudCore
import Foundation

/// RDS availability: DescribeAvailableZones (zones and multi-zones with their engines, versions,
/// categories and storage types) and DescribeAvailableClasses (the classes a zone sells for an
/// engine, version, category and storage type, with the storage range).
enum RdsCatalogFamily: SimFamily {
  static func register(_ r: inout SimRegistry) {
    r.on("Rds", "DescribeAvailableZones", zones)
    r.on("Rds", "DescribeAvailableClasses", classes)
  }

  static func zones(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let engine = try RdsCatalog.engine(try ctx.required("Engine"))
    let version = ctx.string("EngineVersion")
    if let version { try RdsCatalog.checkVersion(engine, version) }
    let category = ctx.string("Category")
    let single = SimRegions.find(region)?.zones ?? []
    var ids = single + RdsCatalog.multiZones(region).map(\.id)
    if let z = ctx.string("ZoneId") { ids = ids.filter { $0 == z } }
    let items = ids.compactMap { zone -> JSONValue? in
      let cats = RdsCatalog.categories(engine: engine, zone: zone, region: region).filter {
        category == nil || $0 == category
      }
      guard !cats.isEmpty else { return nil }
      let versions = (RdsCatalog.versions[engine] ?? []).filter { version == nil || $0 == version }
      let engineItem: JSONValue = [
        "Engine": .string(engine),
        "SupportedEngineVersions": .array(
          versions.map { v in
            [
              "Version": .string(v),
              "SupportedCategorys": .array(
                cats.map { c in
                  [
                    "Category": .string(c),
                    "SupportedStorageTypes": .array(
                      RdsCatalog.storageTypes(c).map { ["StorageType": .string($0)] }),
                  ]
                }),
            ]
          }),
      ]
      return ["RegionId": .string(region), "ZoneId": .string(zone), "SupportedEngines": [engineItem]]
    }
    return ["AvailableZones": .array(items)]
  }

  static func classes(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let engine = try RdsCatalog.engine(try ctx.required("Engine"))
    try RdsCatalog.checkVersion(engine, try ctx.required("EngineVersion"))
    let zone = try ctx.required("ZoneId")
    guard RdsCatalog.members(zone, region: region) != nil else {
      throw SimError(
        "InvalidZoneId.NotFound", "The specified zone \"\(zone)\" does not exist in \(region).", status: 404)
    }
    let category = try ctx.required("Category")
    let storage = try ctx.required("DBInstanceStorageType")
    guard RdsCatalog.categories(engine: engine, zone: zone, region: region).contains(category),
      RdsCatalog.storageTypes(category).contains(storage), let range = RdsCatalog.storageRange[storage]
    else { return ["DBInstanceClasses": []] }
    let items = RdsCatalog.classes.filter {
      $0.engine == engine && $0.categories.contains(category) && $0.storageTypes.contains(storage)
    }.map { c -> JSONValue in
      [
        "DBInstanceClass": .string(c.id),
        "DBInstanceStorageRange": ["MinValue": .int(range.0), "MaxValue": .int(range.1), "Step": .int(range.2)],
      ]
    }
    return ["DBInstanceClasses": .array(items)]
  }
}
