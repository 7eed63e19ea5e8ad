import AliCloudCore

/// Security group rules: Authorize/Revoke, ingress and egress, with AliCloud's validation of
/// protocols, port ranges (`22/22`, `1/65535`; `-1/-1` for icmp, gre and all), CIDRs, policies
/// and priorities. An identical authorize is a no-op; revoking an absent rule is a no-op too.
enum SecurityGroupRules {
  enum Direction: String { case ingress, egress }

  static let protocols = ["tcp", "udp", "icmp", "gre", "all", "icmpv6"]

  static func change(_ ctx: inout SimContext, _ direction: Direction, add: Bool) throws(SimError) -> [String: JSONValue]
  {
    let region = try ctx.region()
    let g = try SecurityGroupFamily.group(ctx, try ctx.required("SecurityGroupId"), region: region)
    var rules = g["Permissions"]?.arrayValue ?? []
    if !add, !ctx.list("SecurityGroupRuleId").isEmpty {
      let ids = Set(ctx.list("SecurityGroupRuleId"))
      rules.removeAll { ids.contains($0["SecurityGroupRuleId"]?.stringValue ?? "") }
      ctx.state.update(g.id) { $0["Permissions"] = .array(rules) }
      return [:]
    }
    var requested: [[String: String]] = ctx.objects("Permissions")
    if requested.isEmpty { requested = [ctx.params] }
    for p in requested {
      var rule = try parse(p, direction: direction, ctx: ctx, group: g)
      let key = identity(rule)
      let existing = rules.firstIndex { identity($0) == key }
      if add {
        if existing == nil {
          guard rules.count < 200 else {
            throw SimError("QuotaExceed.SecurityGroupRule", "A security group holds at most 200 rules.", status: 403)
          }
          rule["SecurityGroupRuleId"] = .string(ctx.newId("sgr-"))
          rule["CreateTime"] = .string(ctx.timestamp)
          rules.append(.object(rule))
        }
      } else if let i = existing {
        rules.remove(at: i)
      }
    }
    ctx.state.update(g.id) { $0["Permissions"] = .array(rules) }
    return [:]
  }

  /// `DescribeSecurityGroupAttribute`: the group and its rules (`Permissions.Permission`), of one
  /// `Direction` (`ingress`, `egress`; `all` or none: both), `NicType` likewise, by NextToken pages.
  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let g = try SecurityGroupFamily.group(ctx, try ctx.required("SecurityGroupId"), region: region)
    let direction = ctx.string("Direction") ?? "all"
    guard ["all", "ingress", "egress"].contains(direction) else { throw SimError.invalidParameter("Direction") }
    let nic = ctx.string("NicType")
    let rules = (g["Permissions"]?.arrayValue ?? []).filter { rule in
      (direction == "all" || rule["Direction"]?.stringValue == direction)
        && (nic == nil || rule["NicType"]?.stringValue == nic)
    }
    var page = try ctx.nextTokenPage(rules, list: "Permissions", item: "Permission", defaultMax: 100, limit: 1000)
    page["TotalCount"] = nil
    for key in ["SecurityGroupId", "SecurityGroupName", "VpcId", "Description"] { page[key] = .string(g.string(key)) }
    page["RegionId"] = .string(region)
    page["InnerAccessPolicy"] = "Accept"
    return page
  }

  /// The fields that make two rules the same rule (description and id excluded).
  static func identity(_ rule: [String: JSONValue]) -> String {
    [
      "Direction", "IpProtocol", "PortRange", "SourceCidrIp", "DestCidrIp", "SourceGroupId", "DestGroupId", "Policy",
      "NicType", "Priority", "SourcePortRange",
    ]
    .map { rule[$0].map { "\($0)" } ?? "" }.joined(separator: "|")
  }

  static func identity(_ rule: JSONValue) -> String { identity(rule.objectValue ?? [:]) }

  static func parse(
    _ p: [String: String], direction: Direction, ctx: SimContext, group: SimResource
  ) throws(SimError) -> [String: JSONValue] {
    func value(_ k: String) -> String? { p[k].flatMap { $0.isEmpty ? nil : $0 } }
    guard let proto = value("IpProtocol")?.lowercased() else { throw SimError.missingParameter("IpProtocol") }
    guard protocols.contains(proto) else {
      throw SimError("InvalidIpProtocol.Malformed", "The specified IpProtocol \"\(proto)\" is not valid.")
    }
    guard let ports = value("PortRange") else { throw SimError.missingParameter("PortRange") }
    try checkPorts(ports, protocol: proto, name: "PortRange")
    if let sp = value("SourcePortRange") { try checkPorts(sp, protocol: proto, name: "SourcePortRange") }
    let policy = (value("Policy") ?? "accept").lowercased()
    guard policy == "accept" || policy == "drop" else {
      throw SimError("InvalidPolicy.Malformed", "The specified Policy \"\(policy)\" is not valid.")
    }
    let priority = value("Priority") ?? "1"
    guard let pr = Int(priority), (1...100).contains(pr) else {
      throw SimError("InvalidPriority.Malformed", "The specified Priority \"\(priority)\" must be 1 to 100.")
    }
    let nic = value("NicType") ?? "intranet"
    guard nic == "intranet" || nic == "internet" else {
      throw SimError("InvalidNicType.ValueNotSupported", "The specified NicType \"\(nic)\" is not valid.")
    }
    var rule: [String: JSONValue] = [
      "Direction": .string(direction.rawValue), "IpProtocol": .string(proto.uppercased()), "PortRange": .string(ports),
      "Policy": .string(policy == "accept" ? "Accept" : "Drop"), "Priority": .string(String(pr)),
      "NicType": .string(nic), "Description": .string(value("Description") ?? ""),
      "SourcePortRange": .string(value("SourcePortRange") ?? ""),
    ]
    let peerGroupKey = direction == .ingress ? "SourceGroupId" : "DestGroupId"
    let cidrKey = direction == .ingress ? "SourceCidrIp" : "DestCidrIp"
    if let peer = value(peerGroupKey) {
      _ = try SecurityGroupFamily.group(ctx, peer, region: group.regionId)
      rule[peerGroupKey] = .string(peer)
    }
    for key in ["SourceCidrIp", "DestCidrIp"] {
      guard let c = value(key) else { continue }
      rule[key] = .string(try normalizedCidr(c, name: key))
    }
    let ipv6 = direction == .ingress ? "Ipv6SourceCidrIp" : "Ipv6DestCidrIp"
    if let v6 = value(ipv6) { rule[ipv6] = .string(v6) }
    if rule[peerGroupKey] == nil && rule[cidrKey] == nil && rule[ipv6] == nil
      && value(direction == .ingress ? "SourcePrefixListId" : "DestPrefixListId") == nil
    {
      throw SimError(
        "MissingParameter", "One of \(cidrKey), \(ipv6) or \(peerGroupKey) is mandatory for this rule.")
    }
    return rule
  }

  /// `a/b` with 1 ≤ a ≤ b ≤ 65535 for tcp and udp; exactly `-1/-1` for the other protocols.
  static func checkPorts(_ text: String, protocol proto: String, name: String) throws(SimError) {
    let bad = SimError(
      "InvalidPortRange.Malformed", "The specified \(name) \"\(text)\" is not valid for protocol \(proto).")
    if proto == "tcp" || proto == "udp" {
      let parts = text.split(separator: "/", omittingEmptySubsequences: false)
      guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), 1 <= a, a <= b, b <= 65535 else {
        throw bad
      }
    } else if text != "-1/-1" {
      throw bad
    }
  }

  /// A CIDR or a bare address (which means /32), normalised to `a.b.c.d/n`.
  static func normalizedCidr(_ text: String, name: String) throws(SimError) -> String {
    if Net.ipv4(text) != nil { return text + "/32" }
    guard Net.cidr(text) != nil else {
      throw SimError("Invalid\(name).Malformed", "The specified \(name) \"\(text)\" is not a valid CIDR block.")
    }
    return text
  }
}
