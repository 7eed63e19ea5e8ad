// RDS database instances, backups, IP whitelists and security groups.
extension Catalog {
  static let rdsOperations: [OperationSpec] = [
    .rdsDbCreate, .rdsDbDelete, .rdsBackupCreate, .rdsBackupDelete, .rdsSecurityIpAppend, .rdsSecurityIpDelete,
    .rdsSecurityIpModify, .rdsSecurityGroupAppend, .rdsSecurityGroupRemove,
  ]

  static let securityIPInputs: [FieldSpec] = [
    .req("dBInstanceId", "RDS instance ID"),
    .req("securityIps", "Addresses, e.g. [10.0.0.1,10.0.0.0/24]", maxBytes: FieldSpec.listMaxBytes),
    .opt("dBInstanceIPArrayName", "Whitelist group name; default: Default"),
    .opt("whitelistNetworkType", "Whitelist network type: Classic, VPC, MIX (default)").oneOf(["Classic", "VPC", "MIX"]
    ),
  ]

  /// The inputs of the security-group operations of RDS and Redis instances (both name the
  /// instance `dBInstanceId`, as the original plugin does).
  static func securityGroupInputs(_ instance: String) -> [FieldSpec] {
    [
      .req("dBInstanceId", "\(instance) ID"),
      .req("securityGroupId", "Security group IDs, e.g. sg-1 or [sg-1,sg-2]", maxBytes: FieldSpec.listMaxBytes),
    ]
  }
}

/// The operations of this family, each a symbol that its handler names.
extension OperationSpec {
  public static let rdsDbCreate: OperationSpec = .make(
    "rds/db/create", family: "rds", effect: .create,
    "Create an RDS instance with an account and wait until it is usable",
    inputs: [
      .req("seed", "Seed for encrypting the returned account password ({cipher_a})"),
      .req("accountName", "Name of the account to create"),
      .opt("accountPassword", "Account password; generated when empty"),
      .opt("accountDescription", "Account description"),
      .opt("securityGroupId", "Security group ID"),
      .existing("dBInstanceId", "RDS instance"),
      .req("dBInstanceSpec", "Cores and memory, e.g. 1C2G"),
      .opt("dBInstanceClass", "Instance class; chosen from dBInstanceSpec when empty"),
      .req("dBInstanceStorage", "Storage in GiB, in steps of 5"),
      .req("engine", "Database engine: MySQL or MariaDB").oneOf(["MySQL", "MariaDB", "PostgreSQL", "SQLServer", "PPAS"]
      ),
      .req("engineVersion", "Engine version: MySQL 5.5/5.6/5.7/8.0, MariaDB 10.3"),
      .req("securityIPList", "IP whitelist, e.g. [10.0.0.1,10.0.0.0/24]", maxBytes: FieldSpec.listMaxBytes),
      .opt("zoneId", "Zone ID"),
      .opt("vpcId", "VPC ID"),
      .opt("vSwitchId", "vSwitch ID"),
      .opt("privateIpAddress", "Private IP address"),
      .req("dBInstanceStorageType", "Storage type: local_ssd, cloud_ssd, cloud_essd").oneOf([
        "local_ssd", "cloud_ssd", "cloud_essd", "cloud_essd2", "cloud_essd3",
      ]),
      .opt("category", "Edition: Basic, HighAvailability, AlwaysOn, Finance").oneOf([
        "Basic", "HighAvailability", "AlwaysOn", "Finance",
      ]),
      .opt("dBIsIgnoreCase", "Table names case-insensitive: 1 (default) or 0 (case-sensitive)").oneOf(["0", "1"]),
      .opt("dBTimeZone", "UTC time zone"),
      .opt("payType", "Billing method: Postpaid or Prepaid").oneOf(["Postpaid", "Prepaid"]),
      .opt("period", "Subscription unit: Year or Month").oneOf(["Year", "Month"]),
      .opt("usedTime", "Subscription length: 1-3 (Year) or 1-9 (Month)"),
      .opt("autoRenew", "Renew automatically: true or false"),
      .opt("dBInstanceDescription", "Instance description"),
    ],
    outputs: [
      .opt("accountName", "Account name"),
      .opt("accountPassword", "Account password, encrypted ({cipher_a})"),
      .opt("dBInstanceClass", "Instance class"),
      .opt("cpu", "Number of cores"),
      .opt("memory", "Memory size"),
      .opt("dBInstanceId", "RDS instance ID"),
      .opt("connectionString", "Connection address"),
      .opt("port", "Port"),
      .opt("privateIpAddress", "Private IP address of the instance in its VPC"),
    ])

  public static let rdsDbDelete: OperationSpec = .make(
    "rds/db/delete", family: "rds", effect: .delete, "Delete an RDS instance and wait until it is gone",
    inputs: [.req("dBInstanceId", "RDS instance ID")])

  public static let rdsBackupCreate: OperationSpec = .make(
    "rds/backup/create", family: "rds", effect: .create, "Back up an RDS instance and wait for the backup job",
    inputs: [
      .req("dBInstanceId", "RDS instance ID"),
      .opt("dBName", "Databases to back up, comma-separated"),
      .opt("backupStrategy", "Backup strategy: db or instance").oneOf(["db", "instance"]),
      .opt("backupMethod", "Backup method: Logical, Physical (default), Snapshot").oneOf([
        "Logical", "Physical", "Snapshot",
      ]),
      .opt("backupType", "Backup type: Auto (default) or FullBackup").oneOf(["Auto", "FullBackup"]),
    ],
    outputs: [.opt("backupId", "Backup ID")])

  public static let rdsBackupDelete: OperationSpec = .make(
    "rds/backup/delete", family: "rds", effect: .delete, "Delete an RDS backup",
    inputs: [.req("dBInstanceId", "RDS instance ID"), .req("backupId", "Backup ID")])

  public static let rdsSecurityIpAppend: OperationSpec = .make(
    "rds/security_ip/append", family: "rds", "Add addresses to an RDS IP whitelist",
    inputs: Catalog.securityIPInputs)

  public static let rdsSecurityIpDelete: OperationSpec = .make(
    "rds/security_ip/delete", family: "rds", "Remove addresses from an RDS IP whitelist",
    inputs: Catalog.securityIPInputs)

  public static let rdsSecurityIpModify: OperationSpec = .make(
    "rds/security_ip/modify", family: "rds",
    "Set, extend or shrink an RDS IP whitelist (ModifySecurityIps) and wait until the instance is running",
    inputs: Catalog.securityIPInputs + [
      .opt("modifyMode", "Cover (default: the whitelist becomes securityIps), Append or Delete").oneOf([
        "Cover", "Append", "Delete",
      ])
    ])

  public static let rdsSecurityGroupAppend: OperationSpec = .make(
    "rds/security_group/append", family: "rds",
    "Add security groups to an RDS instance (ModifySecurityGroupConfiguration with the merged set) and wait until it is running",
    inputs: Catalog.securityGroupInputs("RDS instance"))

  public static let rdsSecurityGroupRemove: OperationSpec = .make(
    "rds/security_group/remove", family: "rds",
    "Remove security groups from an RDS instance (ModifySecurityGroupConfiguration with the rest) and wait until it is running",
    inputs: Catalog.securityGroupInputs("RDS instance"))
}
