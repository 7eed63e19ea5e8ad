import AliCloudCore
import Foundation

/// What the simulated Redis (R-kvstore) sells, and DescribeAvailableResource: per zone, the
/// Community edition's engine versions, the standard master-replica architecture and its
/// instance classes with their capacities.
enum RedisCatalogFamily: SimFamily {
  struct RedisClass {
    var id: String
    var capacityMB: Int
    var bandwidth: Int
    var connections: Int
    var qps: Int
  }

  static let versions = ["4.0", "5.0", "6.0", "7.0"]
  static let classes = [
    RedisClass(id: "redis.master.small.default", capacityMB: 1024, bandwidth: 10, connections: 10_000, qps: 80_000),
    RedisClass(id: "redis.master.mid.default", capacityMB: 2048, bandwidth: 16, connections: 10_000, qps: 80_000),
    RedisClass(id: "redis.master.stand.default", capacityMB: 4096, bandwidth: 24, connections: 10_000, qps: 80_000),
    RedisClass(id: "redis.master.large.default", capacityMB: 8192, bandwidth: 24, connections: 10_000, qps: 80_000),
    RedisClass(id: "redis.master.2xlarge.default", capacityMB: 16384, bandwidth: 32, connections: 10_000, qps: 80_000),
  ]

  static func register(_ r: inout SimRegistry) {
    r.on("R-kvstore", "DescribeAvailableResource", available)
  }

  static func available(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    if let engine = ctx.string("Engine"), engine.lowercased() != "redis" {
      throw SimError.invalidParameter("Engine", "the simulator sells Redis only")
    }
    var zones = SimRegions.find(region)?.zones ?? []
    if let z = ctx.string("ZoneId") {
      try Compute.checkZone(z, region: region)
      zones = [z]
    }
    let resources: JSONValue = [
      "AvailableResource": .array(
        classes.map { c in
          [
            "InstanceClass": .string(c.id), "Capacity": .int(c.capacityMB),
            "InstanceClassRemark": .string("\(c.capacityMB / 1024)G master-replica"),
          ]
        })
    ]
    let versionItems = versions.map { v -> JSONValue in
      [
        "Version": .string(v),
        "SupportedArchitectureTypes": [
          "SupportedArchitectureType": [
            [
              "Architecture": "standard",
              "SupportedShardNumbers": [
                "SupportedShardNumber": [
                  [
                    "ShardNumber": "1",
                    "SupportedNodeTypes": [
                      "SupportedNodeType": [["SupportedNodeType": "double", "AvailableResources": resources]]
                    ],
                  ]
                ]
              ],
            ]
          ]
        ],
      ]
    }
    let engine: JSONValue = [
      "Engine": "redis",
      "SupportedEditionTypes": [
        "SupportedEditionType": [
          [
            "EditionType": "Community",
            "SupportedSeriesTypes": [
              "SupportedSeriesType": [
                [
                  "SeriesType": "community",
                  "SupportedEngineVersions": ["SupportedEngineVersion": .array(versionItems)],
                ]
              ]
            ],
          ]
        ]
      ],
    ]
    let items = zones.map { z -> JSONValue in
      [
        "ZoneId": .string(z), "ZoneName": .string(z), "RegionId": .string(region), "IsMainSale": true,
        "SupportedEngines": ["SupportedEngine": [engine]],
      ]
    }
    return ["AvailableZones": ["AvailableZone": .array(items)]]
  }
}
