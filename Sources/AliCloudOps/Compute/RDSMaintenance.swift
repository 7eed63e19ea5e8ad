import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

/// `rds/backup/create`, `rds/backup/delete`, `rds/security_ip/append`, `rds/security_ip/delete`.
extension RDSOperations {
  static func maintenance(_ env: OpsEnvironment) -> [(String, OperationHandler)] {
    [
      env.operation(.rdsBackupCreate) { s in try await s.createBackup() },
      env.operation(.rdsBackupDelete) { s in
        let db = try s.input.require("dBInstanceId")
        let backup = try s.input.require("backupId")
        guard try await s.findBackup(db, backup) != nil else { return [:] }
        let r = try await s.callRetryingConflicts(
          .rds, "DeleteBackup", ["DBInstanceId": .string(db), "BackupId": .string(backup)], kind: "rds_backup",
          what: "deleting backup \(backup)", alsoRetry: busy)
        try await s.waitGone(backup, kind: "rds_backup") {
          .of(try await s.findBackupOrNil(db, backup), field: "BackupStatus")
        }
        return outputs(["requestId": r?.text("RequestId")])
      },
      env.operation(.rdsSecurityIpAppend) { s in try await s.changeSecurityIps(adding: true) },
      env.operation(.rdsSecurityIpDelete) { s in try await s.changeSecurityIps(adding: false) },
    ]
  }
}

extension CloudSession {
  func findBackupOrNil(_ db: String, _ backup: String) async throws(AliCloudError) -> JSONValue? {
    try await find(
      .rds, "DescribeBackups", ["DBInstanceId": .string(db), "BackupId": .string(backup)], list: "Items.Backup",
      idField: "BackupId", id: backup)
  }

  func findBackup(_ db: String, _ backup: String) async throws(OperationFailure) -> JSONValue? {
    do { return try await findBackupOrNil(db, backup) } catch { throw OperationFailure.cloud(error) }
  }

  func createBackup() async throws(OperationFailure) -> [String: JSONValue] {
    let db = try input.require("dBInstanceId")
    if let backup = input.string("backupId"), try await findBackup(db, backup) != nil {
      return ["backupId": .string(backup)]
    }
    guard try await lookupDB(db) != nil else {
      throw OperationFailure("RDS instance \(db) does not exist in \(region)")
    }
    var params = input.forward(["backupMethod": "BackupMethod", "backupType": "BackupType"])
    if let s = try input.oneOf("backupStrategy", ["db", "instance"]) { params["BackupStrategy"] = .string(s) }
    let names = input.list("dBName")
    if !names.isEmpty { params["DBName"] = .string(ListSyntax.join(names)) }
    params["DBInstanceId"] = .string(db)
    guard
      let r = try await callRetryingConflicts(
        .rds, "CreateBackup", params, kind: "rds_backup", what: "backing up \(db)",
        alsoRetry: RDSOperations.busy.union(["BackupJobExists"]), notFoundIsGone: false)
    else { throw OperationFailure("RDS instance \(db) does not exist in \(region)") }
    guard let job = r.text("BackupJobId") else { throw OperationFailure("CreateBackup answered without a BackupJobId") }
    let out = outputs(["backupJobId": job, "requestId": r.text("RequestId")])
    try await wait(for: "backup job \(job)", kind: "rds_backup", until: ["Finished"], failOn: ["Failed"], keeping: out)
    {
      .of(try await self.backupJob(db, job), field: "BackupStatus")
    }
    guard let id = try await backupJobRecord(db, job, keeping: out)?.text("BackupId") else {
      throw OperationFailure("backup job \(job) finished without naming its backup", partial: out)
    }
    return out.merging(["backupId": .string(id)]) { a, _ in a }
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

  /// Adds addresses to, or removes them from, one named whitelist group, sending only the
  /// difference and never an empty list.
  func changeSecurityIps(adding: Bool) async throws(OperationFailure) -> [String: JSONValue] {
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
    let network = try input.oneOf("whitelistNetworkType", ["Classic", "VPC", "MIX"])
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
    if adding {
      let new = requested.filter { !current.contains($0) }
      if new.isEmpty { return [:] }
      params["SecurityIps"] = .string(ListSyntax.join(new))
      params["ModifyMode"] = group == nil ? "Cover" : "Append"
    } else {
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
    return outputs(["requestId": r.text("RequestId")])
  }
}
