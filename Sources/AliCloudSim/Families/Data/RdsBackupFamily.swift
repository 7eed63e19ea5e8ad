import AliCloudCore
import Foundation

/// RDS backups: CreateBackup starts a job (`NoStart` → `Running` → `Finished`, one at a time
/// per instance, `BackupJobExists`); when it finishes, its backup set appears in DescribeBackups.
/// DescribeBackupTasks, DescribeBackups, DeleteBackup (the set is gone after a delay).
enum RdsBackupFamily: SimFamily {
  static let jobKind = "rdsbackupjob"
  static let kind = "rdsbackup"

  static func register(_ r: inout SimRegistry) {
    r.on("Rds", "CreateBackup", create)
    r.on("Rds", "DescribeBackupTasks", tasks)
    r.on("Rds", "DescribeBackups", describe)
    r.on("Rds", "DeleteBackup", delete)
  }

  static func create(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let db = try RdsInstanceFamily.running(ctx)
    let busy = ctx.state.list(jobKind) { $0.string("DBInstanceId") == db.id && $0.status != "Finished" }
    guard busy.isEmpty else {
      throw SimError("BackupJobExists", "A backup job of the instance \(db.id) is already running.")
    }
    let method = ctx.string("BackupMethod") ?? "Physical"
    guard ["Physical", "Logical", "Snapshot"].contains(method) else { throw SimError.invalidParameter("BackupMethod") }
    let type = ctx.string("BackupType") ?? "FullBackup"
    guard ["Auto", "FullBackup"].contains(type) else { throw SimError.invalidParameter("BackupType") }
    let jobId = String(ctx.random(in: 100_000_000...999_999_999))
    let backupId = String(ctx.random(in: 1_000_000_000...1_999_999_999))
    let job = "\(db.id)/backupjob/\(jobId)"
    let set = "\(db.id)/backup/\(backupId)"
    let delay = ctx.delay(kind)
    ctx.state.insert(
      kind: jobKind, id: job, region: db.regionId,
      fields: [
        "DBInstanceId": .string(db.id), "BackupJobId": .string(jobId), "BackupId": "", "BackupStatus": "NoStart",
        "BackupProgressStatus": "NoStart", "JobMode": "Manual", "Process": "0", "TaskAction": "NormalBackup",
      ], statusField: "BackupStatus")
    ctx.state.schedule(
      job, after: delay / 2, set: ["BackupStatus": "Running", "BackupProgressStatus": "Uploading", "Process": "50"])
    ctx.state.schedule(
      job, after: delay,
      set: [
        "BackupStatus": "Finished", "BackupProgressStatus": "Finished", "Process": "100",
        "BackupId": .string(backupId),
      ])
    ctx.state.insert(
      kind: kind, id: set, region: db.regionId,
      fields: [
        "BackupId": .string(backupId), "DBInstanceId": .string(db.id), "BackupStatus": "Success",
        "BackupType": .string(type), "BackupMethod": .string(method), "BackupMode": "Manual",
        "BackupInitiator": "User", "BackupStartTime": .string(ctx.timestamp),
        "BackupEndTime": .string(SimTime.format(ctx.now.addingTimeInterval(delay))),
        "BackupSize": .int(ctx.random(in: 2_000_000...9_000_000)), "Engine": .string(db.string("Engine")),
        "EngineVersion": .string(db.string("EngineVersion")), "HostInstanceID": .string(String(jobId.prefix(8))),
        "IsAvail": .int(1), "StoreStatus": "Disabled", "StorageClass": "0", "Encryption": "{}",
        "BackupDownloadURL": "", "BackupIntranetDownloadURL": "", "MetaStatus": "OK", "CopyOnlyBackup": "0",
        "SimReady": false,
      ])
    ctx.state.schedule(set, after: delay, set: ["SimReady": true])
    return ["BackupJobId": .string(jobId)]
  }

  static func tasks(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let db = try RdsInstanceFamily.find(ctx)
    let jobId = try ctx.int("BackupJobId").map(String.init)
    let status = ctx.string("BackupJobStatus")
    let items = ctx.state.list(jobKind) { j in
      j.string("DBInstanceId") == db.id && (jobId == nil || j.string("BackupJobId") == jobId)
        && (status == nil || j.status == status)
    }.map { j -> JSONValue in .object(j.fields.filter { $0.key != "DBInstanceId" }) }
    return ["Items": ["BackupJob": .array(items)]]
  }

  static func ready(_ ctx: SimContext, db: String) -> [SimResource] {
    ctx.state.list(kind) {
      $0.string("DBInstanceId") == db && $0["SimReady"]?.boolValue == true && !ctx.state.isBeingRemoved($0.id)
    }
  }

  static func describe(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let db = try RdsInstanceFamily.find(ctx)
    let filters: [(String, String)] = ["BackupId", "BackupStatus", "BackupType", "BackupMode"].compactMap { k in
      ctx.string(k).map { (k, $0) }
    }
    let items = ready(ctx, db: db.id).filter { b in filters.allSatisfy { b.string($0.0) == $0.1 } }.map {
      JSONValue.object(Compute.visible($0))
    }
    var page = try ctx.pageNumberPage(
      items, list: "Items", item: "Backup", defaultSize: 30, maxSize: 100, totalKey: "TotalRecordCount")
    let shown = page["Items"]?["Backup"]?.arrayValue?.count ?? 0
    // DescribeBackups reports its counts as strings.
    page["TotalRecordCount"] = .string(String(items.count))
    page["PageNumber"] = .string(String(page["PageNumber"]?.intValue ?? 1))
    page["PageRecordCount"] = .string(String(shown))
    page["PageSize"] = nil
    page["TotalEcsSnapshotSize"] = .int(0)
    return page
  }

  static func delete(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let db = try RdsInstanceFamily.running(ctx)
    let ids = Net.idList(try ctx.required("BackupId")) ?? []
    let sets = ready(ctx, db: db.id)
    var found: [SimResource] = []
    for id in ids {
      guard let b = sets.first(where: { $0.string("BackupId") == id }) else {
        throw SimError("InvalidBackupId.NotFound", "The specified backup \(id) does not exist.", status: 404)
      }
      found.append(b)
    }
    for b in found { ctx.state.scheduleRemoval(b.id, after: ctx.delay(kind)) }
    return [:]
  }
}
