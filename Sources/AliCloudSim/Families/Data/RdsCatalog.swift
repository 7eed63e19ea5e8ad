import AliCloudCore
import Foundation

/// What the simulated RDS sells: engines, versions, categories, storage types, instance classes
/// (a part of the MySQL and MariaDB class tables, with their cores and memory) and zones,
/// including the multi-zone ids AliCloud reports for high availability
/// (`cn-hangzhou-MAZ6(h,i)`).
enum RdsCatalog {
  struct DBClass {
    var id: String
    var engine: String
    var cores: Int
    var memoryGiB: Int
    /// Basic (`.1`), HighAvailability on cloud disks (`.2c`), or on local SSD (`rds.mysql.*`).
    var categories: Set<String>
    var storageTypes: Set<String>
  }

  static let versions = ["MySQL": ["5.7", "8.0"], "MariaDB": ["10.3"]]
  static let categories = ["MySQL": ["Basic", "HighAvailability"], "MariaDB": ["HighAvailability"]]
  static let cloudDisks: Set<String> = ["cloud_essd", "cloud_ssd"]
  /// Storage range per type (GB): minimum, maximum, step.
  static let storageRange: [String: (Int, Int, Int)] = [
    "cloud_essd": (20, 32000, 5), "cloud_ssd": (20, 6000, 5), "local_ssd": (5, 2000, 5),
  ]

  static let classes: [DBClass] = {
    var all: [DBClass] = []
    func add(_ engine: String, _ ids: [String], _ cores: Int, _ mem: Int) {
      for id in ids {
        let basic = id.hasSuffix(".1")
        let local = id.hasPrefix("rds.")
        all.append(
          DBClass(
            id: id, engine: engine, cores: cores, memoryGiB: mem, categories: basic ? ["Basic"] : ["HighAvailability"],
            storageTypes: local ? ["local_ssd"] : cloudDisks))
      }
    }
    add("MySQL", ["mysql.n1.micro.1", "rds.mysql.t1.small"], 1, 1)
    add("MySQL", ["mysql.n2.small.1", "mysql.n2.small.2c", "rds.mysql.s1.small"], 1, 2)
    add("MySQL", ["mysql.n2.medium.1", "mysql.n2.medium.2c", "rds.mysql.s2.large"], 2, 4)
    add("MySQL", ["mysql.n4.medium.1", "mysql.x4.medium.2c", "rds.mysql.s2.xlarge"], 2, 8)
    add("MySQL", ["mysql.n2.large.1", "mysql.x2.large.2c", "rds.mysql.s3.large"], 4, 8)
    add("MySQL", ["mysql.n4.large.1", "mysql.x4.large.2c", "rds.mysql.m1.medium"], 4, 16)
    add("MySQL", ["mysql.x8.large.2c"], 4, 32)
    add("MySQL", ["mysql.n2.xlarge.1", "mysql.x2.xlarge.2c", "rds.mysql.c1.large"], 8, 16)
    add("MySQL", ["mysql.n4.xlarge.1", "mysql.x4.xlarge.2c", "rds.mysql.c1.xlarge"], 8, 32)
    add("MariaDB", ["mariadb.n2.small.2c"], 1, 2)
    add("MariaDB", ["mariadb.n2.medium.2c"], 2, 4)
    add("MariaDB", ["mariadb.x2.large.2c"], 4, 8)
    add("MariaDB", ["mariadb.x4.large.2c"], 4, 16)
    add("MariaDB", ["mariadb.x2.xlarge.2c"], 8, 16)
    add("MariaDB", ["mariadb.x4.xlarge.2c"], 8, 32)
    return all
  }()

  static func dbClass(_ id: String) -> DBClass? { classes.first { $0.id == id } }

  /// The engine's canonical name (`MySQL`, `MariaDB`), or `InvalidEngine.Malformed`.
  static func engine(_ text: String) throws(SimError) -> String {
    guard let e = versions.keys.first(where: { $0.lowercased() == text.lowercased() }) else {
      throw SimError("InvalidEngine.Malformed", "The specified engine \"\(text)\" is not supported.")
    }
    return e
  }

  static func checkVersion(_ engine: String, _ version: String) throws(SimError) {
    guard versions[engine]?.contains(version) == true else {
      throw SimError(
        "InvalidEngineVersion.Malformed", "The engine version \"\(version)\" of \(engine) is not supported.")
    }
  }

  /// A zone's letter: `cn-hangzhou-h` → `h`, `ap-southeast-1a` → `a`.
  static func suffix(_ zone: String, region: String) -> String {
    String(zone.dropFirst(region.count).drop { $0 == "-" })
  }

  /// Multi-zone ids of a region: one per pair of neighbouring zones, `<region>-MAZ<n>(x,y)`.
  static func multiZones(_ region: String) -> [(id: String, zones: [String])] {
    let zones = SimRegions.find(region)?.zones ?? []
    guard zones.count >= 2 else { return [] }
    return (0..<(zones.count - 1)).map { i in
      let pair = [zones[i], zones[i + 1]]
      let letters = pair.map { suffix($0, region: region) }.joined(separator: ",")
      return ("\(region)-MAZ\(i + 6)(\(letters))", pair)
    }
  }

  /// The single zones a zone id stands for (itself, or a multi-zone's members); nil if unknown.
  static func members(_ zone: String, region: String) -> [String]? {
    if SimRegions.find(region)?.zones.contains(zone) == true { return [zone] }
    return multiZones(region).first { $0.id == zone }?.zones
  }

  /// Categories a zone id offers: high availability only in a multi-zone.
  static func categories(engine: String, zone: String, region: String) -> [String] {
    let all = categories[engine] ?? []
    return members(zone, region: region)?.count == 1 ? all : all.filter { $0 == "HighAvailability" }
  }

  static func storageTypes(_ category: String) -> [String] {
    category == "Basic" ? ["cloud_essd", "cloud_ssd"] : ["cloud_essd", "cloud_ssd", "local_ssd"]
  }
}
