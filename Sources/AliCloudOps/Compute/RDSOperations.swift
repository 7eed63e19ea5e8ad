import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

/// `rds/db/create`, `rds/db/delete`, with backups and IP whitelists in RDSMaintenance.swift.
enum RDSOperations {
  static let busy: Set<String> = [
    "OperationDenied.DBInstanceStatus", "OperationDenied.DBStatus", "IncorrectDBInstanceState",
    "ConcurrentTaskExceeded", "LockTimeout",
  ]

  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table(
      [
        env.operation(.rdsDbCreate) { s in try await s.createDB() },
        env.operation(.rdsDbDelete) { s in
          let id = try s.input.require("dBInstanceId")
          guard try await s.lookupDB(id) != nil else { return [:] }
          let r = try await s.callRetryingConflicts(
            .rds, "DeleteDBInstance", ["DBInstanceId": .string(id)], kind: "rds", what: "deleting \(id)",
            alsoRetry: busy)
          try await s.waitGone(id, kind: "rds") { .of(try await s.findDB(id), field: "DBInstanceStatus") }
          return outputs(["requestId": r?.text("RequestId")])
        },
      ] + maintenance(env))
  }
}

extension CloudSession {
  func findDB(_ id: String) async throws(AliCloudError) -> JSONValue? {
    try await find(
      .rds, "DescribeDBInstances", ["DBInstanceId": .string(id)], list: "Items.DBInstance", idField: "DBInstanceId",
      id: id)
  }

  func lookupDB(_ id: String) async throws(OperationFailure) -> JSONValue? {
    do { return try await findDB(id) } catch { throw OperationFailure.cloud(error) }
  }

  func createDB() async throws(OperationFailure) -> [String: JSONValue] {
    let seed = try input.require("seed")
    let account = try input.require("accountName")
    guard account.count <= 32, account.first?.isLetter == true,
      account.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
    else {
      throw OperationFailure.invalid(
        "accountName", "\"\(account)\" must start with a letter and hold lower-case letters, digits and '_' (≤ 32)")
    }
    let spec = try CoreMemorySpec.parse(try input.require("dBInstanceSpec"), field: "dBInstanceSpec")
    let engine = try RDSClass.engine(try input.require("engine"))
    let version = try input.require("engineVersion")
    guard let storage = try input.int("dBInstanceStorage", in: 5...32000) else {
      throw OperationFailure.missing(["dBInstanceStorage"])
    }
    let storageType = try input.require("dBInstanceStorageType")
    let ips = try input.list("securityIPList").map { ip throws(OperationFailure) in
      guard Checks.isIPv4CIDR(ip, allowBareIP: true) else {
        throw OperationFailure.invalid("securityIPList", "\"\(ip)\" is not an IPv4 address or CIDR block")
      }
      return ip
    }
    guard !ips.isEmpty else { throw OperationFailure.missing(["securityIPList"]) }
    let payType = try input.oneOf("payType", ["Postpaid", "Prepaid"]) ?? "Postpaid"
    let category =
      try input.oneOf("category", ["Basic", "HighAvailability", "AlwaysOn", "Finance"]) ?? "HighAvailability"
    let password = try passwordOrGenerated("accountPassword", rules: .rds)
    let encrypted = try encrypt(password, seed: seed)
    let givenPassword = !(input.raw("accountPassword") ?? "").isEmpty

    var out: [String: JSONValue] = ["accountName": .string(account)]
    if let id = input.string("dBInstanceId"), try await lookupDB(id) != nil {
      out["dBInstanceId"] = .string(id)
      return try await finishDB(
        id, account: account, password: password, keeping: out, encrypted: givenPassword ? encrypted : nil)
    }
    let zone = try await rdsZone(engine: engine, version: version, category: category)
    let cls: SizedChoice
    if let given = input.string("dBInstanceClass") {
      cls = SizedChoice(id: given, spec: RDSClass.size(of: given, engine: engine) ?? spec)
    } else {
      let session = self
      let key = "rdsClasses:\(zone):\(engine):\(version):\(category):\(storageType):\(payType)"
      let answer = try await catalogue(key, ttlMs: 600_000) { () throws(AliCloudError) in
        try await session.send(
          .rds, "DescribeAvailableClasses",
          [
            "ZoneId": .string(zone), "Engine": .string(engine), "EngineVersion": .string(version),
            "Category": .string(category), "DBInstanceStorageType": .string(storageType),
            "InstanceChargeType": .string(payType == "Prepaid" ? "Prepaid" : "Postpaid"),
          ])
      }
      cls = try RDSClass.resolve(spec, engine: engine, available: RDSClass.available(answer, engine: engine))
    }
    var params = input.forward([
      "vpcId": "VPCId", "vSwitchId": "VSwitchId", "privateIpAddress": "PrivateIpAddress",
      "dBInstanceDescription": "DBInstanceDescription", "dBTimeZone": "DBTimeZone",
    ])
    if let c = try input.oneOf("dBIsIgnoreCase", ["0", "1"]) { params["DBIsIgnoreCase"] = .string(c) }
    params["Engine"] = .string(engine)
    params["EngineVersion"] = .string(version)
    params["DBInstanceClass"] = .string(cls.id)
    params["DBInstanceStorage"] = .string(String(storage))
    params["DBInstanceStorageType"] = .string(storageType)
    params["DBInstanceNetType"] = "Intranet"
    params["InstanceNetworkType"] = input.string("vpcId") == nil ? "Classic" : "VPC"
    params["SecurityIPList"] = .string(ListSyntax.join(ips))
    params["PayType"] = .string(payType)
    params["ZoneId"] = .string(zone)
    params["Category"] = .string(category)
    if payType == "Prepaid" {
      params["Period"] = try input.oneOf("period", ["Year", "Month"]).map(JSONValue.string) ?? "Month"
      params["UsedTime"] = .string(String(try input.int("usedTime", in: 1...9) ?? 1))
      params["AutoRenew"] = try input.bool("autoRenew").map { .string($0 ? "true" : "false") }
    }
    let r = try await call(.rds, "CreateDBInstance", params, idempotent: true, retryOn: RDSOperations.busy)
    guard let id = r.text("DBInstanceId") else {
      throw OperationFailure("CreateDBInstance answered without a DBInstanceId")
    }
    out["dBInstanceId"] = .string(id)
    out["dBInstanceClass"] = .string(cls.id)
    out["cpu"] = .string(String(cls.spec.cores))
    out["memory"] = .string(cls.spec.memoryText)
    out["requestId"] = r.text("RequestId").map(JSONValue.string)
    return try await finishDB(id, account: account, password: password, keeping: out, encrypted: encrypted)
  }

  /// Waits for Running, makes sure the account exists, applies security groups and fills the
  /// remaining output fields. Used by both the create and the existing-instance path.
  func finishDB(
    _ id: String, account: String, password: String, keeping partial: [String: JSONValue], encrypted: String?
  )
    async throws(OperationFailure) -> [String: JSONValue]
  {
    var out = partial
    try await wait(for: id, kind: "rds", until: ["Running"], failOn: ["Deleting", "Released"], keeping: out) {
      .of(try await self.findDB(id), field: "DBInstanceStatus")
    }
    let accounts = try await call(
      .rds, "DescribeAccounts", ["DBInstanceId": .string(id), "AccountName": .string(account)], keeping: out)
    let exists = accounts.items("Accounts.DBInstanceAccount").contains { $0.text("AccountName") == account }
    if !exists {
      var params = input.forward(["accountDescription": "AccountDescription"])
      params["DBInstanceId"] = .string(id)
      params["AccountName"] = .string(account)
      params["AccountPassword"] = .string(password)
      params["AccountType"] = "Super"
      _ = try await call(.rds, "CreateAccount", params, retryOn: RDSOperations.busy, keeping: out)
    }
    if let e = encrypted { out["accountPassword"] = .string(e) }
    try await wait(for: "\(id)/\(account)", kind: "rds", until: ["Available"], keeping: out) {
      let a = try await self.send(
        .rds, "DescribeAccounts", ["DBInstanceId": .string(id), "AccountName": .string(account)])
      return .of(
        a.items("Accounts.DBInstanceAccount").first { $0.text("AccountName") == account }, field: "AccountStatus")
    }
    let groups = input.list("securityGroupId")
    if !groups.isEmpty {
      _ = try await call(
        .rds, "ModifySecurityGroupConfiguration",
        ["DBInstanceId": .string(id), "SecurityGroupId": .string(ListSyntax.join(groups))], retryOn: RDSOperations.busy,
        keeping: out)
    }
    guard let db = try await lookupDB(id) else {
      throw OperationFailure("RDS instance \(id) disappeared", partial: out)
    }
    if out["dBInstanceClass"] == nil, let cls = db.text("DBInstanceClass") {
      out["dBInstanceClass"] = .string(cls)
      let engine = (try? RDSClass.engine(db.text("Engine") ?? "")) ?? "MySQL"
      let size = RDSClass.size(of: cls, engine: engine)
      out["cpu"] = (db.text("DBInstanceCPU") ?? size.map { String($0.cores) }).map(JSONValue.string)
      out["memory"] = (InstanceTypes.number(db["DBInstanceMemory"]).map { gibText(mib: $0) } ?? size?.memoryText).map(
        JSONValue.string)
    }
    let net = try await call(.rds, "DescribeDBInstanceNetInfo", ["DBInstanceId": .string(id)], keeping: out)
    let infos = net.items("DBInstanceNetInfos.DBInstanceNetInfo")
    let chosen = infos.first { ["Private", "Inner"].contains($0.text("IPType") ?? "") } ?? infos.first
    out["connectionString"] = (chosen?.text("ConnectionString") ?? db.text("ConnectionString")).map(JSONValue.string)
    out["port"] = chosen?.text("Port").map(JSONValue.string)
    return out
  }
}
