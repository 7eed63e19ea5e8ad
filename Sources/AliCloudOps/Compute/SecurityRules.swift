import AliCloudCore

/// One security group rule, ready for Authorize/RevokeSecurityGroup[Egress].
public struct SecurityRule: Sendable, Hashable, CustomStringConvertible {
  public enum Direction: String, Sendable { case ingress, egress }

  public var direction: Direction
  public var ipProtocol: String
  /// `from/to`, e.g. `22/22`, `-1/-1`.
  public var portRange: String
  /// The peer: the source for ingress, the destination for egress.
  public var cidr: String
  public var policy: String

  /// The action's parameters besides SecurityGroupId and the optional extras.
  public var parameters: [String: JSONValue] {
    [
      "IpProtocol": .string(ipProtocol), "PortRange": .string(portRange), "Policy": .string(policy),
      direction == .ingress ? "SourceCidrIp" : "DestCidrIp": .string(cidr),
    ]
  }

  public var description: String {
    "\(direction.rawValue) \(ipProtocol) \(portRange) \(direction == .ingress ? "from" : "to") \(cidr) \(policy)"
  }
}

/// Turning one input's parallel lists `cidrIp`, `ipProtocol` and `portRange` into rules.
public enum SecurityRules {
  public static let protocols = ["tcp", "udp", "icmp", "icmpv6", "gre", "all"]

  /// Lists pair up by position; a single value applies to every rule. Lists of different lengths
  /// are an error naming the fields.
  public static func parse(
    cidrIp: String, ipProtocol: String, portRange: String, direction: String, policy: String?
  ) throws(OperationFailure) -> [SecurityRule] {
    let dir = try parseDirection(direction)
    let pol = try parsePolicy(policy)
    let cidrs = ListSyntax.split(cidrIp)
    let protos = ListSyntax.split(ipProtocol)
    let ports = ListSyntax.split(portRange)
    for (name, list) in [("cidrIp", cidrs), ("ipProtocol", protos), ("portRange", ports)] where list.isEmpty {
      throw OperationFailure.missing([name])
    }
    let lengths = [("cidrIp", cidrs.count), ("ipProtocol", protos.count), ("portRange", ports.count)].filter {
      $0.1 > 1
    }
    let n = lengths.map(\.1).max() ?? 1
    if Set(lengths.map(\.1)).count > 1 {
      throw OperationFailure(
        "the lists "
          + lengths.map { "\($0.0) (\($0.1) items)" }.joined(separator: ", ")
          + " must have the same length; a single value applies to every rule")
    }
    var rules: [SecurityRule] = []
    for i in 0..<n {
      let proto = try parseProtocol(protos.count == 1 ? protos[0] : protos[i])
      let port = try parsePortRange(ports.count == 1 ? ports[0] : ports[i], protocol: proto)
      let cidr = try parseCIDR(cidrs.count == 1 ? cidrs[0] : cidrs[i])
      rules.append(SecurityRule(direction: dir, ipProtocol: proto, portRange: port, cidr: cidr, policy: pol))
    }
    return rules
  }

  /// `ingress` or `egress` (the guide's `actionType`, the original's `policyType`), any case.
  public static func parseDirection(_ s: String) throws(OperationFailure) -> SecurityRule.Direction {
    switch s.trimmingCharacters(in: .whitespaces).lowercased() {
    case "ingress": return .ingress
    case "egress": return .egress
    default: throw OperationFailure.invalid("actionType", "\"\(s)\" is not ingress or egress")
    }
  }

  /// `accept` (default) or `drop`, any case.
  public static func parsePolicy(_ s: String?) throws(OperationFailure) -> String {
    guard let s = s?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return "accept" }
    let p = s.lowercased()
    guard p == "accept" || p == "drop" else {
      throw OperationFailure.invalid("policy", "\"\(s)\" is not accept or drop")
    }
    return p
  }

  public static func parseProtocol(_ s: String) throws(OperationFailure) -> String {
    let p = s.lowercased()
    guard protocols.contains(p) else {
      throw OperationFailure.invalid("ipProtocol", "\"\(s)\" is not one of \(protocols.joined(separator: ", "))")
    }
    return p
  }

  /// `22` → `22/22`; `22/22`; `22-8000` → `22/8000`; `-1` and `-1/-1` → `-1/-1` (all ports, the
  /// only range ICMP, GRE and "all" take). TCP and UDP need ports 1-65535, start ≤ end.
  public static func parsePortRange(_ s: String, protocol proto: String) throws(OperationFailure) -> String {
    let t = s.trimmingCharacters(in: .whitespaces)
    let bad = OperationFailure.invalid("portRange", "\"\(s)\" is not a port, a range like 22/80 or 22-80, or -1/-1")
    let range: (Int, Int)
    if t == "-1" || t == "-1/-1" || t == "-1--1" {
      range = (-1, -1)
    } else {
      let sep: Character = t.contains("/") ? "/" : "-"
      let parts = t.split(separator: sep, omittingEmptySubsequences: false)
      guard (1...2).contains(parts.count),
        parts.allSatisfy({ !$0.isEmpty && $0.count <= 5 && $0.allSatisfy { $0.isASCII && $0.isNumber } })
      else { throw bad }
      let a = Int(parts[0])!
      let b = parts.count == 2 ? Int(parts[1])! : a
      guard (1...65535).contains(a), (1...65535).contains(b), a <= b else {
        throw OperationFailure.invalid("portRange", "\"\(s)\" must be ports 1-65535 with the start not above the end")
      }
      range = (a, b)
    }
    let needsPorts = proto == "tcp" || proto == "udp"
    if needsPorts && range.0 == -1 {
      throw OperationFailure.invalid("portRange", "\(proto) needs real ports (1-65535), not -1/-1")
    }
    if !needsPorts && range.0 != -1 {
      throw OperationFailure.invalid("portRange", "\(proto) takes only -1/-1 (all ports), not \"\(s)\"")
    }
    return "\(range.0)/\(range.1)"
  }

  /// An IPv4 CIDR block; a bare address gets `/32`.
  public static func parseCIDR(_ s: String) throws(OperationFailure) -> String {
    guard Checks.isIPv4CIDR(s, allowBareIP: true) else {
      throw OperationFailure.invalid("cidrIp", "\"\(s)\" is not an IPv4 address or CIDR block")
    }
    return s.contains("/") ? s : s + "/32"
  }
}
