import AliCloudCore
import Foundation

/// SNAT entries: CreateSnatEntry, DeleteSnatEntry, ModifySnatEntry, DescribeSnatTableEntries.
/// Every SNAT IP must be an EIP associated with the entry's NAT gateway. Status `Pending` →
/// `Available`; modify goes through `Modifying`, delete through `Deleting`.
enum SnatFamily: SimFamily {
  static let kind = "snatentry"

  static func register(_ r: inout SimRegistry) {
    r.on("Vpc", "CreateSnatEntry", create)
    r.on("Vpc", "DeleteSnatEntry", delete)
    r.on("Vpc", "ModifySnatEntry", modify)
    r.on("Vpc", "DescribeSnatTableEntries", describe)
  }

  static func ips(_ text: String) -> [String] {
    text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  /// Checks that every IP is an EIP in use by this NAT gateway; returns the normalised list.
  static func checkIps(_ ctx: SimContext, _ text: String?, nat: SimResource) throws(SimError) -> String {
    guard let text, !ips(text).isEmpty else {
      throw SimError("InvalidSnatIp.Malformed", "The SnatIp parameter must name at least one EIP address.")
    }
    for ip in ips(text) {
      guard Net.ipv4(ip) != nil else { throw SimError("InvalidSnatIp.Malformed", "\"\(ip)\" is not an IPv4 address.") }
      let eip = ctx.state.list(EipFamily.kind) { $0.string("IpAddress") == ip }.first
      guard let eip, eip.string("InstanceId") == nat.id, eip.status == "InUse" else {
        throw SimError("EIP_NOT_IN_GATEWAY", "The EIP \(ip) is not associated with NAT gateway \(nat.id).")
      }
    }
    return ips(text).joined(separator: ",")
  }

  static func table(_ ctx: SimContext) throws(SimError) -> SimResource {
    let t = try ctx.required("SnatTableId")
    guard let nat = NatGatewayFamily.owning(snatTable: t, ctx.state), !ctx.state.isBeingRemoved(nat.id) else {
      throw SimError.notFound("InvalidSnatTableId.NotFound", "SNAT table")
    }
    guard nat.status == "Available" else { throw SimError.incorrectStatus("IncorrectStatus.NATGW", "NAT gateway") }
    return nat
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    _ = try ctx.region()
    let nat = try table(ctx)
    let snatIp = try checkIps(ctx, ctx.string("SnatIp"), nat: nat)
    var cidr = ctx.string("SourceCIDR") ?? ""
    let vsw = ctx.string("SourceVSwitchId") ?? ""
    if !vsw.isEmpty {
      let v = try ctx.find(VSwitchFamily.kind, vsw, code: "InvalidVSwitchId.NotFound", what: "vSwitch")
      guard v.string("VpcId") == nat.string("VpcId") else {
        throw SimError("InvalidVSwitchId.NotInVpc", "The vSwitch \(vsw) is not in the NAT gateway's VPC.")
      }
      cidr = v.string("CidrBlock")
    } else if cidr.isEmpty {
      throw SimError.missingParameter("SourceVSwitchId")
    } else if Net.cidr(cidr) == nil {
      throw SimError("InvalidSourceCIDR.Malformed", "Specified SourceCIDR \"\(cidr)\" is not valid.")
    }
    let tableId = NatGatewayFamily.snatTableId(nat)
    if !ctx.state.list(kind, where: { $0.string("SnatTableId") == tableId && $0.string("SourceCIDR") == cidr }).isEmpty
    {
      throw SimError("Forbidden.SourceCIDR.Duplicated", "A SNAT entry for \(cidr) already exists in \(tableId).")
    }
    let id = ctx.newId("snat-")
    ctx.state.insert(
      kind: kind, id: id, region: nat.regionId,
      fields: [
        "SnatEntryId": .string(id), "SnatTableId": .string(tableId), "NatGatewayId": .string(nat.id),
        "SnatIp": .string(snatIp), "SourceCIDR": .string(cidr), "SourceVSwitchId": .string(vsw),
        "SnatEntryName": .string(ctx.string("SnatEntryName") ?? ""), "Status": "Pending", "EipAffinity": "0",
        "NetworkInterfaceId": "",
      ])
    ctx.state.scheduleStatus(id, "Available", after: ctx.delay(kind))
    return ["SnatEntryId": .string(id)]
  }

  static func entry(_ ctx: SimContext) throws(SimError) -> SimResource {
    let e = try ctx.find(kind, try ctx.required("SnatEntryId"), code: "InvalidSnatEntryId.NotFound", what: "SNAT entry")
    guard e.string("SnatTableId") == (try ctx.required("SnatTableId")) else {
      throw SimError.notFound("InvalidSnatEntryId.NotFound", "SNAT entry")
    }
    guard e.status == "Available" else { throw SimError.incorrectStatus("IncorretSnatEntryStatus", "SNAT entry") }
    return e
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    _ = try ctx.region()
    let e = try entry(ctx)
    ctx.state.update(e.id) { $0.status = "Deleting" }
    ctx.state.scheduleRemoval(e.id, after: ctx.delay(kind))
    return [:]
  }

  static func modify(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    _ = try ctx.region()
    let nat = try table(ctx)
    let e = try entry(ctx)
    var set: [String: JSONValue] = [:]
    if ctx.request.params["SnatIp"] != nil {
      set["SnatIp"] = .string(try checkIps(ctx, ctx.string("SnatIp"), nat: nat))
    }
    if let name = ctx.string("SnatEntryName") { set["SnatEntryName"] = .string(name) }
    ctx.state.update(e.id) { r in
      for (k, v) in set { r[k] = v }
      r.status = "Modifying"
    }
    ctx.state.scheduleStatus(e.id, "Available", after: ctx.delay(kind))
    return [:]
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let filters: [(String, String?)] = [
      ("SnatTableId", ctx.string("SnatTableId")), ("NatGatewayId", ctx.string("NatGatewayId")),
      ("SnatEntryId", ctx.string("SnatEntryId")), ("SourceCIDR", ctx.string("SourceCIDR")),
      ("SourceVSwitchId", ctx.string("SourceVSwitchId")), ("SnatEntryName", ctx.string("SnatEntryName")),
    ]
    let ip = ctx.string("SnatIp")
    let items = ctx.state.list(kind, region: region) { e in
      filters.allSatisfy { f in f.1 == nil || e.string(f.0) == f.1 }
        && (ip == nil || ips(e.string("SnatIp")).contains(ip!))
    }.map { JSONValue.object($0.fields) }
    return try ctx.pageNumberPage(items, list: "SnatTableEntries", item: "SnatTableEntry", maxSize: 100)
  }
}
