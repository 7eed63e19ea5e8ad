import AliCloudCore
import Testing

@testable import AliCloudOps

@Test(arguments: [("1C2G", 1, 2.0), ("2c4g", 2, 4.0), (" 4C16G ", 4, 16.0), ("1C0.5G", 1, 0.5), ("64c512g", 64, 512.0)])
func coreMemorySpecParses(text: String, cores: Int, memory: Double) throws {
  let spec = try CoreMemorySpec.parse(text, field: "instanceSpec")
  #expect(spec.cores == cores)
  #expect(spec.memoryGiB == memory)
}

@Test(arguments: [
  "", "C2G", "1C", "1CG", "2G", "1C2", "1|2G", "-1C2G", "0C2G", "1C0G", "abc", "1C2GB", "1.5C2G", "1C2.G", "1C 2G",
])
func coreMemorySpecRejectsJunk(text: String) {
  #expect(throws: OperationFailure.self) { try CoreMemorySpec.parse(text, field: "instanceSpec") }
  do {
    _ = try CoreMemorySpec.parse(text, field: "instanceSpec")
  } catch {
    #expect(error.message.contains("instanceSpec"))
  }
}

func choice(_ id: String, _ c: Int, _ m: Double) -> SizedChoice {
  SizedChoice(id: id, spec: CoreMemorySpec(cores: c, memoryGiB: m))
}

@Test func exactMatchWinsOverSmallerLargerTypes() throws {
  let candidates = [choice("big", 4, 8), choice("exact", 2, 4), choice("mem", 2, 8)]
  #expect(SizedChoice.best(for: try .parse("2C4G", field: "s"), among: candidates)?.id == "exact")
}

@Test func neverMoreCoresWithLessMemory() throws {
  // 4C2G has more cores but less memory than 2C4G: it must not be chosen.
  let candidates = [choice("wide", 4, 2), choice("fits", 4, 8)]
  #expect(SizedChoice.best(for: try .parse("2C4G", field: "s"), among: candidates)?.id == "fits")
  #expect(SizedChoice.best(for: try .parse("2C4G", field: "s"), among: [choice("wide", 4, 2)]) == nil)
}

@Test func smallestCoveringChoiceIsPicked() throws {
  let candidates = [choice("c", 8, 16), choice("a", 2, 8), choice("b", 4, 8)]
  #expect(SizedChoice.best(for: try .parse("1C3G", field: "s"), among: candidates)?.id == "a")
}

let typesAnswer: JSONValue = [
  "InstanceTypes": [
    "InstanceType": [
      ["InstanceTypeId": "ecs.c5.large", "CpuCoreCount": 2, "MemorySize": 4.0, "InstanceTypeFamily": "ecs.c5"],
      ["InstanceTypeId": "ecs.c5.xlarge", "CpuCoreCount": 4, "MemorySize": 8.0, "InstanceTypeFamily": "ecs.c5"],
      ["InstanceTypeId": "ecs.c5ne.large", "CpuCoreCount": 2, "MemorySize": 4.0, "InstanceTypeFamily": "ecs.c5ne"],
      ["InstanceTypeId": "ecs.g5.large", "CpuCoreCount": 2, "MemorySize": 8.0, "InstanceTypeFamily": "ecs.g5"],
    ]
  ]
]

let stockAnswer: JSONValue = [
  "AvailableZones": [
    "AvailableZone": [
      [
        "ZoneId": "cn-hangzhou-h", "Status": "Available",
        "AvailableResources": [
          "AvailableResource": [
            [
              "Type": "InstanceType",
              "SupportedResources": [
                "SupportedResource": [
                  ["Value": "ecs.c5.large", "Status": "SoldOut", "StatusCategory": "WithoutStock"],
                  ["Value": "ecs.c5.xlarge", "Status": "Available", "StatusCategory": "WithStock"],
                  ["Value": "ecs.c5ne.large", "Status": "Available", "StatusCategory": "WithStock"],
                ]
              ],
            ]
          ]
        ],
      ]
    ]
  ]
]

@Test func instanceTypeFamilyIsExactNotSubstring() {
  #expect(InstanceTypes.family("c5") == "ecs.c5")
  #expect(InstanceTypes.family("ECS.c5") == "ecs.c5")
  let c5 = InstanceTypes.types(of: "ecs.c5", in: typesAnswer).map(\.id)
  #expect(c5 == ["ecs.c5.large", "ecs.c5.xlarge"])
}

@Test func instanceTypeResolutionUsesOnlyTypesInStock() throws {
  let types = InstanceTypes.types(of: "ecs.c5", in: typesAnswer)
  let stock = InstanceTypes.inStock(stockAnswer)
  #expect(stock == ["ecs.c5.xlarge", "ecs.c5ne.large"])
  // 2C4G exists in the family but is sold out: the next size up with stock is used.
  let chosen = try InstanceTypes.resolve(
    try .parse("2C4G", field: "s"), family: "ecs.c5", zone: "z", types: types, inStock: stock)
  #expect(chosen.id == "ecs.c5.xlarge")
  #expect(throws: OperationFailure.self) {
    try InstanceTypes.resolve(
      try .parse("8C16G", field: "s"), family: "ecs.c5", zone: "z", types: types, inStock: stock)
  }
  #expect(throws: OperationFailure.self) {
    try InstanceTypes.resolve(try .parse("1C1G", field: "s"), family: "ecs.x9", zone: "z", types: [], inStock: stock)
  }
}

@Test func rdsClassesFromAvailableListWithTableSizes() throws {
  let answer: JSONValue = [
    "DBInstanceClasses": [
      ["DBInstanceClass": "mysql.n2.small.2c"], ["DBInstanceClass": "mysql.n2.small.1"],
      ["DBInstanceClass": "mysql.n4.medium.1"], ["DBInstanceClass": "vendor.unknown.class"],
      ["DBInstanceClass": "mysql.custom.x", "Cpu": "3", "Memory": "6"],
    ]
  ]
  let available = RDSClass.available(answer, engine: "MySQL")
  #expect(available.map(\.id) == ["mysql.n2.small.2c", "mysql.n2.small.1", "mysql.n4.medium.1", "mysql.custom.x"])
  // Tie between two 1C2G classes: the table's order decides, not the answer's or a hash.
  #expect(
    try RDSClass.resolve(.parse("1C2G", field: "s"), engine: "MySQL", available: available).id == "mysql.n2.small.1")
  // The reported size of an unknown class is used.
  #expect(
    try RDSClass.resolve(.parse("3C6G", field: "s"), engine: "MySQL", available: available).id == "mysql.custom.x")
  // 2C4G is not offered: 2C8G covers it (3C6G would have more cores but is bigger in cores).
  #expect(
    try RDSClass.resolve(.parse("2C4G", field: "s"), engine: "MySQL", available: available).id == "mysql.n4.medium.1")
  #expect(throws: OperationFailure.self) {
    try RDSClass.resolve(.parse("16C64G", field: "s"), engine: "MySQL", available: available)
  }
  #expect(RDSClass.size(of: "mysql.n4.2xlarge.25", engine: "MySQL")?.description == "16C64G")
  #expect(RDSClass.size(of: "mariadb.x8.8xlarge.2c", engine: "MariaDB")?.description == "56C480G")
  #expect(try RDSClass.engine("mysql") == "MySQL")
  #expect(throws: OperationFailure.self) { try RDSClass.engine("postgres") }
}

@Test func redisCapacityParsesAndPicksAnOffer() throws {
  #expect(try RedisCapacity.parse("1024") == 1024)
  #expect(try RedisCapacity.parse("2G") == 2048)
  #expect(try RedisCapacity.parse("512mb") == 512)
  for bad in ["", "0", "-1", "1.5G", "big", "99999999999"] {
    #expect(throws: OperationFailure.self) { try RedisCapacity.parse(bad) }
  }
  let answer: JSONValue = [
    "AvailableZones": [
      "AvailableZone": [
        [
          "SupportedEngines": [
            "SupportedEngine": [
              [
                "Engine": "redis",
                "SupportedEditionTypes": [
                  "AvailableResource": [
                    ["InstanceClass": "redis.master.small.default", "Capacity": 1024],
                    ["InstanceClass": "redis.master.mid.default", "Capacity": 2048],
                    ["InstanceClass": "redis.master.32g.default", "Capacity": 32768],
                  ]
                ],
              ]
            ]
          ]
        ]
      ]
    ]
  ]
  let offers = RedisCapacity.offers(answer)
  #expect(offers.count == 3)
  #expect(RedisCapacity.best(for: 2048, among: offers)?.instanceClass == "redis.master.mid.default")
  #expect(RedisCapacity.best(for: 1500, among: offers)?.instanceClass == "redis.master.mid.default")
  #expect(RedisCapacity.best(for: 65536, among: offers) == nil)
}
