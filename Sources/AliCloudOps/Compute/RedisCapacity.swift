import AliCloudCore

/// Redis capacity: the input in MB (`1024`, or `1024MB`, `1G`, `1GB`), and the instance class
/// offering it, from R-kvstore DescribeAvailableResource.
public enum RedisCapacity {
  public struct Offer: Sendable, Hashable {
    public var instanceClass: String
    public var capacityMB: Int
  }

  /// The capacity in MB; a failure naming the field when it is not a positive size.
  public static func parse(_ text: String) throws(OperationFailure) -> Int {
    let s = text.trimmingCharacters(in: .whitespaces).uppercased()
    var number = s
    var factor = 1
    for (suffix, f) in [("GB", 1024), ("G", 1024), ("MB", 1), ("M", 1)] where s.hasSuffix(suffix) {
      number = String(s.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
      factor = f
      break
    }
    guard !number.isEmpty, number.count <= 8, number.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(number),
      n > 0, n * factor <= 8 * 1024 * 1024
    else {
      throw OperationFailure.invalid("capacity", "\"\(text)\" is not a capacity in MB (e.g. 1024 or 1G)")
    }
    return n * factor
  }

  /// No Redis instance is larger than this (1 PiB in MB); a larger capacity in an answer is
  /// not believed.
  static let maxCapacityMB = 1 << 30

  /// Every offer (instance class with a capacity) found anywhere in a DescribeAvailableResource
  /// answer, in the order given.
  public static func offers(_ response: JSONValue) -> [Offer] {
    var out: [Offer] = []
    var seen: Set<String> = []
    func walk(_ v: JSONValue) {
      switch v {
      case .object(let o):
        if let cls = o["InstanceClass"]?.stringValue,
          let cap = InstanceTypes.number(o["Capacity"]).flatMap({ ResponseNumbers.count($0, limit: maxCapacityMB) }),
          cap > 0, seen.insert(cls).inserted
        {
          out.append(Offer(instanceClass: cls, capacityMB: cap))
        }
        for (_, value) in o.sorted(by: { $0.key < $1.key }) { walk(value) }
      case .array(let a): a.forEach(walk)
      default: break
      }
    }
    walk(response)
    return out
  }

  /// The offer for `capacityMB`: the exact capacity first, else the smallest larger one. Nil when
  /// nothing is offered at that size or above.
  public static func best(for capacityMB: Int, among offers: [Offer]) -> Offer? {
    if let exact = offers.first(where: { $0.capacityMB == capacityMB }) { return exact }
    return offers.enumerated().filter { $0.element.capacityMB > capacityMB }
      .min { ($0.element.capacityMB, $0.offset) < ($1.element.capacityMB, $1.offset) }?.element
  }
}
