import AliCloudCore
import Foundation

/// Helpers shared by the SLB (CLB) families: load balancer and listener look-ups and the
/// `BackendServers` JSON parameter.
enum Slb {
  /// One backend server as `BackendServers` sends it: `{"ServerId","Port","Weight","Type","Description"}`.
  struct Server: Equatable {
    var serverId: String
    var port: Int?
    var weight: Int
    var type: String
    var description: String

    var json: [String: JSONValue] {
      var o: [String: JSONValue] = [
        "ServerId": .string(serverId), "Weight": .int(weight), "Type": .string(type),
        "Description": .string(description),
      ]
      if let port { o["Port"] = .int(port) }
      return o
    }

    static func from(_ v: JSONValue) -> Server? {
      guard let id = v["ServerId"]?.stringValue else { return nil }
      return Server(
        serverId: id, port: v["Port"]?.intValue, weight: v["Weight"]?.intValue ?? 100,
        type: v["Type"]?.stringValue ?? "ecs", description: v["Description"]?.stringValue ?? "")
    }
  }

  /// The load balancer named by `LoadBalancerId`, in the request's region when one is given.
  static func loadBalancer(_ ctx: SimContext) throws(SimError) -> SimResource {
    let id = try ctx.required("LoadBalancerId")
    guard let lb = ctx.state.get(id, kind: LoadBalancerFamily.kind),
      ctx.string("RegionId").map({ $0 == lb.regionId }) ?? true
    else {
      throw SimError("InvalidLoadBalancerId.NotFound", "The specified LoadBalancerId does not exist.", status: 404)
    }
    return lb
  }

  /// Parses `BackendServers`; `needsPort` for VServer groups, whose members name their port.
  static func servers(_ ctx: SimContext, lb: SimResource, needsPort: Bool, checkServers: Bool = true)
    throws(SimError) -> [Server]
  {
    let raw = try ctx.required("BackendServers")
    guard let items = (try? JSONValue.parse(raw))?.arrayValue, !items.isEmpty else {
      throw SimError("InvalidParameter", "The specified parameter \"BackendServers\" is not a non-empty JSON array.")
    }
    guard items.count <= 20 else {
      throw SimError("BackendServers.Exceeded", "At most 20 backend servers can be given in one call.")
    }
    var out: [Server] = []
    for item in items {
      guard let id = item["ServerId"]?.stringValue, !id.isEmpty else {
        throw SimError("InvalidParameter", "Every backend server needs a ServerId.")
      }
      let port = try number(item["Port"], "Port", range: 1...65535)
      let weight = try number(item["Weight"], "Weight", range: 0...100) ?? 100
      if needsPort && port == nil {
        throw SimError("InvalidParameter", "The backend server \(id) needs a Port between 1 and 65535.")
      }
      let type = item["Type"]?.stringValue ?? "ecs"
      guard ["ecs", "eni", "eci"].contains(type) else {
        throw SimError("InvalidParameter", "The backend server type \"\(type)\" is not valid.")
      }
      if checkServers && type == "ecs" { try checkInstance(ctx, id, lb: lb) }
      out.append(
        Server(
          serverId: id, port: needsPort ? port : nil, weight: weight, type: type,
          description: item["Description"]?.stringValue ?? ""))
    }
    return out
  }

  /// A number member given as a string or a number, within a range.
  static func number(_ v: JSONValue?, _ name: String, range: ClosedRange<Int>) throws(SimError) -> Int? {
    guard let v, !v.isNull else { return nil }
    guard let n = v.intValue ?? v.stringValue.flatMap({ Int($0) }), range.contains(n) else {
      throw SimError(
        "InvalidParameter", "The backend server \(name) must be between \(range.lowerBound) and \(range.upperBound).")
    }
    return n
  }

  /// A backend ECS instance must exist in the load balancer's region and, for a VPC load
  /// balancer, in its VPC.
  static func checkInstance(_ ctx: SimContext, _ id: String, lb: SimResource) throws(SimError) {
    guard let i = ctx.state.get(id, kind: InstanceFamily.kind), !ctx.state.isBeingRemoved(id), i.regionId == lb.regionId
    else {
      throw SimError("InvalidParameter", "The specified backend server \(id) does not exist.", status: 404)
    }
    let vpc = lb.string("VpcId")
    if !vpc.isEmpty && i.string("VpcId") != vpc {
      throw SimError(
        "InvalidParameter", "The backend server \(id) is not in the VPC \(vpc) of the load balancer \(lb.id).")
    }
  }

  /// `{"BackendServer": [...]}`.
  static func wrap(_ servers: [Server]) -> JSONValue {
    ["BackendServer": .array(servers.map { .object($0.json) })]
  }

  static func stored(_ r: SimResource) -> [Server] {
    (r["BackendServers"]?.arrayValue ?? []).compactMap(Server.from)
  }

  /// The listeners of a load balancer, optionally of one port and protocol.
  static func listeners(_ state: SimState, lb: String, port: Int? = nil, proto: String? = nil) -> [SimResource] {
    state.list(ListenerFamily.kind) { l in
      l.string("LoadBalancerId") == lb && (port == nil || l["ListenerPort"]?.intValue == port)
        && (proto == nil || l.string("ListenerProtocol") == proto)
    }
  }
}
