import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

extension Resource {
  static let redis = Resource(
    kind: .redis, noun: "Redis instance", product: .rkvstore, describe: "DescribeInstances",
    query: { ["InstanceIds": .string($0)] }, list: "Instances.KVStoreInstance", idField: "InstanceId",
    stateField: "InstanceStatus", ready: ["Normal"], failed: ["Released", "Error"], deleteAction: "DeleteInstance",
    notFoundCodes: ["InvalidInstanceId.NotFound"],
    busy: ["Task.Conflict", "IncorrectInstanceStatus", "OperationDenied.InstanceStatus"])
}

/// `redis/create`, `redis/delete`, `redis/security_group/append`, `redis/security_group/remove`.
enum RedisOperations {
  static let busy = Resource.redis.busy

  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.redisCreate) { s in try await s.createRedis() },
      env.operation(.redisDelete) { s in
        try await s.deleteIfPresent(.redis, try s.input.require("instanceId"))
      },
      env.operation(.redisSecurityGroupAppend) { s in
        try await s.changeSecurityGroups(of: .redis, describedBy: "InstanceId", .append)
      },
      env.operation(.redisSecurityGroupRemove) { s in
        try await s.changeSecurityGroups(of: .redis, describedBy: "InstanceId", .remove)
      },
    ])
  }
}

extension CloudSession {
  func createRedis() async throws(OperationFailure) -> [String: JSONValue] {
    let seed = try input.require("seed")
    let capacity = try RedisCapacity.parse(input.string("capacity") ?? "1024")
    let charge = try input.oneOf("chargeType") ?? "PostPaid"
    let version = try input.oneOf("engineVersion") ?? "5.0"
    let zones = input.list("zoneId")
    guard let zone = zones.first else { throw OperationFailure.missing(["zoneId"]) }
    guard zones.count <= 2 else {
      throw OperationFailure.invalid("zoneId", "at most two zones (primary and secondary), got \(zones.count)")
    }
    let network =
      try input.oneOf("networkType") ?? (input.string("vpcId") == nil ? "CLASSIC" : "VPC")
    if network == "VPC" && (input.string("vpcId") == nil || input.string("vSwitchId") == nil) {
      throw OperationFailure.missing(["vpcId", "vSwitchId"].filter { input.string($0) == nil })
    }
    let password = try passwordOrGenerated("password", rules: .redis)
    let encrypted = try encrypt(password, seed: seed)
    let givenPassword = !(input.raw("password") ?? "").isEmpty

    let made = try await findOrCreate(
      .redis, existing: "instanceId", output: "instanceId",
      fields: { _, created in created || givenPassword ? ["password": .string(encrypted)] : [:] },
      create: .steps { () throws(OperationFailure) in
        var params = input.forward([
          "instanceName": "InstanceName", "vpcId": "VpcId", "vSwitchId": "VSwitchId",
          "privateIpAddress": "PrivateIpAddress", "srcDBInstanceId": "SrcDBInstanceId", "backupId": "BackupId",
        ])
        params["Capacity"] = .string(String(capacity))
        if let offer = try await redisOffer(capacity: capacity, zone: zone, charge: charge) {
          params["InstanceClass"] = .string(offer.instanceClass)
          params["Capacity"] = .string(String(offer.capacityMB))
        }
        params["Password"] = .string(password)
        params["EngineVersion"] = .string(version)
        params["NetworkType"] = .string(network)
        params["ZoneId"] = .string(zone)
        if zones.count == 2 { params["SecondaryZoneId"] = .string(zones[1]) }
        params["ChargeType"] = .string(charge)
        if charge == "PrePaid" {
          params["Period"] = .string(String(try input.int("period", in: 1...36) ?? 1))
          params["AutoRenew"] = try input.bool("autoRenew").map { .string($0 ? "true" : "false") }
        }
        return try await call(.rkvstore, "CreateInstance", params, idempotent: true, retryOn: RedisOperations.busy)
      })
    return try await finishRedis(made)
  }

  /// The instance class for the capacity from the zone's offers (cached); nil when the zone
  /// lists none, in which case the capacity alone is sent.
  func redisOffer(capacity: Int, zone: String, charge: String) async throws(OperationFailure) -> RedisCapacity.Offer? {
    let session = self
    let answer = try await catalogue("redisOffers:\(zone):\(charge)", ttlMs: 600_000) { () throws(AliCloudError) in
      try await session.send(
        .rkvstore, "DescribeAvailableResource",
        ["ZoneId": .string(zone), "InstanceChargeType": .string(charge), "Engine": "Redis"])
    }
    let offers = RedisCapacity.offers(answer)
    if offers.isEmpty { return nil }
    guard let best = RedisCapacity.best(for: capacity, among: offers) else {
      let sizes = Set(offers.map(\.capacityMB)).sorted().map(String.init).joined(separator: ", ")
      throw OperationFailure("no Redis class in zone \(zone) offers \(capacity) MB or more (offered MB: \(sizes))")
    }
    return best
  }

  /// Applies whitelist and security groups to the ready instance, fills the output from it.
  func finishRedis(_ made: Made) async throws(OperationFailure) -> [String: JSONValue] {
    var out = made.out
    let id = made.id
    let ips = input.list("securityIps")
    if !ips.isEmpty {
      _ = try await call(
        .rkvstore, "ModifySecurityIps",
        ["InstanceId": .string(id), "SecurityIps": .string(ListSyntax.join(ips)), "ModifyMode": "Cover"],
        retryOn: RedisOperations.busy, keeping: out)
    }
    let groups = input.list("securityGroupId")
    if !groups.isEmpty {
      _ = try await call(
        .rkvstore, "ModifySecurityGroupConfiguration",
        ["DBInstanceId": .string(id), "SecurityGroupId": .string(ListSyntax.join(groups))],
        retryOn: RedisOperations.busy, keeping: out)
    }
    guard let record = made.item else {
      throw OperationFailure("Redis instance \(id) disappeared", partial: out)
    }
    out.merge(
      outputs([
        "instanceId": id, "port": record.text("Port"), "privateIpAddr": record.text("PrivateIp"),
        "connectionDomain": record.text("ConnectionDomain"),
      ])
    ) { _, new in new }
    return out
  }
}
