import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

extension Resource {
  /// Entries live in an SNAT table: their scope is `["SnatTableId": table]`.
  static let snatEntry = Resource(
    kind: .snatEntry, noun: "SNAT entry", product: .vpc, describe: "DescribeSnatTableEntries",
    query: { ["SnatEntryId": .string($0)] }, list: "SnatTableEntries.SnatTableEntry", idField: "SnatEntryId",
    ready: ["Available"], deleteAction: "DeleteSnatEntry", deleteTakesToken: true,
    notFoundCodes: ["InvalidSnatEntryId.NotFound"])
}

/// SNAT entries: create, delete, append IPs, remove IPs. Their EIPs are bound to the NAT gateway
/// on the way in and unbound on the way out, unless another entry of the gateway still uses them.
enum SNATOperations {
  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.vpcNatSnatEntryCreate) { s in
        let (nat, table, ips) = try s.snatInputs()
        var p = s.input.forward(["snatEntryName": "SnatEntryName"])
        if let vsw = s.input.string("sourceVSwitchId") {
          p["SourceVSwitchId"] = .string(vsw)
        } else if let cidr = s.input.string("sourceCIDR") {
          p["SourceCIDR"] = .string(try Checks.cidr(cidr, field: "sourceCIDR"))
        } else {
          throw OperationFailure("missing input: one of sourceVSwitchId or sourceCIDR is required")
        }
        if let existing = try await s.findSnat(table: table, source: p) {
          let id = existing.text("SnatEntryId") ?? ""
          guard Set(ListSyntax.split(existing.text("SnatIp") ?? "")) == Set(ips) else {
            throw OperationFailure(
              "SNAT table \(table) already has entry \(id) for this source with IPs \(existing.text("SnatIp") ?? "")")
          }
          let out: [String: JSONValue] = ["snatEntryId": .string(id)]
          try await s.wait(.snatEntry, id, in: ["SnatTableId": .string(table)], from: existing, keeping: out)
          return out
        }
        // A failure leaves the EIPs bound: a re-send continues with the same ClientTokens, which
        // AliCloud answers from the first associations (undoing them would leave a re-send's
        // associations answered but not made); deleting the gateway or its entries unbinds them.
        _ = try await s.bindToNat(ips, nat: nat)
        p["SnatTableId"] = .string(table)
        p["SnatIp"] = .string(ListSyntax.join(ips))
        let r = try await s.call(.vpc, "CreateSnatEntry", p, idempotent: true)
        guard let id = r.text("SnatEntryId") else { throw OperationFailure("CreateSnatEntry answered without an id") }
        let out = outputs(["snatEntryId": id, "requestId": r.text("RequestId")])
        try await s.wait(.snatEntry, id, in: ["SnatTableId": .string(table)], keeping: out)
        return out
      },
      env.operation(.vpcNatSnatEntryDelete) { s in
        let nat = try s.input.require("natId")
        let table = try s.input.require("snatTableId")
        let id = try s.input.require("snatEntryId")
        let scope: [String: JSONValue] = ["SnatTableId": .string(table)]
        guard let entry = try await s.lookup(.snatEntry, id, in: scope) else { return [:] }
        let out = try await s.delete(.snatEntry, id, in: scope)
        try await s.unbindFromNat(ListSyntax.split(entry.text("SnatIp") ?? ""), nat: nat, snatTable: table)
        return out
      },
      env.operation(.vpcNatSnatEntryModifyAppend) { s in
        let (nat, table, ips) = try s.snatInputs()
        let id = try s.input.require("snatEntryId")
        let current = try await s.snatIps(id, table: table)
        let added = ips.filter { !current.contains($0) }
        guard !added.isEmpty else { return [:] }
        _ = try await s.bindToNat(added, nat: nat)
        return try await s.modifySnat(id, table: table, ips: current + added)
      },
      env.operation(.vpcNatSnatEntryModifyRemove) { s in
        let (nat, table, ips) = try s.snatInputs()
        let id = try s.input.require("snatEntryId")
        let current = try await s.snatIps(id, table: table)
        let remaining = current.filter { !ips.contains($0) }
        guard remaining.count < current.count else { return [:] }
        guard !remaining.isEmpty else {
          throw OperationFailure(
            "removing \(ListSyntax.join(current)) would leave SNAT entry \(id) without IPs; an SNAT entry needs at least "
              + "one, so delete it with vpc/nat/snat_entry/delete instead")
        }
        let out = try await s.modifySnat(id, table: table, ips: remaining)
        try await s.unbindFromNat(current.filter { ips.contains($0) }, nat: nat, snatTable: table)
        return out
      },
    ])
  }
}

extension CloudSession {
  /// `natId`, `snatTableId` and the IPv4 addresses of `snatIp` (list syntax, spaces removed).
  func snatInputs() throws(OperationFailure) -> (String, String, [String]) {
    let nat = try input.require("natId")
    let table = try input.require("snatTableId")
    let ips = ListSyntax.split(try input.require("snatIp"))
    guard !ips.isEmpty else {
      throw OperationFailure.invalid("snatIp", "no IP address in \"\(input.raw("snatIp") ?? "")\"")
    }
    for ip in ips where !Checks.isIPv4(ip) {
      throw OperationFailure.invalid("snatIp", "\"\(ip)\" is not an IPv4 address")
    }
    return (nat, table, ips)
  }

  /// The entry of `table` for the same source (vSwitch or CIDR), if any.
  func findSnat(table: String, source: [String: JSONValue]) async throws(OperationFailure) -> JSONValue? {
    var p: [String: JSONValue] = ["SnatTableId": .string(table)]
    for key in ["SourceVSwitchId", "SourceCIDR"] { if let v = source[key] { p[key] = v } }
    let r = try await call(.vpc, "DescribeSnatTableEntries", p)
    return r.items("SnatTableEntries.SnatTableEntry").first { e in
      ["SourceVSwitchId", "SourceCIDR"].allSatisfy { source[$0] == nil || e[$0] == source[$0] }
    }
  }

  func snatIps(_ id: String, table: String) async throws(OperationFailure) -> [String] {
    guard let e = try await lookup(.snatEntry, id, in: ["SnatTableId": .string(table)]) else {
      throw OperationFailure("SNAT entry \(id) is not in SNAT table \(table)")
    }
    return ListSyntax.split(e.text("SnatIp") ?? "")
  }

  func modifySnat(_ id: String, table: String, ips: [String]) async throws(OperationFailure) -> [String: JSONValue] {
    let joined = ListSyntax.join(ips)
    let r = try await callRetryingConflicts(
      .vpc, "ModifySnatEntry",
      ["SnatTableId": .string(table), "SnatEntryId": .string(id), "SnatIp": .string(joined)], kind: .snatEntry,
      what: "changing the IPs of \(id)", idempotent: true, tokenKey: joined, notFoundIsGone: false)
    try await wait(.snatEntry, id, in: ["SnatTableId": .string(table)])
    return outputs(["requestId": r?.text("RequestId")])
  }
}
