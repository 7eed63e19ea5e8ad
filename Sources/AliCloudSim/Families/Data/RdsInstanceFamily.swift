import AliCloudCore
import Foundation

/// RDS instances: CreateDBInstance (`Creating` → `Running`), DeleteDBInstance (`Deleting`, then
/// gone with its accounts and backups), DescribeDBInstances, DescribeDBInstanceAttribute,
/// DescribeDBInstanceNetInfo, ModifySecurityGroupConfiguration, DescribeSecurityGroupConfiguration.
/// A VPC instance lives in a vSwitch, takes a private address from its CIDR and keeps the VPC and
/// vSwitch from being deleted.
enum RdsInstanceFamily: SimFamily {
  static let kind = "dbinstance"

  static func register(_ r: inout SimRegistry) {
    r.on("Rds", "CreateDBInstance", create)
    r.on("Rds", "DeleteDBInstance", delete)
    r.on("Rds", "DescribeDBInstances", describe)
    r.on("Rds", "DescribeDBInstanceAttribute", attribute)
    r.on("Rds", "DescribeDBInstanceNetInfo", netInfo)
    r.on("Rds", "ModifySecurityGroupConfiguration", securityGroups)
    r.on("Rds", "DescribeSecurityGroupConfiguration", describeSecurityGroups)
    DataDependencies.register(&r, child: kind, what: "RDS instance")
  }

  /// The instance named by `DBInstanceId` (a deleting one too).
  static func find(_ ctx: SimContext) throws(SimError) -> SimResource {
    let id = try ctx.required("DBInstanceId")
    guard let db = ctx.state.get(id, kind: kind), ctx.string("RegionId").map({ $0 == db.regionId }) ?? true else {
      throw SimError("InvalidDBInstanceId.NotFound", "The specified instance is not found.", status: 404)
    }
    return db
  }

  /// The instance, which must be `Running` for the change.
  static func running(_ ctx: SimContext) throws(SimError) -> SimResource {
    let db = try find(ctx)
    guard db.status == "Running" else {
      throw SimError(
        "OperationDenied.DBInstanceStatus",
        "The operation is not permitted due to status \(db.status) of the instance.",
        status: 403)
    }
    return db
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let engine = try RdsCatalog.engine(try ctx.required("Engine"))
    let version = try ctx.required("EngineVersion")
    try RdsCatalog.checkVersion(engine, version)
    let classId = try ctx.required("DBInstanceClass")
    guard let dbClass = RdsCatalog.dbClass(classId), dbClass.engine == engine else {
      throw SimError("InvalidDBInstanceClass.NotFound", "The specified DBInstanceClass \"\(classId)\" is not found.")
    }
    let category = ctx.string("Category") ?? dbClass.categories.first!
    let storageType =
      ctx.string("DBInstanceStorageType") ?? (dbClass.storageTypes.contains("local_ssd") ? "local_ssd" : "cloud_essd")
    guard dbClass.categories.contains(category), dbClass.storageTypes.contains(storageType) else {
      throw SimError(
        "InvalidDBInstanceClass.NotFound",
        "The class \(classId) is not sold for category \(category) with storage \(storageType).")
    }
    let storage = try ctx.int("DBInstanceStorage") ?? 0
    let range = RdsCatalog.storageRange[storageType]!
    guard (range.0...range.1).contains(storage), storage % range.2 == 0 else {
      throw SimError(
        "InvalidDBInstanceStorage.Malformed",
        "DBInstanceStorage must be \(range.0) to \(range.1) GB in steps of \(range.2) for \(storageType).")
    }
    let netType = try ctx.required("DBInstanceNetType")
    guard ["Internet", "Intranet"].contains(netType) else {
      throw SimError.invalidParameter("DBInstanceNetType", "expected Internet or Intranet")
    }
    let payText = try ctx.required("PayType").lowercased()
    guard ["postpaid", "prepaid"].contains(payText) else {
      throw SimError.invalidParameter("PayType", "expected Postpaid or Prepaid")
    }
    let payType = payText == "postpaid" ? "Postpaid" : "Prepaid"
    let ips = try RdsAccessFamily.ipList(try ctx.required("SecurityIPList"))
    let vpcId = ctx.string("VPCId")
    let network = ctx.string("InstanceNetworkType") ?? (vpcId == nil ? "Classic" : "VPC")
    guard ["VPC", "Classic"].contains(network) else {
      throw SimError.invalidParameter("InstanceNetworkType", "expected VPC or Classic")
    }
    var zone = ctx.string("ZoneId")
    var vpc = "", vSwitch = "", address = ""
    if network == "VPC" {
      guard let vpcId else { throw SimError.missingParameter("VPCId") }
      let switches = Net.idList(try ctx.required("VSwitchId")) ?? []
      guard let first = switches.first else { throw SimError.missingParameter("VSwitchId") }
      let v = try Compute.vSwitch(ctx, first)
      guard v.regionId == region else { throw SimError.notFound("InvalidVSwitchId.NotFound", "vSwitch") }
      guard v.string("VpcId") == vpcId else {
        throw SimError(
          "InvalidVPCId.NotFound", "The vSwitch \(first) does not belong to the VPC \(vpcId).", status: 404)
      }
      let z = zone ?? v.string("ZoneId")
      guard let members = RdsCatalog.members(z, region: region), members.contains(v.string("ZoneId")) else {
        throw SimError("InvalidParameter", "The zone \(z) does not match the zone of the vSwitch \(first).")
      }
      zone = z
      vpc = vpcId
      vSwitch = v.id
      address = try Compute.allocateAddress(ctx, vSwitch: v, requested: ctx.string("PrivateIpAddress"))
    } else {
      address = "10.\(ctx.random(in: 100...120)).\(ctx.random(in: 0...255)).\(ctx.random(in: 2...254))"
    }
    let zoneId = zone ?? (SimRegions.find(region)?.zones.first ?? "")
    guard let members = RdsCatalog.members(zoneId, region: region) else {
      throw SimError(
        "InvalidZoneId.NotFound", "The specified zone \"\(zoneId)\" does not exist in \(region).", status: 404)
    }
    guard RdsCatalog.categories(engine: engine, zone: zoneId, region: region).contains(category) else {
      throw SimError("InvalidParameter", "The category \(category) is not sold in zone \(zoneId).")
    }
    let id = ctx.newId("rm-")
    let host = "\(id).\(engine.lowercased()).rds.aliyuncs.com"
    ctx.state.insert(
      kind: kind, id: id, region: region,
      fields: [
        "DBInstanceId": .string(id), "DBInstanceStatus": "Creating", "Engine": .string(engine),
        "EngineVersion": .string(version), "DBInstanceClass": .string(classId),
        "DBInstanceCPU": .string(String(dbClass.cores)), "DBInstanceMemory": .int(dbClass.memoryGiB * 1024),
        "DBInstanceStorage": .int(storage), "DBInstanceStorageType": .string(storageType),
        "Category": .string(category), "DBInstanceNetType": .string(netType), "InstanceNetworkType": .string(network),
        "VpcId": .string(vpc), "VSwitchId": .string(vSwitch), "ZoneId": .string(zoneId),
        "MasterZone": .string(members[0]), "MutriORsignle": .bool(members.count > 1), "RegionId": .string(region),
        "PayType": .string(payType), "ConnectionString": .string(host), "Port": "3306", "ConnectionMode": "Standard",
        "DBInstanceType": "Primary", "DBInstanceDescription": .string(ctx.string("DBInstanceDescription") ?? id),
        "LockMode": "Unlock", "LockReason": "", "CreateTime": .string(ctx.timestamp),
        "CreationTime": .string(ctx.timestamp), "ExpireTime": "", "DeletionProtection": false,
        "ResourceGroupId": .string(ctx.string("ResourceGroupId") ?? ctx.resourceGroupId),
        "MaxConnections": .int(dbClass.cores * 2000), "MaxIOPS": .int(dbClass.cores * 6000),
        "SimPrivateIpAddress": .string(address),
        "SimIPArrays": [
          [
            "DBInstanceIPArrayName": "default", "DBInstanceIPArrayAttribute": "", "SecurityIPType": "ipv4",
            "SecurityIPList": .string(ips.joined(separator: ",")),
          ]
        ],
        "SimSecurityGroupIds": .array([]),
      ], statusField: "DBInstanceStatus")
    ctx.state.scheduleStatus(id, "Running", after: ctx.delay(kind))
    var out: [String: JSONValue] = [
      "DBInstanceId": .string(id), "ConnectionString": .string(host), "Port": "3306",
      "OrderId": .string(String(ctx.random(in: 200_000_000_000...299_999_999_999))),
    ]
    if payType == "Prepaid" { out["TaskId"] = .string(String(ctx.random(in: 100_000_000...199_999_999))) }
    return out
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let db = try find(ctx)
    if db.status == "Deleting" { return ["RegionId": .string(db.regionId)] }
    if db.string("PayType").lowercased() == "prepaid" {
      throw SimError(
        "OperationDenied.PayType", "The operation is not permitted due to the pay type (subscription) of the instance.",
        status: 403)
    }
    guard db.status == "Running" else {
      throw SimError(
        "OperationDenied.DBInstanceStatus",
        "The operation is not permitted due to status \(db.status) of the instance.",
        status: 403)
    }
    let delay = ctx.delay(kind)
    ctx.state.update(db.id) { $0.status = "Deleting" }
    for child in ctx.state.resources.values where child.kind != kind && child.string("DBInstanceId") == db.id {
      ctx.state.scheduleRemoval(child.id, after: delay)
    }
    ctx.state.scheduleRemoval(db.id, after: delay)
    return ["RegionId": .string(db.regionId)]
  }

  static func item(_ db: SimResource) -> [String: JSONValue] { Compute.visible(db) }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let ids = Net.idList(ctx.string("DBInstanceId"))
    let filters: [(String, String)] = [
      "Engine", "DBInstanceStatus", "VpcId", "VSwitchId", "ZoneId", "InstanceNetworkType", "DBInstanceClass",
      "ConnectionString", "PayType", "Category",
    ].compactMap { k in ctx.string(k).map { (k, $0) } }
    let items = ctx.state.list(kind, region: region) { db in
      (ids == nil || ids!.contains(db.id)) && filters.allSatisfy { db.string($0.0) == $0.1 }
    }.map { db -> JSONValue in
      var o = item(db)
      for k in ["MaxConnections", "MaxIOPS", "DBInstanceStorage", "Port", "MasterZone", "CreationTime"] { o[k] = nil }
      o["ReadOnlyDBInstanceIds"] = ["ReadOnlyDBInstanceId": []]
      return .object(o)
    }
    var page = try ctx.pageNumberPage(
      items, list: "Items", item: "DBInstance", defaultSize: 30, maxSize: 100,
      totalKey: "TotalRecordCount")
    page["PageRecordCount"] = .int(page["Items"]?["DBInstance"]?.arrayValue?.count ?? 0)
    page["PageSize"] = nil
    return page
  }

  static func attribute(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let db = try find(ctx)
    var o = item(db)
    o["CreateTime"] = nil
    o["SecurityIPList"] = .string(RdsAccessFamily.arrays(db).first?["SecurityIPList"]?.stringValue ?? "")
    o["SecurityIPMode"] = "normal"
    o["IPType"] = "IPv4"
    o["ReadOnlyDBInstanceIds"] = ["ReadOnlyDBInstanceId": []]
    o["SlaveZones"] = ["SlaveZone": []]
    o["AccountMaxQuantity"] = .int(500)
    o["DBMaxQuantity"] = .int(500)
    o["DBInstanceClassType"] = "x"
    o["MaintainTime"] = "18:00Z-22:00Z"
    return ["Items": ["DBInstanceAttribute": [.object(o)]]]
  }

  static func netInfo(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let db = try find(ctx)
    let vpc = db.string("InstanceNetworkType") == "VPC"
    let info: JSONValue = [
      "ConnectionString": .string(db.string("ConnectionString")), "Port": .string(db.string("Port")),
      "IPAddress": .string(db.string("SimPrivateIpAddress")), "IPType": .string(vpc ? "Private" : "Inner"),
      "VPCId": .string(db.string("VpcId")), "VSwitchId": .string(db.string("VSwitchId")), "Upgradeable": "Disabled",
      "ConnectionStringType": "Normal", "DBInstanceWeights": ["DBInstanceWeight": []],
      "SecurityIPGroups": ["securityIPGroup": []],
    ]
    return [
      "DBInstanceNetInfos": ["DBInstanceNetInfo": [info]],
      "InstanceNetworkType": .string(db.string("InstanceNetworkType")),
      "SecurityIPMode": "normal",
    ]
  }

  static func securityGroups(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let db = try running(ctx)
    let groups = try SecurityGroupFamily.replaceGroups(&ctx, of: db, limit: 3)
    return ["DBInstanceName": .string(db.id), "Items": SecurityGroupFamily.relations(of: db, groups: groups)]
  }

  /// `DescribeSecurityGroupConfiguration`: the instance's security groups, in any state.
  static func describeSecurityGroups(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let db = try find(ctx)
    return ["DBInstanceName": .string(db.id), "Items": SecurityGroupFamily.relations(of: db)]
  }
}
