import AliCloudCore

/// Choosing an RDS class for `dBInstanceSpec`.
public enum RDSClass {
  /// `MySQL` or `MariaDB`, whatever the case of the input.
  public static func engine(_ input: String) throws(OperationFailure) -> String {
    for e in ["MySQL", "MariaDB"] where e.caseInsensitiveCompare(input) == .orderedSame { return e }
    throw OperationFailure.invalid("engine", "\"\(input)\" is not MySQL or MariaDB")
  }

  /// The available classes of a DescribeAvailableClasses answer, each sized from the answer when
  /// it says the size (`Cpu` and `Memory`/`MemoryClass`), else from the class table. Classes of
  /// unknown size are left out.
  public static func available(_ response: JSONValue, engine: String) -> [SizedChoice] {
    let table = Dictionary(
      RDSClassTable.classes(engine: engine).map { ($0.id, $0.spec) }, uniquingKeysWith: { a, _ in a })
    let items =
      response["DBInstanceClasses"]?.arrayValue ?? response["DBInstanceClasses"]?["DBInstanceClass"]?.arrayValue ?? []
    var seen: Set<String> = []
    var out: [SizedChoice] = []
    for item in items {
      guard let id = item["DBInstanceClass"]?.stringValue, seen.insert(id).inserted else { continue }
      if let spec = reportedSize(item) ?? table[id] { out.append(SizedChoice(id: id, spec: spec)) }
    }
    return out
  }

  static func reportedSize(_ item: JSONValue) -> CoreMemorySpec? {
    guard let number = InstanceTypes.number(item["Cpu"] ?? item["CPU"]),
      let cores = ResponseNumbers.count(number, limit: InstanceTypes.maxCores), cores >= 1
    else { return nil }
    let memoryValue = item["Memory"] ?? item["MemoryClass"]
    var memory = InstanceTypes.number(memoryValue)
    if memory == nil, let text = memoryValue?.stringValue {
      let digits = text.uppercased().replacingOccurrences(of: "GB", with: "").replacingOccurrences(of: "G", with: "")
      memory = InstanceTypes.number(.string(digits))
    }
    guard let m = memory, m > 0 else { return nil }
    return CoreMemorySpec(cores: cores, memoryGiB: m)
  }

  /// The class for `spec`: exact size first, else the smallest class with at least the cores and
  /// the memory. Among equal sizes the order of the class table wins, then the answer's order.
  public static func resolve(_ spec: CoreMemorySpec, engine: String, available: [SizedChoice]) throws(OperationFailure)
    -> SizedChoice
  {
    guard !available.isEmpty else {
      throw OperationFailure("no \(engine) class of known size is available for this zone, version and storage type")
    }
    let rank = Dictionary(
      RDSClassTable.classes(engine: engine).enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    let ordered = available.enumerated().sorted {
      (rank[$0.element.id] ?? Int.max, $0.offset) < (rank[$1.element.id] ?? Int.max, $1.offset)
    }.map(\.element)
    guard let best = SizedChoice.best(for: spec, among: ordered) else {
      let sizes = Set(available.map(\.spec.description)).sorted().joined(separator: ", ")
      throw OperationFailure("no available \(engine) class has at least \(spec) (available sizes: \(sizes))")
    }
    return best
  }

  /// The size of a class given by the caller (`dBInstanceClass`), from the table; nil when unknown.
  public static func size(of id: String, engine: String) -> CoreMemorySpec? {
    RDSClassTable.classes(engine: engine).first { $0.id == id }?.spec
  }
}
