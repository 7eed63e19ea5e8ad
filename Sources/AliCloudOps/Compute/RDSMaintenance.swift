import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

extension Resource {
  /// Backups live in an RDS instance: their scope is `["DBInstanceId": db]`. One that exists is done.
  static let rdsBackup = Resource(
    kind: .rdsBackup, noun: "backup", product: .rds, describe: "DescribeBackups", list: "Items.Backup",
    idField: "BackupId", stateField: "BackupStatus", ready: [], deleteAction: "DeleteBackup",
    notFoundCodes: ["InvalidBackupId.NotFound"], busy: Resource.rds.busy)
}

/// `rds/backup/create`, `rds/backup/delete`, `rds/security_ip/append`, `rds/security_ip/delete`,
/// `rds/security_ip/modify`, `rds/security_group/append`, `rds/security_group/remove`.
extension RDSOperations {
  static func maintenance(_ env: OpsEnvironment) -> [(String, OperationHandler)] {
    [
      env.operation(.rdsBackupCreate) { s in try await s.createBackup() },
      env.operation(.rdsBackupDelete) { s in
        let db = try s.input.require("dBInstanceId")
        return try await s.deleteIfPresent(
          .rdsBackup, try s.input.require("backupId"), in: ["DBInstanceId": .string(db)])
      },
      env.operation(.rdsSecurityIpAppend) { s in try await s.changeSecurityIps(.append) },
      env.operation(.rdsSecurityIpDelete) { s in try await s.changeSecurityIps(.delete) },
      env.operation(.rdsSecurityIpModify) { s in
        let mode = try s.input.oneOf("modifyMode") ?? "Cover"
        return try await s.changeSecurityIps(WhitelistChange(rawValue: mode) ?? .cover)
      },
      env.operation(.rdsSecurityGroupAppend) { s in
        try await s.changeSecurityGroups(of: .rds, describedBy: "DBInstanceId", .append)
      },
      env.operation(.rdsSecurityGroupRemove) { s in
        try await s.changeSecurityGroups(of: .rds, describedBy: "DBInstanceId", .remove)
      },
    ]
  }
}

extension CloudSession {
  func createBackup() async throws(OperationFailure) -> [String: JSONValue] {
    let db = try input.require("dBInstanceId")
    var params = input.forward(["backupMethod": "BackupMethod", "backupType": "BackupType"])
    if let s = try input.oneOf("backupStrategy") { params["BackupStrategy"] = .string(s) }
    let names = input.list("dBName")
    if !names.isEmpty { params["DBName"] = .string(ListSyntax.join(names)) }
    params["DBInstanceId"] = .string(db)
    let create = params
    return try await findOrCreate(
      .rdsBackup, existing: "backupId", output: "backupId", in: ["DBInstanceId": .string(db)],
      fields: { answer, _ in outputs(["backupJobId": answer.text("BackupJobId")]) },
      create: .steps { () throws(OperationFailure) in
        _ = try await require(.rds, db)
        guard
          let r = try await callRetryingConflicts(
            .rds, "CreateBackup", create, kind: .rdsBackup, what: "backing up \(db)",
            alsoRetry: RDSOperations.busy.union(["BackupJobExists"]), notFoundIsGone: false)
        else { throw OperationFailure("RDS instance \(db) does not exist in \(region)") }
        guard let job = r.text("BackupJobId") else {
          throw OperationFailure("CreateBackup answered without a BackupJobId")
        }
        let out = outputs(["backupJobId": job, "requestId": r.text("RequestId")])
        try await wait(
          for: "backup job \(job)", kind: .rdsBackup, until: ["Finished"], failOn: ["Failed"], keeping: out
        ) {
          .of(try await self.backupJob(db, job), field: "BackupStatus")
        }
        guard let id = try await backupJobRecord(db, job, keeping: out)?.text("BackupId") else {
          throw OperationFailure("backup job \(job) finished without naming its backup", partial: out)
        }
        // The create answer, with the backup its job made.
        return r.adding(["BackupId": .string(id)])
      }
    ).out
  }

  func backupJob(_ db: String, _ job: String) async throws(AliCloudError) -> JSONValue? {
    let r = try await send(.rds, "DescribeBackupTasks", ["DBInstanceId": .string(db), "BackupJobId": .string(job)])
    return r.items("Items.BackupJob").first { $0.text("BackupJobId") == job }
  }

  func backupJobRecord(_ db: String, _ job: String, keeping out: [String: JSONValue]) async throws(OperationFailure)
    -> JSONValue?
  {
    do { return try await backupJob(db, job) } catch { throw OperationFailure.cloud(error, partial: out) }
  }

  /// Adds addresses to, removes them from, or sets the addresses of one named whitelist group,
  /// sending only the difference and never an empty list; a change already in place makes no
  /// call. Waits until the instance is running again.
  func changeSecurityIps(_ change: WhitelistChange) async throws(OperationFailure) -> [String: JSONValue] {
    let db = try input.require("dBInstanceId")
    var requested: [String] = []
    for ip in input.list("securityIps") where !requested.contains(ip) {
      guard Checks.isIPv4CIDR(ip, allowBareIP: true) else {
        throw OperationFailure.invalid("securityIps", "\"\(ip)\" is not an IPv4 address or CIDR block")
      }
      requested.append(ip)
    }
    guard !requested.isEmpty else { throw OperationFailure.missing(["securityIps"]) }
    let name = input.string("dBInstanceIPArrayName") ?? "default"
    let network = try input.oneOf("whitelistNetworkType")
    var query: [String: JSONValue] = ["DBInstanceId": .string(db)]
    if let network { query["WhitelistNetworkType"] = .string(network) }
    guard let arrays = try await callIgnoringNotFound(.rds, "DescribeDBInstanceIPArrayList", query) else {
      throw OperationFailure("RDS instance \(db) does not exist in \(region)")
    }
    let group = arrays.items("Items.DBInstanceIPArray").first {
      $0.text("DBInstanceIPArrayName")?.caseInsensitiveCompare(name) == .orderedSame
    }
    let current = ListSyntax.split(group?.text("SecurityIPList") ?? "")
    var params = query
    params["DBInstanceIPArrayName"] = .string(group?.text("DBInstanceIPArrayName") ?? name)
    switch change {
    case .cover:
      if Set(current) == Set(requested) { return [:] }
      params["SecurityIps"] = .string(ListSyntax.join(requested))
      params["ModifyMode"] = "Cover"
    case .append:
      let new = requested.filter { !current.contains($0) }
      if new.isEmpty { return [:] }
      params["SecurityIps"] = .string(ListSyntax.join(new))
      params["ModifyMode"] = group == nil ? "Cover" : "Append"
    case .delete:
      let gone = requested.filter(current.contains)
      if gone.isEmpty { return [:] }
      if gone.count == current.count {
        // AliCloud refuses an empty whitelist: leave only the loopback address, which admits nobody.
        params["SecurityIps"] = "127.0.0.1"
        params["ModifyMode"] = "Cover"
      } else {
        params["SecurityIps"] = .string(ListSyntax.join(gone))
        params["ModifyMode"] = "Delete"
      }
    }
    let r = try await call(.rds, "ModifySecurityIps", params, retryOn: RDSOperations.busy)
    let out = outputs(["requestId": r.text("RequestId")])
    try await wait(.rds, db, keeping: out)
    return out
  }
}

/// How `changeSecurityIps` changes a whitelist (AliCloud's ModifyMode names).
enum WhitelistChange: String {
  case cover = "Cover"
  case append = "Append"
  case delete = "Delete"
}
