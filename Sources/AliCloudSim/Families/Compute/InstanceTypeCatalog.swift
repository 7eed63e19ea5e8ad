import AliCloudCore

/// The simulated ECS instance-type catalogue: a few real families with their real sizes.
struct SimInstanceType: Sendable {
  var id: String
  var family: String
  var cores: Int
  var memoryGiB: Double

  static let all: [SimInstanceType] = [
    .init("ecs.t5-lc2m1.nano", "ecs.t5", 1, 0.5), .init("ecs.t5-lc1m1.small", "ecs.t5", 1, 1),
    .init("ecs.t5-lc1m2.small", "ecs.t5", 1, 2), .init("ecs.t5-lc1m2.large", "ecs.t5", 2, 4),
    .init("ecs.t5-lc1m4.large", "ecs.t5", 2, 8), .init("ecs.t5-c1m2.xlarge", "ecs.t5", 4, 8),
    .init("ecs.s6-c1m1.small", "ecs.s6", 1, 1), .init("ecs.s6-c1m2.small", "ecs.s6", 1, 2),
    .init("ecs.s6-c1m2.large", "ecs.s6", 2, 4), .init("ecs.s6-c1m4.large", "ecs.s6", 2, 8),
    .init("ecs.s6-c1m2.xlarge", "ecs.s6", 4, 8), .init("ecs.s6-c1m4.xlarge", "ecs.s6", 4, 16),
    .init("ecs.c6.large", "ecs.c6", 2, 4), .init("ecs.c6.xlarge", "ecs.c6", 4, 8),
    .init("ecs.c6.2xlarge", "ecs.c6", 8, 16), .init("ecs.g6.large", "ecs.g6", 2, 8),
    .init("ecs.g6.xlarge", "ecs.g6", 4, 16), .init("ecs.g6.2xlarge", "ecs.g6", 8, 32),
    .init("ecs.r6.large", "ecs.r6", 2, 16), .init("ecs.r6.xlarge", "ecs.r6", 4, 32),
    .init("ecs.c5.large", "ecs.c5", 2, 4), .init("ecs.c5.xlarge", "ecs.c5", 4, 8),
    .init("ecs.g5.large", "ecs.g5", 2, 8), .init("ecs.g5.xlarge", "ecs.g5", 4, 16),
    .init("ecs.g5ne.large", "ecs.g5ne", 2, 8),
  ]

  init(_ id: String, _ family: String, _ cores: Int, _ memoryGiB: Double) {
    self.id = id
    self.family = family
    self.cores = cores
    self.memoryGiB = memoryGiB
  }

  static func find(_ id: String) -> SimInstanceType? { all.first { $0.id == id } }

  /// Whether the type has stock in a zone: memory-optimised r6 is sold out in the third and
  /// later zones of a region, so callers meet `WithoutStock` entries.
  func inStock(zone: String) -> Bool {
    guard family == "ecs.r6", let region = SimRegions.region(ofZone: zone),
      let index = region.zones.firstIndex(of: zone)
    else { return true }
    return index < 2
  }

  var category: String {
    switch family {
    case "ecs.t5": return "Shared"
    case "ecs.c6", "ecs.c5": return "Compute-optimized"
    case "ecs.r6": return "Memory-optimized"
    case "ecs.s6": return "Shared"
    default: return "General-purpose"
    }
  }

  var json: JSONValue {
    [
      "InstanceTypeId": .string(id), "InstanceTypeFamily": .string(family), "CpuCoreCount": .int(cores),
      "MemorySize": .double(memoryGiB), "InstanceCategory": .string(category),
      "InstanceFamilyLevel": .string(
        family == "ecs.t5" ? "CreditEntryLevel" : family == "ecs.s6" ? "EntryLevel" : "EnterpriseLevel"),
      "CpuArchitecture": "X86", "GPUAmount": 0, "GPUSpec": "", "EniQuantity": .int(max(2, cores)),
      "EniPrivateIpAddressQuantity": .int(cores >= 4 ? 10 : 6), "LocalStorageCategory": "",
      "InstanceBandwidthRx": .int(cores * 256_000), "InstanceBandwidthTx": .int(cores * 256_000),
      "InstancePpsRx": .int(cores * 100_000), "InstancePpsTx": .int(cores * 100_000), "DiskQuantity": 17,
      "NvmeSupport": "unsupported", "PhysicalProcessorModel": "Intel Xeon(Cascade Lake) Platinum 8269CY",
    ]
  }
}
