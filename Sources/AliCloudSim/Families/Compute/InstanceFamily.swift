import AliCloudCore
import Foundation

/// ECS instances: CreateInstance (`Pending` → `Stopped`, as AliCloud does), DescribeInstances,
/// DescribeInstanceStatus, DescribeInstanceAttribute. Life-cycle actions are in
/// `InstanceLifecycle`. Instances live in a vSwitch (network families) and take a private
/// address from its CIDR; each has a system disk and a small guest OS model (`GuestMachine`).
enum InstanceFamily: SimFamily {
  static let kind = "instance"

  static func register(_ r: inout SimRegistry) {
    r.on("Ecs", "CreateInstance", create)
    r.on("Ecs", "DescribeInstances", describe)
    r.on("Ecs", "DescribeInstanceStatus", describeStatus)
    r.on("Ecs", "DescribeInstanceAttribute", attribute)
    InstanceLifecycle.register(&r)
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let typeId = try ctx.required("InstanceType")
    guard let type = SimInstanceType.find(typeId) else {
      throw SimError(
        "InvalidInstanceType.ValueNotSupported", "The specified InstanceType \"\(typeId)\" is not valid.", status: 403)
    }
    let image = try ctx.required("ImageId")
    guard image.hasSuffix(".vhd") || image.hasPrefix("m-") else {
      throw SimError.notFound("InvalidImageId.NotFound", "image")
    }
    let vsw = try Compute.vSwitch(ctx, try ctx.required("VSwitchId"))
    guard vsw.regionId == region else { throw SimError.notFound("InvalidVSwitchId.NotFound", "vSwitch") }
    let zone = vsw.string("ZoneId")
    if let z = ctx.string("ZoneId"), z != zone {
      throw SimError(
        "InvalidParameter.Mismatch", "The specified ZoneId \(z) does not match the vSwitch's zone \(zone).")
    }
    guard type.inStock(zone: zone) else {
      throw SimError("OperationDenied.NoStock", "The instance type \(type.id) is out of stock in \(zone).", status: 403)
    }
    let group = try SecurityGroupFamily.group(ctx, try ctx.required("SecurityGroupId"), region: region)
    guard group.string("VpcId") == vsw.string("VpcId") else {
      throw SimError(
        "InvalidSecurityGroup.NotInVpc", "The security group \(group.id) does not belong to the vSwitch's VPC.",
        status: 403)
    }
    if let p = ctx.string("Password") { try Compute.checkPassword(p, code: "InvalidPassword.Malformed") }
    let charge = ctx.string("InstanceChargeType") ?? "PostPaid"
    guard ["PrePaid", "PostPaid"].contains(charge) else {
      throw SimError("InvalidInstanceChargeType.ValueNotSupported", "The specified InstanceChargeType is not valid.")
    }
    let internet = ctx.string("InternetChargeType") ?? "PayByTraffic"
    guard ["PayByTraffic", "PayByBandwidth"].contains(internet) else {
      throw SimError("InvalidInternetChargeType.ValueNotSupported", "The specified InternetChargeType is not valid.")
    }
    let systemSize = try ctx.int("SystemDisk.Size") ?? 40
    guard (20...2048).contains(systemSize) else {
      throw SimError("InvalidSystemDiskSize.ValueNotSupported", "The system disk size must be 20 to 2048 GiB.")
    }
    if ctx.bool("DryRun") == true {
      throw SimError("DryRunOperation", "Request validation has been passed with DryRun flag set.")
    }
    let ip = try Compute.allocateAddress(ctx, vSwitch: vsw, requested: ctx.string("PrivateIpAddress"))
    let id = ctx.newId("i-")
    let suffix = String(id.dropFirst(2))
    let systemDisk = DiskFamily.insertSystemDisk(
      &ctx, instance: id, region: region, zone: zone, size: systemSize,
      category: ctx.string("SystemDisk.Category") ?? "cloud_efficiency")
    ctx.state.insert(
      kind: kind, id: id, region: region,
      fields: [
        "InstanceId": .string(id), "InstanceName": .string(ctx.string("InstanceName") ?? id),
        "HostName": .string(ctx.string("HostName") ?? "iZ\(suffix)Z"),
        "Description": .string(ctx.string("Description") ?? ""),
        "InstanceType": .string(type.id), "InstanceTypeFamily": .string(type.family), "Cpu": .int(type.cores),
        "Memory": .int(Int(type.memoryGiB * 1024)), "ImageId": .string(image), "OSType": "linux",
        "OSName": "Alibaba Cloud Linux 3", "OSNameEn": "Alibaba Cloud Linux 3", "RegionId": .string(region),
        "ZoneId": .string(zone), "Status": "Pending", "InstanceNetworkType": "vpc",
        "InstanceChargeType": .string(charge),
        "InternetChargeType": .string(internet),
        "InternetMaxBandwidthIn": .int(try ctx.int("InternetMaxBandwidthIn") ?? 200),
        "InternetMaxBandwidthOut": .int(try ctx.int("InternetMaxBandwidthOut") ?? 0), "IoOptimized": true,
        "VpcId": .string(vsw.string("VpcId")), "VSwitchId": .string(vsw.id), "PrivateIpAddress": .string(ip),
        "SecurityGroupIds": .array([.string(group.id)]), "CreationTime": .string(ctx.timestamp), "StartTime": "",
        "ExpiredTime": .string(Subscription.expiry(ctx, prepaid: charge == "PrePaid")),
        "SerialNumber": .string("sn-\(suffix)"), "StoppedMode": "Not-applicable",
        "DeletionProtection": .bool(ctx.bool("DeletionProtection") ?? false),
        "KeyPairName": .string(ctx.string("KeyPairName") ?? ""),
        "ResourceGroupId": .string(ctx.string("ResourceGroupId") ?? ctx.resourceGroupId), "Tags": Compute.tags(ctx),
        "NetworkInterfaceId": .string("eni-\(suffix)"), "MacAddress": .string(mac(suffix)),
        "SimSystemDiskId": .string(systemDisk),
        "SimFiles": ["/etc/fstab": .string("UUID=\(GuestMachine.uuid(systemDisk)) / ext4 defaults 1 1\n")],
        "SimDirs": .array(GuestMachine.baseDirectories.map { .string($0) }), "SimMounts": .array([]),
      ])
    ctx.state.scheduleStatus(id, "Stopped", after: ctx.delay(kind))
    var out: [String: JSONValue] = ["InstanceId": .string(id), "TradePrice": .double(charge == "PrePaid" ? 0 : 0.0)]
    if charge == "PrePaid" { out["OrderId"] = .string(String(ctx.random(in: 200_000_000_000...299_999_999_999))) }
    return out
  }

  static func mac(_ seed: String) -> String {
    let hex = Array(seed.unicodeScalars.map { String(format: "%02x", Int($0.value) & 0xff) }.joined().suffix(10))
    return "00:16:3e:" + stride(from: 0, to: 6, by: 2).map { String(hex[$0..<$0 + 2]) }.joined(separator: ":")
  }

  static func find(_ ctx: SimContext, _ id: String) throws(SimError) -> SimResource {
    guard let i = ctx.state.get(id, kind: kind), !ctx.state.isBeingRemoved(id) else {
      throw SimError.notFound("InvalidInstanceId.NotFound", "instance")
    }
    return i
  }

  /// An instance as DescribeInstances lists it.
  static func item(_ i: SimResource) -> [String: JSONValue] {
    var o = Compute.visible(i)
    let ip = i.string("PrivateIpAddress")
    o["SecurityGroupIds"] = ["SecurityGroupId": i["SecurityGroupIds"] ?? .array([])]
    o["VpcAttributes"] = [
      "VpcId": .string(i.string("VpcId")), "VSwitchId": .string(i.string("VSwitchId")), "NatIpAddress": "",
      "PrivateIpAddress": ["IpAddress": [.string(ip)]],
    ]
    o["NetworkInterfaces"] = [
      "NetworkInterface": [
        [
          "NetworkInterfaceId": .string(i.string("NetworkInterfaceId")), "MacAddress": .string(i.string("MacAddress")),
          "PrimaryIpAddress": .string(ip), "Type": "Primary",
          "PrivateIpSets": ["PrivateIpSet": [["PrivateIpAddress": .string(ip), "Primary": true]]],
        ]
      ]
    ]
    o["PublicIpAddress"] = ["IpAddress": []]
    o["InnerIpAddress"] = ["IpAddress": []]
    o["EipAddress"] = ["AllocationId": "", "IpAddress": "", "Bandwidth": 0, "InternetChargeType": ""]
    o["OperationLocks"] = ["LockReason": []]
    for k in ["VpcId", "VSwitchId", "PrivateIpAddress", "NetworkInterfaceId", "MacAddress"] { o[k] = nil }
    return o
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let ids = try Compute.jsonIds(ctx, "InstanceIds")
    let ips = try Compute.jsonIds(ctx, "PrivateIpAddresses")
    let filters: [(String, String)] = [
      "VpcId", "VSwitchId", "ZoneId", "Status", "InstanceName", "InstanceType",
      "InstanceTypeFamily", "ImageId", "InstanceChargeType",
    ].compactMap { k in ctx.string(k).map { (k, $0) } }
    let group = ctx.string("SecurityGroupId")
    let items = ctx.state.list(kind, region: region) { i in
      (ids == nil || ids!.contains(i.id)) && (ips == nil || ips!.contains(i.string("PrivateIpAddress")))
        && filters.allSatisfy { i.string($0.0) == $0.1 } && ctx.hasTags(i)
        && (group == nil || SimContext.mentions(i["SecurityGroupIds"] ?? .null, group!))
    }.map { JSONValue.object(item($0)) }
    return try Compute.page(ctx, items, list: "Instances", item: "Instance")
  }

  static func describeStatus(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let ids = ctx.list("InstanceId")
    let zone = ctx.string("ZoneId")
    let items = ctx.state.list(kind, region: region) { i in
      (ids.isEmpty || ids.contains(i.id)) && (zone == nil || i.string("ZoneId") == zone)
    }.map { i -> JSONValue in ["InstanceId": .string(i.id), "Status": .string(i.status)] }
    return try ctx.pageNumberPage(items, list: "InstanceStatuses", item: "InstanceStatus")
  }

  static func attribute(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    var o = item(try find(ctx, try ctx.required("InstanceId")))
    o["NetworkInterfaces"] = nil
    o["IoOptimized"] = "optimized"
    return o
  }
}
