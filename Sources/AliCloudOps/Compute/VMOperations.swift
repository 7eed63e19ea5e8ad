import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

/// `vm/create`, `vm/delete`, `vm/start`, `vm/stop`, `vm/security-group/bind`, `/unbind`.
enum VMOperations {
  static let busy = Resource.instance.busy

  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.vmCreate) { s in try await s.createVM() },
      env.operation(.vmDelete) { s in
        try await s.deleteIfPresent(.instance, try s.input.require("instanceId"))
      },
      env.operation(.vmStart) { s in
        let id = try s.input.require("instanceId")
        let state = Resource.instance.state(of: try await s.require(.instance, id))
        if state == "Running" { return [:] }
        if state == "Stopping" { try await s.wait(.instance, id, until: ["Stopped"]) }
        let r = try await s.call(.ecs, "StartInstance", ["InstanceId": .string(id)], retryOn: busy)
        try await s.wait(.instance, id, until: ["Running"])
        return outputs(["requestId": r.text("RequestId")])
      },
      env.operation(.vmStop) { s in
        let id = try s.input.require("instanceId")
        let state = Resource.instance.state(of: try await s.require(.instance, id))
        if state == "Stopped" { return [:] }
        if state == "Pending" || state == "Starting" { try await s.wait(.instance, id, until: ["Running"]) }
        var params: [String: JSONValue] = ["InstanceId": .string(id)]
        if try s.input.oneOf("forceStop") == "true" { params["ForceStop"] = "true" }
        let r = try await s.call(.ecs, "StopInstance", params, retryOn: busy)
        try await s.wait(.instance, id, until: ["Stopped"])
        return outputs(["requestId": r.text("RequestId")])
      },
      env.operation(.vmSecurityGroupBind) { s in try await s.changeGroups(adding: true) },
      env.operation(.vmSecurityGroupUnbind) { s in try await s.changeGroups(adding: false) },
    ])
  }
}

extension CloudSession {
  func createVM() async throws(OperationFailure) -> [String: JSONValue] {
    let seed = try input.require("seed")
    let spec = try CoreMemorySpec.parse(try input.require("instanceSpec"), field: "instanceSpec")
    let family = InstanceTypes.family(try input.require("instanceFamily"))
    guard InstanceTypes.isFamilyName(family) else {
      throw OperationFailure.invalid("instanceFamily", "\"\(family)\" is not an instance family like c5")
    }
    let zone = try await vmZone()
    let image = try input.require("imageId")
    let charge = try input.oneOf("instanceChargeType") ?? "PostPaid"
    let password = try passwordOrGenerated("password", rules: .ecs)
    let encrypted = try encrypt(password, seed: seed)
    var params = input.forward([
      "vSwitchId": "VSwitchId", "privateIpAddress": "PrivateIpAddress", "securityGroupId": "SecurityGroupId",
      "instanceName": "InstanceName", "hostName": "HostName",
    ])
    var systemDisk: [String: JSONValue] = [:]
    if let size = try input.int("systemDiskSize", in: 20...2048) { systemDisk["Size"] = .string(String(size)) }
    if let category = input.string("systemDiskCategory") { systemDisk["Category"] = .string(category) }
    if !systemDisk.isEmpty { params["SystemDisk"] = .object(systemDisk) }
    if charge == "PrePaid" {
      params["Period"] = try input.int("period", in: 1...60).map { .string(String($0)) }
      params["PeriodUnit"] = try input.oneOf("periodUnit").map(JSONValue.string)
      params["AutoRenew"] = try input.bool("autoRenew").map { .string($0 ? "true" : "false") }
      params["AutoRenewPeriod"] = try input.int("autoRenewPeriod", in: 1...12).map { .string(String($0)) }
    }
    if let tags = try resourceTags() { params["Tag"] = tags }

    let givenPassword = !(input.raw("password") ?? "").isEmpty
    let common = params
    let made = try await findOrCreate(
      .instance, existing: "instanceId", output: "instanceId", until: ["Stopped", "Running"],
      fields: { answer, created in
        var out = outputs(["instanceType": created ? answer.text("InstanceType") : nil])
        if created || givenPassword { out["password"] = .string(encrypted) }
        return out
      },
      create: .steps { () throws(OperationFailure) in
        let type = try await self.instanceType(for: spec, family: family, zone: zone, charge: charge)
        var params = common
        params["InstanceType"] = .string(type.id)
        params["ImageId"] = .string(image)
        params["ZoneId"] = .string(zone)
        params["InstanceChargeType"] = .string(charge)
        params["Password"] = .string(password)
        let r = try await self.call(.ecs, "CreateInstance", params, idempotent: true, retryOn: VMOperations.busy)
        // The chosen type goes with the answer, for the output.
        return r.adding(["InstanceType": .string(type.id)])
      })
    var instance = made.item
    let state = instance.map(Resource.instance.state(of:))
    // vm/create answers with a running instance: one it made, or the one it was given (an
    // interrupted create may have left it Stopped, before its start).
    if state == "Stopped" {
      _ = try await call(
        .ecs, "StartInstance", ["InstanceId": .string(made.id)], retryOn: VMOperations.busy, keeping: made.out)
    }
    if made.created || state == "Pending" || state == "Starting" || state == "Stopped" {
      instance = try await wait(.instance, made.id, until: ["Running"], keeping: made.out)
    }
    guard let instance else {
      throw OperationFailure("instance \(made.id) disappeared after it was created", partial: made.out)
    }
    return made.out.merging(vmOutput(instance)) { _, new in new }
  }

  /// The vm/create output fields read from an instance record.
  func vmOutput(_ instance: JSONValue) -> [String: JSONValue] {
    let memory = InstanceTypes.number(instance["Memory"]).map { gibText(mib: $0) }
    let ips =
      instance.items("VpcAttributes.PrivateIpAddress.IpAddress").compactMap(\.stringValue)
      + instance.items("InnerIpAddress.IpAddress").compactMap(\.stringValue)
    let nicIPs = instance.items("NetworkInterfaces.NetworkInterface").compactMap { $0["PrimaryIpAddress"]?.stringValue }
    return outputs([
      "instanceType": instance.text("InstanceType"), "cpu": instance.text("Cpu"), "memory": memory,
      "privateIp": (ips.isEmpty ? nicIPs : ips).first, "hostName": instance.text("HostName"),
    ])
  }

  /// `zoneId`, else the zone of `vSwitchId` (an instance lives in its vSwitch's zone).
  func vmZone() async throws(OperationFailure) -> String {
    if let zone = input.string("zoneId") { return zone }
    guard let vsw = input.string("vSwitchId") else { throw OperationFailure.missing(["zoneId"]) }
    guard let zone = try await require(.vswitch, vsw).text("ZoneId") else {
      throw OperationFailure("vSwitch \(vsw) has no ZoneId; give zoneId")
    }
    return zone
  }

  /// The instance type for the spec: the family's types (cached per region) that the zone has in stock.
  func instanceType(for spec: CoreMemorySpec, family: String, zone: String, charge: String)
    async throws(OperationFailure) -> SizedChoice
  {
    let session = self
    let types = try await catalogue("instanceTypes:\(family)", ttlMs: 3_600_000) { () throws(AliCloudError) in
      try await session.send(.ecs, "DescribeInstanceTypes", ["InstanceTypeFamily": .string(family)])
    }
    let stock = try await catalogue("instanceStock:\(zone):\(charge)", ttlMs: 60_000) { () throws(AliCloudError) in
      try await session.send(
        .ecs, "DescribeAvailableResource",
        [
          "DestinationResource": "InstanceType", "ZoneId": .string(zone), "InstanceChargeType": .string(charge),
          "ResourceType": "instance",
        ])
    }
    return try InstanceTypes.resolve(
      spec, family: family, zone: zone, types: InstanceTypes.types(of: family, in: types),
      inStock: InstanceTypes.inStock(stock))
  }

  /// `resourceTag`: `[k1=v1;k2=v2]` or `k1=v1;k2=v2`, as ECS tags.
  func resourceTags() throws(OperationFailure) -> JSONValue? {
    guard var text = input.string("resourceTag") else { return nil }
    if text.hasPrefix("[") && text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
    var tags: [JSONValue] = []
    for piece in text.split(separator: ";") where !piece.trimmingCharacters(in: .whitespaces).isEmpty {
      let kv = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard kv.count == 2, !kv[0].isEmpty else {
        throw OperationFailure.invalid("resourceTag", "\"\(piece)\" is not key=value (expected [k1=v1;k2=v2])")
      }
      tags.append(["Key": .string(kv[0]), "Value": .string(kv[1])])
    }
    guard tags.count <= 20 else { throw OperationFailure.invalid("resourceTag", "at most 20 tags") }
    return tags.isEmpty ? nil : .array(tags)
  }

  /// Adds or removes security groups, keeping the instance's other groups; never leaves none.
  func changeGroups(adding: Bool) async throws(OperationFailure) -> [String: JSONValue] {
    let id = try input.require("instanceId")
    let requested = input.list("securityGroupId")
    guard !requested.isEmpty else { throw OperationFailure.missing(["securityGroupId"]) }
    let instance = try await require(.instance, id)
    let current = instance.items("SecurityGroupIds.SecurityGroupId").compactMap(\.stringValue)
    var target = current
    if adding {
      for g in requested where !target.contains(g) { target.append(g) }
    } else {
      target.removeAll { requested.contains($0) }
      if target.isEmpty {
        throw OperationFailure(
          "removing \(requested.joined(separator: ", ")) would leave instance \(id) with no security group; "
            + "bind another group first")
      }
    }
    if target == current { return [:] }
    let r = try await call(
      .ecs, "ModifyInstanceAttribute",
      ["InstanceId": .string(id), "SecurityGroupIds": .array(target.map { .string($0) })], retryOn: VMOperations.busy)
    return outputs(["requestId": r.text("RequestId")])
  }
}
