import AliCloudCore

/// Choosing an ECS instance type for `instanceSpec` + `instanceFamily` from the region's own
/// catalogue (DescribeInstanceTypes) and the zone's stock (DescribeAvailableResource).
public enum InstanceTypes {
  /// `c5` → `ecs.c5`; `ecs.c5` and `ECS.c5` stay as they are (lower-cased prefix).
  public static func family(_ input: String) -> String {
    let t = input.trimmingCharacters(in: .whitespaces)
    if t.lowercased().hasPrefix("ecs.") { return "ecs." + t.dropFirst(4) }
    return "ecs." + t
  }

  /// A family name is letters, digits, `-` and `.`, e.g. `ecs.g6e` or `ecs.t5-lc1m1`.
  public static func isFamilyName(_ s: String) -> Bool {
    !s.isEmpty && s.count <= 64 && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
  }

  /// The types of a DescribeInstanceTypes answer that belong to `family` exactly.
  public static func types(of family: String, in response: JSONValue) -> [SizedChoice] {
    let all = response["InstanceTypes"]?["InstanceType"]?.arrayValue ?? []
    return all.compactMap { t -> SizedChoice? in
      guard let id = t["InstanceTypeId"]?.stringValue,
        let cores = number(t["CpuCoreCount"]).flatMap({ ResponseNumbers.count($0, limit: maxCores) }),
        let memory = number(t["MemorySize"]), memory >= 0
      else { return nil }
      let fam =
        t["InstanceTypeFamily"]?.stringValue ?? String(id.split(separator: ".").prefix(2).joined(separator: "."))
      guard fam.caseInsensitiveCompare(family) == .orderedSame else { return nil }
      return SizedChoice(id: id, spec: CoreMemorySpec(cores: cores, memoryGiB: memory))
    }
  }

  /// The instance types a DescribeAvailableResource answer offers with stock: status `Available`
  /// and, when a category is given, `WithStock`. Every zone and resource list is read.
  public static func inStock(_ response: JSONValue) -> Set<String> {
    var out: Set<String> = []
    for zone in response["AvailableZones"]?["AvailableZone"]?.arrayValue ?? [] {
      if let s = zone["Status"]?.stringValue, s.caseInsensitiveCompare("Available") != .orderedSame { continue }
      for resource in zone["AvailableResources"]?["AvailableResource"]?.arrayValue ?? [] {
        for item in resource["SupportedResources"]?["SupportedResource"]?.arrayValue ?? [] {
          guard let value = item["Value"]?.stringValue,
            (item["Status"]?.stringValue ?? "Available").caseInsensitiveCompare("Available") == .orderedSame
          else { continue }
          if let cat = item["StatusCategory"]?.stringValue, cat.caseInsensitiveCompare("WithStock") != .orderedSame {
            continue
          }
          out.insert(value)
        }
      }
    }
    return out
  }

  /// The type for `spec` among the family's types that are in stock.
  public static func resolve(
    _ spec: CoreMemorySpec, family: String, zone: String, types: [SizedChoice], inStock: Set<String>
  ) throws(OperationFailure) -> SizedChoice {
    guard !types.isEmpty else {
      throw OperationFailure("instance family \(family) has no instance types in this region")
    }
    let offered = types.filter { inStock.contains($0.id) }
    guard !offered.isEmpty else {
      throw OperationFailure("no instance type of family \(family) is available with stock in zone \(zone)")
    }
    guard let best = SizedChoice.best(for: spec, among: offered.sorted { $0.id < $1.id }) else {
      let sizes = Set(offered.map(\.spec.description)).sorted().joined(separator: ", ")
      throw OperationFailure(
        "no instance type of family \(family) in zone \(zone) has at least \(spec) (available: \(sizes))")
    }
    return best
  }

  /// A finite number from an answer (a JSON number or numeric text); nil otherwise.
  static func number(_ v: JSONValue?) -> Double? { ResponseNumbers.finite(v) }

  /// More cores than any machine has: a larger count in an answer is not believed.
  static let maxCores = 1 << 20
}
