import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

extension Resource {
  static let eip = Resource(
    kind: .eip, noun: "EIP", product: .vpc, describe: "DescribeEipAddresses", list: "EipAddresses.EipAddress",
    idField: "AllocationId", ready: ["Available", "InUse"], deleteAction: "ReleaseEipAddress",
    notFoundCodes: ["InvalidAllocationId.NotFound"])
}

/// `vpc/eip/allocate`, `vpc/eip/release`, `vpc/eip/associate`, `vpc/eip/un-associate`. Every
/// allocated EIP joins a common bandwidth package: the one named `cbpName` (created when
/// missing), else a package of its own, named with the EIP's allocation id. A release deletes
/// the package with its last EIP, and any empty package of either name: a release interrupted at
/// any step, or an allocate that failed after making the package, is finished by a re-send.
enum EIPOperations {
  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.vpcEipAllocate) { s in
        var p: [String: JSONValue] = ["AutoPay": "true"]
        if let bw = try s.input.int("bandwidth") {
          guard bw > 0 else { throw OperationFailure.invalid("bandwidth", "\(bw) is not a positive number of Mbps") }
          p["Bandwidth"] = .string(String(bw))
        }
        if let v = try s.input.oneOf("instanceChargeType") {
          p["InstanceChargeType"] = .string(v)
        }
        let metering = try s.input.oneOf("internetChargeType")
        if let metering { p["InternetChargeType"] = .string(metering) }
        if let v = try s.input.oneOf("pricingCycle") { p["PricingCycle"] = .string(v) }
        if let v = try s.input.int("period") { p["Period"] = .string(String(v)) }
        let cbpName = s.input.string("cbpName")
        let made = try await s.findOrCreate(
          .eip, existing: "allocationId", output: "allocationId",
          fields: { eip, created in outputs(["eipAddress": eip.text(created ? "EipAddress" : "IpAddress")]) },
          create: .call("AllocateEipAddress", p))
        var out = made.out
        var cbpId = made.created ? nil : made.item?.text("BandwidthPackageId")
        let allocationId = out["allocationId"]?.stringValue ?? ""
        if let name = cbpName { out["cbpName"] = .string(name) }
        if cbpId == nil {
          var package: [String: JSONValue] = ["Bandwidth": p["Bandwidth"] ?? "5"]
          if metering == "PayByBandwidth" { package["InternetChargeType"] = "PayByBandwidth" }
          // A package of its own is named with the allocation id, so a release finds it even
          // when the EIP never joined it.
          let id = try await s.commonBandwidthPackage(
            named: cbpName ?? allocationId, creating: package, keeping: out)
          out["cbpId"] = .string(id)
          _ = try await s.callRetryingConflicts(
            .vpc, "AddCommonBandwidthPackageIp",
            ["BandwidthPackageId": .string(id), "IpInstanceId": .string(allocationId)],
            kind: .eip, what: "adding \(allocationId) to \(id)", idempotent: true, notFoundIsGone: false, keeping: out)
          cbpId = id
        }
        out["cbpId"] = cbpId.map(JSONValue.string)
        return out
      },
      env.operation(.vpcEipRelease) { s in
        let id = try s.input.require("allocationId")
        let names = [s.input.string("cbpName"), id].compactMap { $0 }
        guard let eip = try await s.lookup(.eip, id) else {
          try await s.deleteEmptyPackages(named: names)
          return [:]
        }
        if let owner = eip.text("InstanceId") {
          _ = try await s.callRetryingConflicts(
            .vpc, "UnassociateEipAddress",
            [
              "AllocationId": .string(id), "InstanceId": .string(owner),
              "InstanceType": .string(eip.text("InstanceType") ?? ""),
            ],
            kind: .eip, what: "unassociating \(id) from \(owner)", idempotent: true)
          try await s.waitWhile(.eip, id, leaving: ["Unassociating"])
        }
        if let cbp = eip.text("BandwidthPackageId") {
          try await s.leavePackage(cbp, allocationId: id)
        }
        let out = try await s.delete(.eip, id)
        try await s.deleteEmptyPackages(named: names)
        return out
      },
      env.operation(.vpcEipAssociate) { s in
        let id = try s.input.require("allocationId")
        let target = try s.input.require("instanceId")
        let type = try s.input.oneOf(
          "instanceType", ["Nat", "SlbInstance", "EcsInstance", "HaVip", "NetworkInterface"])
        let eip = try await s.require(.eip, id)
        var out: [String: JSONValue] = [:]
        switch eip.text("InstanceId") {
        case target?:
          try await s.wait(.eip, id, until: ["InUse"], failOn: ["Available"], from: eip)
          return out
        case let other?: throw OperationFailure("EIP \(id) is associated with \(other); unassociate it first")
        case nil:
          var p = s.input.forward(["instanceRegionId": "InstanceRegionId"])
          p.merge(["AllocationId": .string(id), "InstanceId": .string(target)]) { _, b in b }
          if let type { p["InstanceType"] = .string(type) }
          let r = try await s.callRetryingConflicts(
            .vpc, "AssociateEipAddress", p, kind: .eip, what: "associating \(id) with \(target)", idempotent: true,
            notFoundIsGone: false)
          out = outputs(["requestId": r?.text("RequestId")])
        }
        try await s.wait(.eip, id, until: ["InUse"], failOn: ["Available"])
        return out
      },
      env.operation(.vpcEipUnAssociate) { s in
        let id = try s.input.require("allocationId")
        let target = try s.input.require("instanceId")
        guard let eip = try await s.lookup(.eip, id), let owner = eip.text("InstanceId") else { return [:] }
        guard owner == target else {
          throw OperationFailure("EIP \(id) is associated with \(owner), not with \(target)")
        }
        let r = try await s.callRetryingConflicts(
          .vpc, "UnassociateEipAddress",
          [
            "AllocationId": .string(id), "InstanceId": .string(target),
            "InstanceType": .string(eip.text("InstanceType") ?? ""),
          ],
          kind: .eip, what: "unassociating \(id) from \(target)", idempotent: true)
        try await s.waitWhile(.eip, id, leaving: ["Unassociating", "InUse"])
        return outputs(["requestId": r?.text("RequestId")])
      },
    ])
  }
}

extension CloudSession {
  /// The id of the package named `name` (created when there is none), or of a new unnamed one.
  /// Serialised per region and name, so concurrent inputs share one package.
  func commonBandwidthPackage(
    named name: String?, creating params: [String: JSONValue], keeping out: [String: JSONValue]
  ) async throws(OperationFailure) -> String {
    let create: @Sendable () async throws -> String = {
      var p = params
      if let name {
        let r = try await self.call(.vpc, "DescribeCommonBandwidthPackages", ["Name": .string(name)], keeping: out)
        let found = r.items("CommonBandwidthPackages.CommonBandwidthPackage").first { $0.text("Name") == name }
        if let id = found?.text("BandwidthPackageId") { return id }
        p["Name"] = .string(name)
      }
      let r = try await self.call(
        .vpc, "CreateCommonBandwidthPackage", p, idempotent: true, tokenKey: name ?? "", keeping: out)
      guard let id = r.text("BandwidthPackageId") else {
        throw OperationFailure("CreateCommonBandwidthPackage answered without an id", partial: out)
      }
      return id
    }
    do {
      guard let name else { return try await create() }
      return try await env.locks.withLock(packageLock(name), create)
    } catch let f as OperationFailure {
      throw f
    } catch {
      throw OperationFailure(String(describing: error), partial: out)
    }
  }

  /// Takes the EIP out of its package. The package goes with its last EIP, in one call that
  /// leaves the EIP in it until the package is gone (so an interrupted release still finds it);
  /// other members keep it. Serialised per package, so of concurrent releases the last deletes it.
  func leavePackage(_ cbp: String, allocationId id: String) async throws(OperationFailure) {
    let leave: @Sendable () async throws -> Void = {
      guard let members = try await self.packageMembers(cbp) else { return }
      if members == [id] {
        try await self.deletePackage(cbp, force: true, what: "deleting \(cbp) with its last EIP \(id)")
      } else if members.contains(id) {
        _ = try await self.callRetryingConflicts(
          .vpc, "RemoveCommonBandwidthPackageIp", ["BandwidthPackageId": .string(cbp), "IpInstanceId": .string(id)],
          kind: .eip, what: "removing \(id) from \(cbp)", idempotent: true,
          gone: ["OperationFailed.EipNotInBandwidthPackage"])
      }
    }
    try await packageStep { try await self.env.locks.withLock(self.packageLock(cbp), leave) }
  }

  /// Deletes each package named one of `names` that holds no EIP (left by an interrupted release,
  /// or made by an allocate that failed before its EIP joined it).
  func deleteEmptyPackages(named names: [String]) async throws(OperationFailure) {
    for name in Set(names) {
      let sweep: @Sendable () async throws -> Void = {
        let r = try await self.call(.vpc, "DescribeCommonBandwidthPackages", ["Name": .string(name)])
        for package in r.items("CommonBandwidthPackages.CommonBandwidthPackage")
        where package.text("Name") == name && package.items("PublicIpAddresses.PublicIpAddresse").isEmpty {
          guard let cbp = package.text("BandwidthPackageId") else { continue }
          try await self.deletePackage(cbp, force: false, what: "deleting the empty package \(cbp) (\(name))")
        }
      }
      try await packageStep { try await self.env.locks.withLock(self.packageLock(name), sweep) }
    }
  }

  /// The allocation ids in package `cbp`, or nil when it does not exist.
  func packageMembers(_ cbp: String) async throws(OperationFailure) -> [String]? {
    let r = try await call(.vpc, "DescribeCommonBandwidthPackages", ["BandwidthPackageId": .string(cbp)])
    guard
      let package = r.items("CommonBandwidthPackages.CommonBandwidthPackage").first(where: {
        $0.text("BandwidthPackageId") == cbp
      })
    else { return nil }
    return package.items("PublicIpAddresses.PublicIpAddresse").compactMap { $0.text("AllocationId") }
  }

  func deletePackage(_ cbp: String, force: Bool, what: String) async throws(OperationFailure) {
    var p: [String: JSONValue] = ["BandwidthPackageId": .string(cbp)]
    if force { p["Force"] = "true" }
    // Unforced, a package that has gained an EIP meanwhile is in use: it stays.
    _ = try await callRetryingConflicts(
      .vpc, "DeleteCommonBandwidthPackage", p, kind: .eip, what: what,
      gone: force
        ? ["InvalidBandwidthPackageId.NotFound"]
        : ["InvalidBandwidthPackageId.NotFound", "DependencyViolation.BandwidthPackages"],
      done: { () throws(OperationFailure) in try await self.packageMembers(cbp) == nil })
  }

  /// The lock of package steps on one package (by id or name) of this account and region; the
  /// same as `commonBandwidthPackage` takes, so no allocate picks a package being deleted.
  func packageLock(_ idOrName: String) -> String { "cbp|\(credential.accessKeyId)|\(region)|\(idOrName)" }

  private func packageStep(_ body: () async throws -> Void) async throws(OperationFailure) {
    do {
      try await body()
    } catch let f as OperationFailure {
      throw f
    } catch {
      throw OperationFailure(String(describing: error))
    }
  }
}
