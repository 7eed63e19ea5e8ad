import AliCloudCore
import Foundation

/// Helpers shared by the compute and data families (ECS, SLB, RDS, R-kvstore).
enum Compute {
  /// Fields whose names start with this prefix are the simulator's own bookkeeping (guest file
  /// systems, mounts); describe calls never show them.
  static let privatePrefix = "Sim"

  /// A resource's fields as a describe call shows them.
  static func visible(_ r: SimResource) -> [String: JSONValue] { r.fields.filter { !$0.key.hasPrefix(privatePrefix) } }

  /// Ids from a JSON array string (`InstanceIds=["i-1","i-2"]`), as ECS filters take them.
  static func jsonIds(_ ctx: SimContext, _ name: String, limit: Int = 100) throws(SimError) -> [String]? {
    guard let raw = ctx.string(name) else { return nil }
    guard let arr = try? JSONValue.parse(raw).arrayValue else {
      throw SimError("Invalid\(name).Malformed", "The specified parameter \"\(name)\" is not a valid JSON array.")
    }
    let ids = arr.compactMap(\.stringValue)
    guard ids.count == arr.count else {
      throw SimError("Invalid\(name).Malformed", "The specified parameter \"\(name)\" must hold strings only.")
    }
    guard ids.count <= limit else {
      throw SimError("Invalid\(name).Malformed", "The specified parameter \"\(name)\" holds more than \(limit) ids.")
    }
    return ids
  }

  /// Tags from `Tag.N.Key` / `Tag.N.Value`, in the describe shape `{"Tag": [{TagKey, TagValue}]}`.
  static func tags(_ ctx: SimContext, _ name: String = "Tag") -> JSONValue {
    let items: [JSONValue] = ctx.objects(name).compactMap { o in
      guard let k = o["Key"], !k.isEmpty else { return nil }
      return ["TagKey": .string(k), "TagValue": .string(o["Value"] ?? "")]
    }
    return ["Tag": .array(items)]
  }

  /// `PageNumber`/`PageSize` paging unless the caller uses `NextToken`/`MaxResults`.
  static func page(
    _ ctx: SimContext, _ items: [JSONValue], list: String, item: String, maxPageSize: Int = 100,
    maxResults: Int = 100
  ) throws(SimError) -> [String: JSONValue] {
    if ctx.string("NextToken") != nil || ctx.string("MaxResults") != nil {
      return try ctx.nextTokenPage(items, list: list, item: item, limit: maxResults)
    }
    return try ctx.pageNumberPage(items, list: list, item: item, maxSize: maxPageSize)
  }

  /// The zone must belong to the region.
  static func checkZone(_ zone: String, region: String) throws(SimError) {
    guard SimRegions.find(region)?.zones.contains(zone) == true else {
      throw SimError(
        "InvalidZoneId.NotFound", "The specified zone \"\(zone)\" does not exist in \(region).", status: 404)
    }
  }

  /// A usable vSwitch (from the network families) for a new resource.
  static func vSwitch(_ ctx: SimContext, _ id: String) throws(SimError) -> SimResource {
    guard let v = ctx.state.get(id, kind: "vswitch"), !ctx.state.isBeingRemoved(id) else {
      throw SimError.notFound("InvalidVSwitchId.NotFound", "vSwitch")
    }
    guard v.status == "Available" else { throw SimError.incorrectStatus("IncorrectVSwitchStatus", "vSwitch") }
    return v
  }

  /// The fields that hold a resource's private address: ECS `PrivateIpAddress`, SLB `Address`,
  /// Redis `PrivateIp`, and the simulator's own `SimPrivateIpAddress` (RDS).
  static let addressFields = ["PrivateIpAddress", "Address", "PrivateIp", "SimPrivateIpAddress"]

  /// Every private address taken in a vSwitch, by any family.
  static func usedAddresses(_ state: SimState, vSwitch: String) -> Set<String> {
    Set(
      state.resources.values.filter { $0.string("VSwitchId") == vSwitch || $0.string("VswitchId") == vSwitch }
        .flatMap { r in addressFields.map { r.string($0) } }.filter { !$0.isEmpty })
  }

  /// A private address in the vSwitch's CIDR: the requested one if valid and free, else the
  /// first free one (AliCloud keeps the first three and the last address of a block).
  static func allocateAddress(_ ctx: SimContext, vSwitch v: SimResource, requested: String?) throws(SimError) -> String
  {
    guard let cidr = Net.cidr(v.string("CidrBlock")) else {
      throw SimError.internalError
    }
    let size = UInt32(1) << UInt32(32 - cidr.1)
    let used = usedAddresses(ctx.state, vSwitch: v.id)
    if let r = requested {
      guard let ip = Net.ipv4(r), Net.contains(cidr, (ip, 32)), ip - cidr.0 >= 3, ip - cidr.0 < size - 1 else {
        throw SimError(
          "InvalidPrivateIpAddress.Malformed", "The specified private IP \(r) is not a usable address of \(v.id).")
      }
      guard !used.contains(r) else {
        throw SimError("InvalidPrivateIpAddress.Duplicated", "The specified private IP \(r) is already in use.")
      }
      return r
    }
    var offset: UInt32 = 3
    while offset < size - 1 {
      let text = format(cidr.0 + offset)
      if !used.contains(text) { return text }
      offset += 1
    }
    throw SimError("InvalidVSwitchId.IpNotEnough", "The vSwitch \(v.id) has no free private IP address.")
  }

  static func format(_ ip: UInt32) -> String { "\(ip >> 24).\(ip >> 16 & 255).\(ip >> 8 & 255).\(ip & 255)" }

  /// A public address from a simulated pool (documentation range 203.0.113.0/24 and beyond).
  static func publicAddress(_ ctx: inout SimContext) -> String {
    "47.\(ctx.random(in: 90...120)).\(ctx.random(in: 0...255)).\(ctx.random(in: 1...254))"
  }

  /// AliCloud's password rule (ECS, RDS, Redis): 8–30 characters (Redis 8–32), at least three
  /// of upper case, lower case, digits and the allowed special characters, nothing else.
  static func checkPassword(
    _ p: String, code: String, specials: String = "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/", maxLength: Int = 30
  ) throws(SimError) {
    let kinds = [
      p.contains { $0.isASCII && $0.isUppercase }, p.contains { $0.isASCII && $0.isLowercase },
      p.contains { $0.isASCII && $0.isNumber }, p.contains { specials.contains($0) },
    ].filter { $0 }.count
    let allowed = p.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || specials.contains($0) }
    guard (8...maxLength).contains(p.count), kinds >= 3, allowed, !p.hasPrefix("/") else {
      throw SimError(
        code,
        "The password must be 8 to \(maxLength) characters long and contain three of: upper case letters, "
          + "lower case letters, digits and special characters.")
    }
  }
}

extension SimError {
  static func unsupportedBySimulator(_ what: String) -> SimError {
    SimError("UnsupportedOperation", "The simulator does not support \(what).")
  }
}
