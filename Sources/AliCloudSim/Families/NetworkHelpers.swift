import AliCloudCore
import Foundation

/// Small helpers shared by the network families.
enum Net {
  /// Parses `a.b.c.d/n` into (network address, prefix length).
  static func cidr(_ text: String) -> (UInt32, Int)? {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let bits = Int(parts[1]), (0...32).contains(bits), let ip = ipv4(String(parts[0])) else {
      return nil
    }
    let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
    return (ip & mask, bits)
  }

  static func ipv4(_ text: String) -> UInt32? {
    let o = text.split(separator: ".", omittingEmptySubsequences: false)
    guard o.count == 4 else { return nil }
    var v: UInt32 = 0
    for p in o {
      guard !p.isEmpty, p.count <= 3, let n = UInt32(p), n <= 255 else { return nil }
      v = v << 8 | n
    }
    return v
  }

  /// Whether `inner` lies within `outer`.
  static func contains(_ outer: (UInt32, Int), _ inner: (UInt32, Int)) -> Bool {
    guard inner.1 >= outer.1 else { return false }
    let mask: UInt32 = outer.1 == 0 ? 0 : ~UInt32(0) << (32 - outer.1)
    return inner.0 & mask == outer.0
  }

  static func overlaps(_ a: (UInt32, Int), _ b: (UInt32, Int)) -> Bool { contains(a, b) || contains(b, a) }

  /// Usable addresses of a vSwitch CIDR (AliCloud reserves 4 per block).
  static func usableAddresses(_ c: (UInt32, Int)) -> Int { max(0, (1 << (32 - c.1)) - 4) }

  /// `{"<inner>": [ids]}` — the XML-derived list wrapper.
  static func wrap(_ inner: String, _ values: [String]) -> JSONValue { [inner: .array(values.map { .string($0) })] }

  /// Ids from a comma-separated filter parameter (`VpcId=a,b`).
  static func idList(_ text: String?) -> [String]? {
    guard let t = text else { return nil }
    return t.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }
}

extension SimContext {
  /// The resource of that kind and id, or the given not-found error.
  func find(_ kind: String, _ id: String, code: String, what: String) throws(SimError) -> SimResource {
    guard let r = state.get(id, kind: kind), !state.isBeingRemoved(id) else { throw SimError.notFound(code, what) }
    return r
  }

  /// The resource group every resource reports.
  var resourceGroupId: String { "rg-acfmsimdefault0001" }
}
