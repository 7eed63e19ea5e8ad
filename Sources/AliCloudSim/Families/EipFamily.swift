import AliCloudCore
import Foundation

/// Elastic IPs: AllocateEipAddress, ReleaseEipAddress, AssociateEipAddress,
/// UnassociateEipAddress, DescribeEipAddresses. `Available` ⇄ `Associating` → `InUse` →
/// `Unassociating` → `Available`. An associated EIP, or one in a bandwidth package, cannot be
/// released.
enum EipFamily: SimFamily {
  static let kind = "eip"
  /// Instance types whose target the simulator checks, and the resource kind they name.
  static let targets = ["Nat": "natgateway", "EcsInstance": "instance", "SlbInstance": "loadbalancer"]
  static let instanceTypes: Set<String> = [
    "EcsInstance", "SlbInstance", "Nat", "HaVip", "NetworkInterface", "IpAddress",
  ]

  static func register(_ r: inout SimRegistry) {
    r.on("Vpc", "AllocateEipAddress", allocate)
    r.on("Vpc", "ReleaseEipAddress", release)
    r.on("Vpc", "AssociateEipAddress", associate)
    r.on("Vpc", "UnassociateEipAddress", unassociate)
    r.on("Vpc", "DescribeEipAddresses", describe)
  }

  static func allocate(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let charge = ctx.string("InternetChargeType") ?? "PayByBandwidth"
    guard ["PayByBandwidth", "PayByTraffic"].contains(charge) else {
      throw SimError.invalidParameter("InternetChargeType", "expected PayByBandwidth or PayByTraffic")
    }
    let instanceCharge = ctx.string("InstanceChargeType") ?? "PostPaid"
    guard ["PostPaid", "PrePaid"].contains(instanceCharge) else {
      throw SimError.invalidParameter("InstanceChargeType", "expected PostPaid or PrePaid")
    }
    let bandwidth = ctx.string("Bandwidth") ?? "5"
    guard let bw = Int(bandwidth), (1...500).contains(bw) else {
      throw SimError.invalidParameter("Bandwidth", "expected 1 to 500 Mbit/s")
    }
    let id = ctx.newId("eip-")
    var address = ""
    repeat {
      address = "47.\(ctx.random(in: 96...120)).\(ctx.random(in: 0...255)).\(ctx.random(in: 1...254))"
    } while !ctx.state.list(kind, where: { $0.string("IpAddress") == address }).isEmpty
    ctx.state.insert(
      kind: kind, id: id, region: region,
      fields: [
        "AllocationId": .string(id), "IpAddress": .string(address), "RegionId": .string(region), "Status": "Available",
        "Bandwidth": .string(bandwidth), "EipBandwidth": .string(bandwidth), "InternetChargeType": .string(charge),
        "ChargeType": .string(instanceCharge), "ISP": .string(ctx.string("ISP") ?? "BGP"),
        "Name": .string(ctx.string("Name") ?? ""), "Description": .string(ctx.string("Description") ?? ""),
        "Netmode": .string(ctx.string("Netmode") ?? "public"), "AllocationTime": .string(ctx.timestamp),
        "InstanceId": "", "InstanceType": "", "InstanceRegionId": "", "PrivateIpAddress": "",
        "BandwidthPackageId": "", "BandwidthPackageType": "", "BandwidthPackageBandwidth": "",
        "BusinessStatus": "Normal", "ResourceGroupId": .string(ctx.resourceGroupId), "DeletionProtection": false,
        "Tags": ctx.keyValueTags,
        "Mode": "NAT",
      ])
    var out: [String: JSONValue] = [
      "AllocationId": .string(id), "EipAddress": .string(address), "ResourceGroupId": .string(ctx.resourceGroupId),
    ]
    if instanceCharge == "PrePaid" { out["OrderId"] = .int(ctx.random(in: 200_000_000...299_999_999)) }
    return out
  }

  static func eip(_ ctx: SimContext) throws(SimError) -> SimResource {
    try ctx.find(kind, try ctx.required("AllocationId"), code: "InvalidAllocationId.NotFound", what: "EIP")
  }

  static func release(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let e = try eip(ctx)
    if e.string("ChargeType") == "PrePaid" {
      throw SimError("Forbidden.ChargeTypeIsPrepaid", "It's forbidden to release a prepaid EIP")
    }
    guard e.status == "Available", e.string("InstanceId").isEmpty else {
      throw SimError(
        "IncorrectEipStatus", "The EIP \(e.id) is \(e.status) with \(e.string("InstanceId")); unassociate it first.")
    }
    guard e.string("BandwidthPackageId").isEmpty else {
      throw SimError(
        "IncorrectEipStatus",
        "The EIP \(e.id) is in shared bandwidth package \(e.string("BandwidthPackageId")); remove it first.")
    }
    ctx.state.remove(e.id)
    return [:]
  }

  static func associate(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let e = try eip(ctx)
    let target = try ctx.required("InstanceId")
    let type = ctx.string("InstanceType") ?? "EcsInstance"
    guard instanceTypes.contains(type) else {
      throw SimError.invalidParameter("InstanceType", "unknown type \"\(type)\"")
    }
    guard e.status == "Available", e.string("InstanceId").isEmpty else {
      throw SimError("IncorrectEipStatus", "The EIP \(e.id) is \(e.status) and cannot be associated.")
    }
    if let targetKind = targets[type] {
      guard let t = ctx.state.get(target, kind: targetKind), !ctx.state.isBeingRemoved(target) else {
        throw SimError(
          "InvalidInstanceId.NotFound", "The specified instance \"\(target)\" does not exist.", status: 404)
      }
      guard t.regionId == e.regionId else {
        throw SimError("InvalidRegionId.Mismatch", "The EIP and the instance are in different regions.")
      }
      if type == "Nat" && t.status != "Available" {
        throw SimError.incorrectStatus("IncorrectStatus.NatGateway", "NAT gateway")
      }
    }
    let privateIp = ctx.string("PrivateIpAddress") ?? ""
    ctx.state.update(e.id) { r in
      r["InstanceId"] = .string(target)
      r["InstanceType"] = .string(type)
      r["InstanceRegionId"] = .string(e.regionId)
      r["PrivateIpAddress"] = .string(privateIp)
      r.status = "Associating"
    }
    ctx.state.scheduleStatus(e.id, "InUse", after: ctx.delay(kind))
    return [:]
  }

  /// Clears the association now; the EIP shows `Unassociating` until the delay passes.
  static func detach(_ ctx: inout SimContext, _ id: String, after delay: TimeInterval) {
    ctx.state.update(id) { r in
      r["InstanceId"] = ""
      r["InstanceType"] = ""
      r["InstanceRegionId"] = ""
      r["PrivateIpAddress"] = ""
      r.status = delay > 0 ? "Unassociating" : "Available"
    }
    if delay > 0 { ctx.state.scheduleStatus(id, "Available", after: delay) }
  }

  static func unassociate(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let e = try eip(ctx)
    guard e.status == "InUse" else {
      throw SimError("IncorrectEipStatus", "The EIP \(e.id) is \(e.status) and cannot be unassociated.")
    }
    if let target = ctx.string("InstanceId"), target != e.string("InstanceId") {
      throw SimError("InvalidInstanceId.NotFound", "The EIP \(e.id) is not associated with \(target).", status: 404)
    }
    let bound = e.string("InstanceId")
    let snat = ctx.state.list(SnatFamily.kind) {
      $0.string("NatGatewayId") == bound && SnatFamily.ips($0.string("SnatIp")).contains(e.string("IpAddress"))
    }
    if let s = snat.first, ctx.bool("Force") != true {
      throw SimError("DependencyViolation.SnatEntry", "The EIP \(e.id) is used by SNAT entry \(s.id).")
    }
    detach(&ctx, e.id, after: ctx.delay(kind))
    return [:]
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let ids = Net.idList(ctx.string("AllocationId"))
    let filters: [(String, String?)] = [
      ("IpAddress", ctx.string("EipAddress")), ("InstanceId", ctx.string("AssociatedInstanceId")),
      ("InstanceType", ctx.string("AssociatedInstanceType")), ("Status", ctx.string("Status")),
      ("Name", ctx.string("EipName")), ("ISP", ctx.string("ISP")),
    ]
    let items = ctx.state.list(kind, region: region) { e in
      (ids == nil || ids!.contains(e.id)) && filters.allSatisfy { f in f.1 == nil || e.string(f.0) == f.1 }
        && ctx.hasTags(e)
    }.map { e -> JSONValue in
      var o = e.fields
      o["OperationLocks"] = ["LockReason": []]
      o["Tags"] = e["Tags"] ?? ["Tag": []]
      return .object(o)
    }
    return try ctx.pageNumberPage(items, list: "EipAddresses", item: "EipAddress", maxSize: 100)
  }
}
