import AliCloudCore
import Foundation

/// SLB listeners, one per load balancer port and protocol (TCP and UDP may share a port):
/// CreateLoadBalancer{TCP,UDP,HTTP}Listener (`stopped`), StartLoadBalancerListener (`running`),
/// StopLoadBalancerListener, DeleteLoadBalancerListener, DescribeLoadBalancerListeners. A
/// listener may forward to a VServer group of its load balancer (`VServerGroupId`).
enum ListenerFamily: SimFamily {
  static let kind = "slblistener"
  static let schedulers: Set<String> = ["wrr", "wlc", "rr", "sch", "tch", "qch"]

  static func register(_ r: inout SimRegistry) {
    r.on("Slb", "CreateLoadBalancerTCPListener") { ctx throws(SimError) in try create(&ctx, "tcp") }
    r.on("Slb", "CreateLoadBalancerUDPListener") { ctx throws(SimError) in try create(&ctx, "udp") }
    r.on("Slb", "CreateLoadBalancerHTTPListener") { ctx throws(SimError) in try create(&ctx, "http") }
    r.on("Slb", "StartLoadBalancerListener") { ctx throws(SimError) in try setStatus(&ctx, "running") }
    r.on("Slb", "StopLoadBalancerListener") { ctx throws(SimError) in try setStatus(&ctx, "stopped") }
    r.on("Slb", "DeleteLoadBalancerListener", delete)
    r.on("Slb", "DescribeLoadBalancerListeners", describe)
  }

  static func create(_ ctx: inout SimContext, _ proto: String) throws(SimError) -> [String: JSONValue] {
    let lb = try Slb.loadBalancer(ctx)
    let port = try ctx.int("ListenerPort") ?? 0
    guard (1...65535).contains(port) else { throw SimError.invalidParameter("ListenerPort", "expected 1 to 65535") }
    for other in Slb.listeners(ctx.state, lb: lb.id, port: port) {
      let pair: Set<String> = [proto, other.string("ListenerProtocol")]
      if pair != ["tcp", "udp"] {
        throw SimError("ListenerAlreadyExists", "The listener port \(port) of \(lb.id) is already in use.")
      }
    }
    let bandwidth = try ctx.int("Bandwidth") ?? -1
    guard bandwidth == -1 || (1...5120).contains(bandwidth) else {
      throw SimError.invalidParameter("Bandwidth", "expected -1 or 1 to 5120")
    }
    let backendPort = try ctx.int("BackendServerPort")
    if let p = backendPort, !(1...65535).contains(p) {
      throw SimError.invalidParameter("BackendServerPort", "expected 1 to 65535")
    }
    let scheduler = ctx.string("Scheduler") ?? "wrr"
    guard schedulers.contains(scheduler) else { throw SimError.invalidParameter("Scheduler") }
    var group = ""
    if let g = ctx.string("VServerGroupId") {
      let found = try VServerGroupFamily.group(ctx, g)
      guard found.string("LoadBalancerId") == lb.id else {
        throw SimError("InvalidParameter", "The VServer group \(g) does not belong to the load balancer \(lb.id).")
      }
      group = g
    }
    var config: [String: JSONValue] = [
      "HealthCheck": .string(ctx.string("HealthCheck") ?? (proto == "http" ? "off" : "on")),
      "HealthyThreshold": .int(try ctx.int("HealthyThreshold") ?? 3),
      "UnhealthyThreshold": .int(try ctx.int("UnhealthyThreshold") ?? 3),
    ]
    if proto == "http" {
      guard ["on", "off"].contains(config["HealthCheck"]?.stringValue ?? "") else {
        throw SimError.invalidParameter("HealthCheck", "expected on or off")
      }
      let sticky = ctx.string("StickySession") ?? "off"
      guard ["on", "off"].contains(sticky) else {
        throw SimError.invalidParameter("StickySession", "expected on or off")
      }
      if sticky == "on" {
        guard let type = ctx.string("StickySessionType"), ["insert", "server"].contains(type) else {
          throw SimError.invalidParameter("StickySessionType", "expected insert or server when StickySession is on")
        }
        config["StickySessionType"] = .string(type)
      }
      config["StickySession"] = .string(sticky)
      config["XForwardedFor"] = .string(ctx.string("XForwardedFor") ?? "on")
      config["Gzip"] = .string(ctx.string("Gzip") ?? "on")
      config["IdleTimeout"] = .int(try ctx.int("IdleTimeout") ?? 15)
      config["RequestTimeout"] = .int(try ctx.int("RequestTimeout") ?? 60)
      config["ListenerForward"] = .string(ctx.string("ListenerForward") ?? "off")
    } else {
      config["HealthCheckConnectTimeout"] = .int(try ctx.int("HealthCheckConnectTimeout") ?? 5)
    }
    if proto == "tcp" {
      config["PersistenceTimeout"] = .int(try ctx.int("PersistenceTimeout") ?? 0)
      config["EstablishedTimeout"] = .int(try ctx.int("EstablishedTimeout") ?? 900)
      config["HealthCheckType"] = .string(ctx.string("HealthCheckType") ?? "tcp")
    }
    let id = "\(lb.id)/\(proto)/\(port)"
    var fields: [String: JSONValue] = [
      "LoadBalancerId": .string(lb.id), "ListenerPort": .int(port), "ListenerProtocol": .string(proto),
      "Status": "stopped", "Bandwidth": .int(bandwidth), "Scheduler": .string(scheduler),
      "VServerGroupId": .string(group), "Description": .string(ctx.string("Description") ?? ""),
      "AclStatus": .string(ctx.string("AclStatus") ?? "off"), "AclType": .string(ctx.string("AclType") ?? ""),
      "AclId": .string(ctx.string("AclId") ?? ""), "Tags": .array([]),
      "\(proto.uppercased())ListenerConfig": .object(config),
    ]
    if let backendPort { fields["BackendServerPort"] = .int(backendPort) }
    ctx.state.insert(kind: kind, id: id, region: lb.regionId, fields: fields)
    return [:]
  }

  /// The listener named by `ListenerPort` (and `ListenerProtocol` when the port has two).
  static func listener(_ ctx: SimContext) throws(SimError) -> SimResource {
    let lb = try Slb.loadBalancer(ctx)
    let port = try ctx.int("ListenerPort")
    let proto = ctx.string("ListenerProtocol")?.lowercased()
    let found = Slb.listeners(ctx.state, lb: lb.id, port: port, proto: proto)
    guard let first = found.first else {
      throw SimError("InvalidParameter", "The specified resource does not exist. (listener \(port ?? 0) of \(lb.id))")
    }
    guard found.count == 1 else {
      throw SimError("InvalidParameter", "The port \(port ?? 0) has several listeners; ListenerProtocol is needed.")
    }
    return first
  }

  static func setStatus(_ ctx: inout SimContext, _ status: String) throws(SimError) -> [String: JSONValue] {
    let l = try listener(ctx)
    ctx.state.update(l.id) { $0.status = status }
    return [:]
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    ctx.state.remove(try listener(ctx).id)
    return [:]
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = ctx.string("RegionId") == nil ? nil : try ctx.region()
    let lbs = ctx.list("LoadBalancerId")
    let proto = ctx.string("ListenerProtocol")?.lowercased()
    let port = try ctx.int("ListenerPort")
    let text = ctx.string("Description")
    let items = ctx.state.list(kind, region: region) { l in
      (lbs.isEmpty || lbs.contains(l.string("LoadBalancerId")))
        && (proto == nil || l.string("ListenerProtocol") == proto)
        && (port == nil || l["ListenerPort"]?.intValue == port)
        && (text == nil || l.string("Description").contains(text!))
    }.map { JSONValue.object(Compute.visible($0)) }
    var page = try ctx.nextTokenPage(items, list: "Listeners", item: "Listener", defaultMax: 20)
    page["Listeners"] = page["Listeners"]?["Listener"] ?? .array([])
    page["MaxResults"] = .int(try ctx.int("MaxResults") ?? 20)
    return page
  }
}
