import AliCloudCore

/// Redis (R-kvstore) whitelists: ModifySecurityIps (`Cover`, `Append`, `Delete` on a named
/// group, `default` unless `SecurityIpGroupName` says otherwise; an empty group is refused).
/// DescribeInstanceAttribute shows the `default` group as `SecurityIPList`.
enum RedisSecurityIps: SimFamily {
  static func register(_ r: inout SimRegistry) {
    r.on("R-kvstore", "ModifySecurityIps", modify)
  }

  static func groups(_ i: SimResource) -> [String: JSONValue] {
    var all = i["SimSecurityIPGroups"]?.objectValue ?? [:]
    if all["default"] == nil { all["default"] = .string(i.string("SimSecurityIPList")) }
    return all
  }

  static func modify(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let i = try RedisFamily.normal(ctx)
    let given = try RdsAccessFamily.ipList(try ctx.required("SecurityIps"))
    let name = ctx.string("SecurityIpGroupName") ?? "default"
    guard !name.isEmpty, name.count <= 32,
      name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
    else {
      throw SimError.invalidParameter("SecurityIpGroupName", "lower-case letters, digits and '_', at most 32")
    }
    var all = groups(i)
    let current = (all[name]?.stringValue ?? "").split(separator: ",").map(String.init)
    let result = try SimWhitelist.apply(
      ctx, name: name, current: current, given: given, exists: all[name] != nil,
      notFound: "InvalidSecurityIpGroupName.NotFound", malformed: "InvalidSecurityIps.Malformed")
    all[name] = .string(result.joined(separator: ","))
    let list = all["default"] ?? ""
    ctx.state.update(i.id) {
      $0["SimSecurityIPGroups"] = .object(all)
      $0["SimSecurityIPList"] = list
    }
    return [:]
  }
}
