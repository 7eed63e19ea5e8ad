import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

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
          try await s.waitSnat(id, table: table, keeping: ["snatEntryId": .string(id)])
          return ["snatEntryId": .string(id)]
        }
        let bound = try await s.bindToNat(ips, nat: nat)
        p["SnatTableId"] = .string(table)
        p["SnatIp"] = .string(ListSyntax.join(ips))
        let r: JSONValue
        do {
          r = try await s.call(.vpc, "CreateSnatEntry", p, idempotent: true)
        } catch {
          for id in bound {  // best effort: leave the EIPs as they were
            _ = try? await s.send(
              .vpc, "UnassociateEipAddress",
              ["AllocationId": .string(id), "InstanceId": .string(nat), "InstanceType": "Nat"])
          }
          throw error
        }
        guard let id = r.text("SnatEntryId") else { throw OperationFailure("CreateSnatEntry answered without an id") }
        let out = outputs(["snatEntryId": id, "requestId": r.text("RequestId")])
        try await s.waitSnat(id, table: table, keeping: out)
        return out
      },
      env.operation(.vpcNatSnatEntryDelete) { s in
        let nat = try s.input.require("natId")
        let table = try s.input.require("snatTableId")
        let id = try s.input.require("snatEntryId")
        guard let entry = try await s.lookupSnat(id, table: table) else { return [:] }
        let r = try await s.callRetryingConflicts(
          .vpc, "DeleteSnatEntry", ["SnatTableId": .string(table), "SnatEntryId": .string(id)], kind: "snat_entry",
          what: "deleting \(id)", idempotent: true)
        try await s.waitGone(id, kind: "snat_entry") { .of(try await s.findSnat(id, table: table)) }
        try await s.unbindFromNat(ListSyntax.split(entry.text("SnatIp") ?? ""), nat: nat, snatTable: table)
        return outputs(["requestId": r?.text("RequestId")])
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

  func findSnat(_ id: String, table: String) async throws(AliCloudError) -> JSONValue? {
    try await find(
      .vpc, "DescribeSnatTableEntries", ["SnatTableId": .string(table), "SnatEntryId": .string(id)],
      list: "SnatTableEntries.SnatTableEntry", idField: "SnatEntryId", id: id)
  }

  func lookupSnat(_ id: String, table: String) async throws(OperationFailure) -> JSONValue? {
    do { return try await findSnat(id, table: table) } catch { throw OperationFailure.cloud(error) }
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
    guard let e = try await lookupSnat(id, table: table) else {
      throw OperationFailure("SNAT entry \(id) is not in SNAT table \(table)")
    }
    return ListSyntax.split(e.text("SnatIp") ?? "")
  }

  func waitSnat(_ id: String, table: String, keeping out: [String: JSONValue]) async throws(OperationFailure) {
    try await wait(for: id, kind: "snat_entry", until: ["Available"], keeping: out) {
      .of(try await self.findSnat(id, table: table))
    }
  }

  func modifySnat(_ id: String, table: String, ips: [String]) async throws(OperationFailure) -> [String: JSONValue] {
    let joined = ListSyntax.join(ips)
    let r = try await callRetryingConflicts(
      .vpc, "ModifySnatEntry",
      ["SnatTableId": .string(table), "SnatEntryId": .string(id), "SnatIp": .string(joined)], kind: "snat_entry",
      what: "changing the IPs of \(id)", idempotent: true, tokenKey: joined, notFoundIsGone: false)
    try await waitSnat(id, table: table, keeping: [:])
    return outputs(["requestId": r?.text("RequestId")])
  }
}
