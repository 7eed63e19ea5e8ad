import AliCloudCore
import Foundation

/// SLB VServer groups: CreateVServerGroup, DeleteVServerGroup (refused while a listener uses
/// the group, `RspoolVipExist`), AddVServerGroupBackendServers,
/// RemoveVServerGroupBackendServers, DescribeVServerGroups, DescribeVServerGroupAttribute.
/// Members are (ServerId, Port) pairs; an ECS member must exist (and, for a VPC load balancer,
/// be in its VPC).
enum VServerGroupFamily: SimFamily {
  static let kind = "vservergroup"

  static func register(_ r: inout SimRegistry) {
    r.on("Slb", "CreateVServerGroup", create)
    r.on("Slb", "DeleteVServerGroup", delete)
    r.on("Slb", "AddVServerGroupBackendServers", add)
    r.on("Slb", "RemoveVServerGroupBackendServers", remove)
    r.on("Slb", "DescribeVServerGroups", describe)
    r.on("Slb", "DescribeVServerGroupAttribute", attribute)
  }

  static func group(_ ctx: SimContext, _ id: String) throws(SimError) -> SimResource {
    guard let g = ctx.state.get(id, kind: kind), ctx.string("RegionId").map({ $0 == g.regionId }) ?? true else {
      throw SimError("InvalidParameter.VServerGroupId", "The specified VServerGroupId does not exist.", status: 404)
    }
    return g
  }

  static func loadBalancer(of g: SimResource, _ ctx: SimContext) throws(SimError) -> SimResource {
    guard let lb = ctx.state.get(g.string("LoadBalancerId"), kind: LoadBalancerFamily.kind) else {
      throw SimError("InvalidLoadBalancerId.NotFound", "The specified LoadBalancerId does not exist.", status: 404)
    }
    return lb
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let lb = try Slb.loadBalancer(ctx)
    var servers: [Slb.Server] = []
    if ctx.string("BackendServers") != nil {
      servers = try Slb.servers(ctx, lb: lb, needsPort: true)
      try checkDuplicates(servers, existing: [])
    }
    let id = ctx.newId("rsp-", length: 10)
    ctx.state.insert(
      kind: kind, id: id, region: lb.regionId,
      fields: [
        "VServerGroupId": .string(id), "VServerGroupName": .string(ctx.string("VServerGroupName") ?? ""),
        "LoadBalancerId": .string(lb.id), "BackendServers": .array(servers.map { .object($0.json) }),
        "CreateTime": .string(ctx.timestamp), "Tags": Compute.tags(ctx),
      ])
    return ["VServerGroupId": .string(id), "BackendServers": Slb.wrap(servers)]
  }

  static func checkDuplicates(_ servers: [Slb.Server], existing: [Slb.Server]) throws(SimError) {
    var seen = Set(existing.map { "\($0.serverId):\($0.port ?? 0)" })
    for s in servers where !seen.insert("\(s.serverId):\(s.port ?? 0)").inserted {
      throw SimError(
        "InvalidBackendServer.Duplicated",
        "The backend server \(s.serverId) port \(s.port ?? 0) is already in the group.")
    }
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let g = try group(ctx, try ctx.required("VServerGroupId"))
    if let l = ctx.state.list(ListenerFamily.kind, where: { $0.string("VServerGroupId") == g.id }).first {
      throw SimError(
        "RspoolVipExist",
        "The VServer group \(g.id) is used by listener \(l.string("ListenerProtocol")):\(l["ListenerPort"]?.intValue ?? 0)."
      )
    }
    ctx.state.remove(g.id)
    return [:]
  }

  static func add(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let g = try group(ctx, try ctx.required("VServerGroupId"))
    let current = Slb.stored(g)
    let new = try Slb.servers(ctx, lb: try loadBalancer(of: g, ctx), needsPort: true)
    try checkDuplicates(new, existing: current)
    let all = current + new
    ctx.state.update(g.id) { $0["BackendServers"] = .array(all.map { .object($0.json) }) }
    return ["VServerGroupId": .string(g.id), "BackendServers": Slb.wrap(all)]
  }

  static func remove(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let g = try group(ctx, try ctx.required("VServerGroupId"))
    let gone = Set(
      try Slb.servers(ctx, lb: try loadBalancer(of: g, ctx), needsPort: true, checkServers: false).map {
        "\($0.serverId):\($0.port ?? 0)"
      })
    let left = Slb.stored(g).filter { !gone.contains("\($0.serverId):\($0.port ?? 0)") }
    ctx.state.update(g.id) { $0["BackendServers"] = .array(left.map { .object($0.json) }) }
    return ["VServerGroupId": .string(g.id), "BackendServers": Slb.wrap(left)]
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let lb = try Slb.loadBalancer(ctx)
    let includeListeners = ctx.bool("IncludeListener") ?? false
    let state = ctx.state
    let items = ctx.state.list(kind) { $0.string("LoadBalancerId") == lb.id }.map { g -> JSONValue in
      let listeners =
        includeListeners
        ? state.list(ListenerFamily.kind) { $0.string("VServerGroupId") == g.id }.map { l -> JSONValue in
          ["Port": l["ListenerPort"] ?? .null, "Protocol": .string(l.string("ListenerProtocol"))]
        } : []
      return [
        "VServerGroupId": .string(g.id), "VServerGroupName": .string(g.string("VServerGroupName")),
        "CreateTime": .string(g.string("CreateTime")), "ServerCount": .int(Slb.stored(g).count),
        "Tags": g["Tags"] ?? ["Tag": []],
        "AssociatedObjects": ["Listeners": ["Listener": .array(listeners)], "Rules": ["Rule": []]],
      ]
    }
    return ["VServerGroups": ["VServerGroup": .array(items)]]
  }

  static func attribute(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let g = try group(ctx, try ctx.required("VServerGroupId"))
    let servers = Slb.stored(g).map { s -> JSONValue in
      var o = s.json
      o["ServerIp"] = .string(ctx.state[s.serverId]?.string("PrivateIpAddress") ?? "")
      return .object(o)
    }
    return [
      "VServerGroupId": .string(g.id), "VServerGroupName": .string(g.string("VServerGroupName")),
      "LoadBalancerId": .string(g.string("LoadBalancerId")), "CreateTime": .string(g.string("CreateTime")),
      "Tags": g["Tags"] ?? ["Tag": []], "BackendServers": ["BackendServer": .array(servers)],
    ]
  }
}
