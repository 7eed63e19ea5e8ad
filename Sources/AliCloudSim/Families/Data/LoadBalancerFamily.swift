import AliCloudCore
import Foundation

/// SLB (CLB) load balancers: CreateLoadBalancer (`inactive` → `active`), DeleteLoadBalancer
/// (removes its listeners and VServer groups with it, at once, as AliCloud does),
/// DescribeLoadBalancers, DescribeLoadBalancerAttribute, and the default server group
/// (AddBackendServers, RemoveBackendServers). An intranet load balancer in a vSwitch takes its
/// address from the vSwitch CIDR and keeps the VPC and vSwitch from being deleted.
enum LoadBalancerFamily: SimFamily {
  static let kind = "loadbalancer"
  static let specs: Set<String> = [
    "slb.s1.small", "slb.s2.small", "slb.s2.medium", "slb.s3.small", "slb.s3.medium", "slb.s3.large",
  ]

  static func register(_ r: inout SimRegistry) {
    r.on("Slb", "CreateLoadBalancer", create)
    r.on("Slb", "DeleteLoadBalancer", delete)
    r.on("Slb", "DescribeLoadBalancers", describe)
    r.on("Slb", "DescribeLoadBalancerAttribute", attribute)
    r.on("Slb", "AddBackendServers", addServers)
    r.on("Slb", "RemoveBackendServers", removeServers)
    DataDependencies.register(&r, child: kind, what: "load balancer")
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let addressType = (ctx.string("AddressType") ?? "internet").lowercased()
    guard ["internet", "intranet"].contains(addressType) else {
      throw SimError.invalidParameter("AddressType", "expected internet or intranet")
    }
    let charge = (ctx.string("InternetChargeType") ?? "paybytraffic").lowercased()
    guard ["paybytraffic", "paybybandwidth"].contains(charge) else {
      throw SimError.invalidParameter("InternetChargeType", "expected paybytraffic or paybybandwidth")
    }
    let payType = ctx.string("PayType") ?? "PayOnDemand"
    guard ["PayOnDemand", "PrePay"].contains(payType) else {
      throw SimError.invalidParameter("PayType", "expected PayOnDemand or PrePay")
    }
    let bandwidth = try ctx.int("Bandwidth") ?? (charge == "paybybandwidth" ? 1 : 5120)
    guard (1...5120).contains(bandwidth) else { throw SimError.invalidParameter("Bandwidth", "expected 1 to 5120") }
    if let spec = ctx.string("LoadBalancerSpec"), !specs.contains(spec) {
      throw SimError("InvalidParameter.LoadBalancerSpec", "The specified LoadBalancerSpec \"\(spec)\" is not valid.")
    }
    let ipVersion = ctx.string("AddressIPVersion") ?? "ipv4"
    guard ["ipv4", "ipv6"].contains(ipVersion) else {
      throw SimError.invalidParameter("AddressIPVersion", "expected ipv4 or ipv6")
    }
    var vpc = "", vSwitch = "", address = ""
    var zone = SimRegions.find(region)?.zones.first ?? ""
    if addressType == "intranet", let vswId = ctx.string("VSwitchId") {
      let v = try Compute.vSwitch(ctx, vswId)
      guard v.regionId == region else { throw SimError.notFound("InvalidVSwitchId.NotFound", "vSwitch") }
      if let given = ctx.string("VpcId"), given != v.string("VpcId") {
        throw SimError("InvalidParameter", "The vSwitch \(vswId) does not belong to the VPC \(given).")
      }
      vpc = v.string("VpcId")
      vSwitch = v.id
      zone = v.string("ZoneId")
      address = try Compute.allocateAddress(ctx, vSwitch: v, requested: ctx.string("Address"))
    } else if addressType == "internet" && ctx.string("VSwitchId") != nil {
      throw SimError("InvalidParameter", "An internet load balancer cannot be placed in a vSwitch.")
    } else if addressType == "intranet" {
      address = "10.\(ctx.random(in: 0...255)).\(ctx.random(in: 0...255)).\(ctx.random(in: 2...254))"
    } else {
      address = Compute.publicAddress(&ctx)
    }
    if let master = ctx.string("MasterZoneId") {
      try Compute.checkZone(master, region: region)
      if !vSwitch.isEmpty && master != zone {
        throw SimError("InvalidParameter", "The MasterZoneId \(master) is not the zone of the vSwitch.")
      }
      zone = master
    }
    let slave = ctx.string("SlaveZoneId") ?? (SimRegions.find(region)?.zones.first { $0 != zone } ?? "")
    let id = ctx.newId("lb-")
    let name = ctx.string("LoadBalancerName") ?? "auto_named_slb"
    let created = ctx.now
    ctx.state.insert(
      kind: kind, id: id, region: region,
      fields: [
        "LoadBalancerId": .string(id), "LoadBalancerName": .string(name), "LoadBalancerStatus": "inactive",
        "Address": .string(address), "AddressType": .string(addressType), "AddressIPVersion": .string(ipVersion),
        "NetworkType": .string(vpc.isEmpty ? "classic" : "vpc"), "VpcId": .string(vpc),
        "VSwitchId": .string(vSwitch), "RegionId": .string(region), "RegionIdAlias": .string(region),
        "MasterZoneId": .string(zone), "SlaveZoneId": .string(slave),
        "InternetChargeType": .string(charge), "InternetChargeTypeAlias": .string(charge),
        "Bandwidth": .int(bandwidth), "PayType": .string(payType),
        "InstanceChargeType": .string(ctx.string("InstanceChargeType") ?? "PayBySpec"),
        "LoadBalancerSpec": .string(ctx.string("LoadBalancerSpec") ?? ""),
        "DeleteProtection": .string(ctx.string("DeleteProtection") ?? "off"),
        "ModificationProtectionStatus": .string(ctx.string("ModificationProtectionStatus") ?? "NonProtection"),
        "ModificationProtectionReason": .string(ctx.string("ModificationProtectionReason") ?? ""),
        "ResourceGroupId": .string(ctx.string("ResourceGroupId") ?? ctx.resourceGroupId),
        "CreateTime": .string(SimTime.format(created)),
        "CreateTimeStamp": .int(Int(created.timeIntervalSince1970 * 1000)), "Tags": Compute.tags(ctx),
        "BackendServers": .array([]),
      ], statusField: "LoadBalancerStatus")
    ctx.state.scheduleStatus(id, "active", after: ctx.delay(kind))
    var out: [String: JSONValue] = [
      "LoadBalancerId": .string(id), "Address": .string(address), "LoadBalancerName": .string(name),
      "VpcId": .string(vpc), "VSwitchId": .string(vSwitch), "NetworkType": .string(vpc.isEmpty ? "classic" : "vpc"),
      "AddressIPVersion": .string(ipVersion),
      "ResourceGroupId": .string(ctx.string("ResourceGroupId") ?? ctx.resourceGroupId),
    ]
    if payType == "PrePay" { out["OrderId"] = .int(ctx.random(in: 200_000_000_000...299_999_999_999)) }
    return out
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let lb = try Slb.loadBalancer(ctx)
    if lb.string("DeleteProtection") == "on" {
      throw SimError(
        "OperationFailed.DeleteProtection", "The load balancer \(lb.id) has deletion protection enabled.")
    }
    for l in Slb.listeners(ctx.state, lb: lb.id) { ctx.state.remove(l.id) }
    for g in ctx.state.list(VServerGroupFamily.kind, where: { $0.string("LoadBalancerId") == lb.id }) {
      ctx.state.remove(g.id)
    }
    ctx.state.remove(lb.id)
    return [:]
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let ids = Net.idList(ctx.string("LoadBalancerId"))
    let filters: [(String, String)] = [
      "VpcId", "VSwitchId", "AddressType", "NetworkType", "LoadBalancerName", "Address", "LoadBalancerStatus",
      "MasterZoneId", "PayType", "AddressIPVersion", "ResourceGroupId",
    ].compactMap { k in ctx.string(k).map { (k, $0) } }
    let server = ctx.string("ServerId")
    let items = ctx.state.list(kind, region: region) { lb in
      (ids == nil || ids!.contains(lb.id)) && filters.allSatisfy { lb.string($0.0) == $0.1 } && ctx.hasTags(lb)
        && (server == nil || Slb.stored(lb).contains { $0.serverId == server })
    }.map { lb -> JSONValue in
      var o = Compute.visible(lb)
      o["BackendServers"] = nil
      return .object(o)
    }
    return try ctx.pageNumberPage(items, list: "LoadBalancers", item: "LoadBalancer", maxSize: 100)
  }

  static func attribute(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let lb = try Slb.loadBalancer(ctx)
    var o = Compute.visible(lb)
    let listeners = Slb.listeners(ctx.state, lb: lb.id).sorted {
      ($0["ListenerPort"]?.intValue ?? 0) < ($1["ListenerPort"]?.intValue ?? 0)
    }
    o["ListenerPorts"] = ["ListenerPort": .array(listeners.map { $0["ListenerPort"] ?? .null })]
    o["ListenerPortsAndProtocol"] = [
      "ListenerPortAndProtocol": .array(
        listeners.map {
          [
            "ListenerPort": $0["ListenerPort"] ?? .null, "ListenerProtocol": .string($0.string("ListenerProtocol")),
            "Description": .string($0.string("Description")),
          ]
        })
    ]
    o["ListenerPortsAndProtocal"] = [
      "ListenerPortAndProtocal": .array(
        listeners.map {
          ["ListenerPort": $0["ListenerPort"] ?? .null, "ListenerProtocal": .string($0.string("ListenerProtocol"))]
        })
    ]
    o["BackendServers"] = Slb.wrap(Slb.stored(lb))
    o["EndTime"] = "2999-09-08T16:00:00Z"
    o["EndTimeStamp"] = .int(32_493_801_600_000)
    o["AutoReleaseTime"] = .int(0)
    o["RenewalStatus"] = "AutoRenewal"
    o["RenewalDuration"] = .int(0)
    o["RenewalCycUnit"] = ""
    return o
  }

  static func addServers(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let lb = try Slb.loadBalancer(ctx)
    var current = Slb.stored(lb)
    for s in try Slb.servers(ctx, lb: lb, needsPort: false) {
      if let i = current.firstIndex(where: { $0.serverId == s.serverId }) { current[i] = s } else { current.append(s) }
    }
    ctx.state.update(lb.id) { $0["BackendServers"] = .array(current.map { .object($0.json) }) }
    return ["LoadBalancerId": .string(lb.id), "BackendServers": Slb.wrap(current)]
  }

  static func removeServers(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let lb = try Slb.loadBalancer(ctx)
    let gone = Set(try Slb.servers(ctx, lb: lb, needsPort: false, checkServers: false).map(\.serverId))
    let left = Slb.stored(lb).filter { !gone.contains($0.serverId) }
    ctx.state.update(lb.id) { $0["BackendServers"] = .array(left.map { .object($0.json) }) }
    return ["LoadBalancerId": .string(lb.id), "BackendServers": Slb.wrap(left)]
  }
}
