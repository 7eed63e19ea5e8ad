// Redis (ApsaraDB for Redis, R-kvstore) instances and their security groups.
extension Catalog {
  static let redisOperations: [OperationSpec] = [
    .redisCreate, .redisDelete, .redisSecurityGroupAppend, .redisSecurityGroupRemove,
  ]
}

/// The operations of this family, each a symbol that its handler names.
extension OperationSpec {
  public static let redisCreate: OperationSpec = .make(
    "redis/create", family: "redis", effect: .create, "Create a Redis instance and wait until it is usable",
    inputs: [
      .req("seed", "Seed for encrypting the returned password ({cipher_a})"),
      .existing("instanceId", "Redis instance"),
      .opt("instanceName", "Instance name"),
      .opt("password", "Instance password; generated when empty"),
      .opt("capacity", "Storage capacity in MB (default 1024)"),
      .req("zoneId", "Zone ID"),
      .req("engineVersion", "Engine version: 2.8 (default), 4.0, 5.0").oneOf(["2.8", "4.0", "5.0", "6.0", "7.0"]),
      .opt("securityIps", "IP whitelist", maxBytes: FieldSpec.listMaxBytes),
      .opt("securityGroupId", "Security group ID"),
      .opt("networkType", "Network type: CLASSIC or VPC").oneOf(["CLASSIC", "VPC"]),
      .opt("vpcId", "VPC ID"),
      .opt("vSwitchId", "vSwitch ID"),
      .opt("srcDBInstanceId", "Source instance ID, to create from one of its backups"),
      .opt("backupId", "Backup set ID of the source instance"),
      .opt("privateIpAddress", "Private IP address of the new instance"),
      .req("chargeType", "Billing method: PostPaid (default) or PrePaid").oneOf(["PostPaid", "PrePaid"]),
      .opt("period", "Subscription length"),
      .opt("autoRenew", "Renew automatically: true or false (default)"),
    ],
    outputs: [
      .opt("instanceId", "Redis instance ID"),
      .opt("password", "Instance password, encrypted ({cipher_a})"),
      .opt("port", "Port"),
      .opt("privateIpAddr", "Private IP address"),
      .opt("connectionDomain", "Connection domain name"),
    ])

  public static let redisDelete: OperationSpec = .make(
    "redis/delete", family: "redis", effect: .delete, "Delete a Redis instance and wait until it is gone",
    inputs: [.req("instanceId", "Redis instance ID")])

  public static let redisSecurityGroupAppend: OperationSpec = .make(
    "redis/security_group/append", family: "redis",
    "Add security groups to a Redis instance (ModifySecurityGroupConfiguration with the merged set) and wait until it is normal",
    inputs: Catalog.securityGroupInputs("Redis instance"))

  public static let redisSecurityGroupRemove: OperationSpec = .make(
    "redis/security_group/remove", family: "redis",
    "Remove security groups from a Redis instance (ModifySecurityGroupConfiguration with the rest) and wait until it is normal",
    inputs: Catalog.securityGroupInputs("Redis instance"))
}
