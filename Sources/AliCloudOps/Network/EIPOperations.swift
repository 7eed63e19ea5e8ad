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
/// missing), else a package of its own; a package left empty by a release is deleted.
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
        if cbpId == nil {
          var package: [String: JSONValue] = ["Bandwidth": p["Bandwidth"] ?? "5"]
          if metering == "PayByBandwidth" { package["InternetChargeType"] = "PayByBandwidth" }
          let id = try await s.commonBandwidthPackage(named: cbpName, creating: package, keeping: out)
          _ = try await s.callRetryingConflicts(
            .vpc, "AddCommonBandwidthPackageIp",
            ["BandwidthPackageId": .string(id), "IpInstanceId": .string(allocationId)],
            kind: .eip, what: "adding \(allocationId) to \(id)", idempotent: true, notFoundIsGone: false, keeping: out)
          cbpId = id
        }
        out["cbpId"] = cbpId.map(JSONValue.string)
        if let name = cbpName { out["cbpName"] = .string(name) }
        return out
      },
      env.operation(.vpcEipRelease) { s in
        let id = try s.input.require("allocationId")
        guard let eip = try await s.lookup(.eip, id) else { return [:] }
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
        return try await s.delete(.eip, id)
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
      return try await env.locks.withLock("cbp|\(credential.accessKeyId)|\(region)|\(name)", create)
    } catch let f as OperationFailure {
      throw f
    } catch {
      throw OperationFailure(String(describing: error), partial: out)
    }
  }

  /// Removes the EIP from its package and deletes the package when nothing is left in it.
  func leavePackage(_ cbp: String, allocationId id: String) async throws(OperationFailure) {
    _ = try await callRetryingConflicts(
      .vpc, "RemoveCommonBandwidthPackageIp", ["BandwidthPackageId": .string(cbp), "IpInstanceId": .string(id)],
      kind: .eip, what: "removing \(id) from \(cbp)", idempotent: true)
    let r = try await call(.vpc, "DescribeCommonBandwidthPackages", ["BandwidthPackageId": .string(cbp)])
    guard
      let package = r.items("CommonBandwidthPackages.CommonBandwidthPackage").first(where: {
        $0.text("BandwidthPackageId") == cbp
      }), package.items("PublicIpAddresses.PublicIpAddresse").isEmpty
    else { return }
    _ = try await callIgnoringNotFound(
      .vpc, "DeleteCommonBandwidthPackage", ["BandwidthPackageId": .string(cbp)], retryOn: ["DependencyViolation"])
  }
}
