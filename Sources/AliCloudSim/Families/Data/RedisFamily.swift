import AliCloudCore
import Foundation

/// Redis (R-kvstore) instances: CreateInstance (`Creating` → `Normal`; `Token` de-duplication is
/// the engine's), DescribeInstances, DescribeInstanceAttribute, DeleteInstance (`Released`,
/// then gone), ModifySecurityGroupConfiguration, DescribeSecurityGroupConfiguration. A VPC
/// instance lives in a vSwitch, takes a private address from its CIDR and keeps the VPC and
/// vSwitch from being deleted.
enum RedisFamily: SimFamily {
  static let kind = "redis"

  static func register(_ r: inout SimRegistry) {
    r.on("R-kvstore", "CreateInstance", create)
    r.on("R-kvstore", "DescribeInstances", describe)
    r.on("R-kvstore", "DescribeInstanceAttribute", attribute)
    r.on("R-kvstore", "DeleteInstance", delete)
    r.on("R-kvstore", "ModifySecurityGroupConfiguration", securityGroups)
    r.on("R-kvstore", "DescribeSecurityGroupConfiguration", describeSecurityGroups)
    DataDependencies.register(&r, child: kind, what: "Redis instance")
  }

  static func find(_ ctx: SimContext, _ name: String = "InstanceId") throws(SimError) -> SimResource {
    let id = try ctx.required(name)
    guard let i = ctx.state.get(id, kind: kind), ctx.string("RegionId").map({ $0 == i.regionId }) ?? true else {
      throw SimError("InvalidInstanceId.NotFound", "The specified instance is not found.", status: 404)
    }
    return i
  }

  static func normal(_ ctx: SimContext, _ name: String = "InstanceId") throws(SimError) -> SimResource {
    let i = try find(ctx, name)
    guard i.status == "Normal" else {
      throw SimError("IncorrectInstanceStatus", "The instance \(i.id) is \(i.status); the operation needs Normal.")
    }
    return i
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let redisClass: RedisCatalogFamily.RedisClass
    if let c = ctx.string("InstanceClass") {
      guard let found = RedisCatalogFamily.classes.first(where: { $0.id == c }) else {
        throw SimError("InvalidInstanceClass.NotFound", "The specified InstanceClass \"\(c)\" is not valid.")
      }
      redisClass = found
    } else if let capacity = try ctx.int("Capacity") {
      guard let found = RedisCatalogFamily.classes.first(where: { $0.capacityMB == capacity }) else {
        throw SimError("InvalidCapacity.NotFound", "No instance class has a capacity of \(capacity) MB.")
      }
      redisClass = found
    } else {
      throw SimError.missingParameter("InstanceClass")
    }
    if let capacity = try ctx.int("Capacity"), capacity != redisClass.capacityMB {
      throw SimError("InvalidCapacity.NotFound", "The capacity \(capacity) MB does not match \(redisClass.id).")
    }
    if let p = ctx.params["Password"] {
      try Compute.checkPassword(p, code: "InvalidPassword.Malformed", specials: "!@#$%^&*()_+-=", maxLength: 32)
    }
    let version = ctx.string("EngineVersion") ?? "5.0"
    guard RedisCatalogFamily.versions.contains(version) else {
      throw SimError("InvalidEngineVersion.NotSupported", "The engine version \(version) is not supported.")
    }
    let charge = ctx.string("ChargeType") ?? "PostPaid"
    guard ["PostPaid", "PrePaid"].contains(charge) else {
      throw SimError.invalidParameter("ChargeType", "expected PostPaid or PrePaid")
    }
    let network = (ctx.string("NetworkType") ?? (ctx.string("VpcId") == nil ? "CLASSIC" : "VPC")).uppercased()
    var zone = ctx.string("ZoneId")
    var vpc = "", vSwitch = "", address = ""
    if network == "VPC" {
      let vpcId = try ctx.required("VpcId")
      let v = try Compute.vSwitch(ctx, try ctx.required("VSwitchId"))
      guard v.regionId == region else { throw SimError.notFound("InvalidVSwitchId.NotFound", "vSwitch") }
      guard v.string("VpcId") == vpcId else {
        throw SimError("InvalidVpcId.NotFound", "The vSwitch \(v.id) does not belong to the VPC \(vpcId).", status: 404)
      }
      if let z = zone, z != v.string("ZoneId") {
        throw SimError("InvalidParameter", "The zone \(z) is not the zone of the vSwitch \(v.id).")
      }
      zone = v.string("ZoneId")
      vpc = vpcId
      vSwitch = v.id
      address = try Compute.allocateAddress(ctx, vSwitch: v, requested: ctx.string("PrivateIpAddress"))
    } else if network == "CLASSIC" {
      address = "10.\(ctx.random(in: 121...127)).\(ctx.random(in: 0...255)).\(ctx.random(in: 2...254))"
    } else {
      throw SimError.invalidParameter("NetworkType", "expected VPC or CLASSIC")
    }
    let zoneId = zone ?? (SimRegions.find(region)?.zones.first ?? "")
    try Compute.checkZone(zoneId, region: region)
    let id = ctx.newId("r-", length: 18)
    let domain = "\(id).redis.rds.aliyuncs.com"
    let config = "{\"maxmemory-policy\":\"volatile-lru\",\"EvictionPolicy\":\"volatile-lru\"}"
    let fields: [String: JSONValue] = [
      "InstanceId": .string(id), "InstanceName": .string(ctx.string("InstanceName") ?? ""),
      "InstanceStatus": "Creating", "InstanceClass": .string(redisClass.id), "Capacity": .int(redisClass.capacityMB),
      "Bandwidth": .int(redisClass.bandwidth), "Connections": .int(redisClass.connections), "QPS": .int(redisClass.qps),
      "EngineVersion": .string(version), "InstanceType": "Redis", "ArchitectureType": "standard",
      "EditionType": "Community", "NodeType": .string(ctx.string("NodeType") ?? "double"),
      "ChargeType": .string(charge),
      "NetworkType": .string(network), "VpcId": .string(vpc), "VSwitchId": .string(vSwitch), "ZoneId": .string(zoneId),
      "SecondaryZoneId": .string(ctx.string("SecondaryZoneId") ?? ""), "RegionId": .string(region),
      "ConnectionDomain": .string(domain), "Port": .int(6379), "PrivateIp": .string(address),
      "UserName": .string(id), "Config": .string(config), "CreateTime": .string(ctx.timestamp),
      "EndTime": .string(charge == "PrePaid" ? "2099-12-31T16:00:00Z" : ""), "IsRds": true, "PackageType": "standard",
      "ResourceGroupId": .string(ctx.string("ResourceGroupId") ?? ctx.resourceGroupId), "ConnectionMode": "Standard",
      "Tags": ctx.keyValueTags, "SimSecurityIPList": "127.0.0.1", "SimSecurityGroupIds": .array([]),
    ]
    ctx.state.insert(kind: kind, id: id, region: region, fields: fields, statusField: "InstanceStatus")
    ctx.state.scheduleStatus(id, "Normal", after: ctx.delay(kind))
    var out: [String: JSONValue] = [:]
    for k in [
      "InstanceId", "InstanceName", "InstanceStatus", "Capacity", "Bandwidth", "Connections", "QPS", "NodeType",
      "ChargeType", "NetworkType", "VpcId", "VSwitchId", "ZoneId", "RegionId", "ConnectionDomain", "Port", "UserName",
      "Config", "EndTime",
    ] { out[k] = fields[k] }
    out["PrivateIpAddr"] = .string(address)
    out["OrderId"] = .int(ctx.random(in: 200_000_000_000...299_999_999_999))
    return out
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = ctx.string("RegionId") == nil ? nil : try ctx.region()
    let ids = Net.idList(ctx.string("InstanceIds"))
    if let ids, ids.count > 30 { throw SimError.invalidParameter("InstanceIds", "at most 30 ids") }
    let filters: [(String, String)] = [
      "InstanceStatus", "VpcId", "VSwitchId", "ZoneId", "NetworkType", "InstanceClass", "EngineVersion", "ChargeType",
      "InstanceType", "NodeType", "ArchitectureType", "EditionType",
    ].compactMap { k in ctx.string(k).map { (k, $0) } }
    let ip = ctx.string("PrivateIp")
    let items = ctx.state.list(kind, region: region) { i in
      (ids == nil || ids!.contains(i.id)) && filters.allSatisfy { i.string($0.0) == $0.1 }
        && (ip == nil || i.string("PrivateIp") == ip) && ctx.hasTags(i)
    }.map { JSONValue.object(Compute.visible($0)) }
    return try ctx.pageNumberPage(items, list: "Instances", item: "KVStoreInstance", defaultSize: 30, maxSize: 50)
  }

  static func attribute(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let i = try find(ctx)
    var o = Compute.visible(i)
    o["SecurityIPList"] = .string(i.string("SimSecurityIPList"))
    o["Engine"] = "Redis"
    o["VpcAuthMode"] = "Open"
    o["ReplicationMode"] = "master-slave"
    o["MaintainStartTime"] = "18:00Z"
    o["MaintainEndTime"] = "22:00Z"
    o["InstanceReleaseProtection"] = false
    return ["Instances": ["DBInstanceAttribute": [.object(o)]]]
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let i = try find(ctx)
    if i.status == "Released" { return [:] }
    if i.string("ChargeType") == "PrePaid" {
      throw SimError(
        "IncorrectInstanceChargeType", "A subscription instance cannot be released; it is released when it expires.",
        status: 403)
    }
    guard i.status == "Normal" else {
      throw SimError("IncorrectInstanceStatus", "The instance \(i.id) is \(i.status) and cannot be deleted now.")
    }
    ctx.state.update(i.id) { $0.status = "Released" }
    ctx.state.scheduleRemoval(i.id, after: ctx.delay(kind))
    return [:]
  }

  static func securityGroups(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let i = try normal(ctx, "DBInstanceId")
    _ = try SecurityGroupFamily.replaceGroups(&ctx, of: i, limit: 10)
    return [:]
  }

  /// `DescribeSecurityGroupConfiguration`: the instance's security groups, in any state.
  static func describeSecurityGroups(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    ["Items": SecurityGroupFamily.relations(of: try find(ctx))]
  }
}
