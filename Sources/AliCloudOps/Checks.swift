/// Value checks made before any cloud call.
public enum Checks {
  /// An IPv4 CIDR block `a.b.c.d/n` (n 0...32), or with `allowBareIP` a plain address.
  public static func isIPv4CIDR(_ s: String, allowBareIP: Bool = false) -> Bool {
    let parts = s.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2 || (allowBareIP && parts.count == 1) else { return false }
    guard isIPv4(String(parts[0])) else { return false }
    if parts.count == 2 {
      guard parts[1].count <= 2, let n = Int(parts[1]), (0...32).contains(n), parts[1].allSatisfy(\.isASCII) else {
        return false
      }
    }
    return true
  }

  public static func isIPv4(_ s: String) -> Bool {
    let octets = s.split(separator: ".", omittingEmptySubsequences: false)
    guard octets.count == 4 else { return false }
    return octets.allSatisfy { o in
      !o.isEmpty && o.count <= 3 && o.allSatisfy { $0.isASCII && $0.isNumber } && Int(o)! <= 255
        && !(o.count > 1 && o.first == "0")
    }
  }

  /// Requires a CIDR block, naming the field when it is not one.
  public static func cidr(_ value: String, field: String) throws(OperationFailure) -> String {
    guard isIPv4CIDR(value) else { throw OperationFailure.invalid(field, "\"\(value)\" is not an IPv4 CIDR block") }
    return value
  }
}
