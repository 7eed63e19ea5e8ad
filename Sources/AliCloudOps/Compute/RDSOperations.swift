import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

extension Resource {
  static let rds = Resource(
    kind: .rds, noun: "RDS instance", product: .rds, describe: "DescribeDBInstances", list: "Items.DBInstance",
    idField: "DBInstanceId", stateField: "DBInstanceStatus", ready: ["Running"], failed: ["Deleting", "Released"],
    deleteAction: "DeleteDBInstance", notFoundCodes: ["InvalidDBInstanceId.NotFound"],
    busy: [
      "OperationDenied.DBInstanceStatus", "OperationDenied.DBStatus", "IncorrectDBInstanceState",
      "ConcurrentTaskExceeded", "LockTimeout",
    ])
}

/// `rds/db/create`, `rds/db/delete`, with backups and IP whitelists in RDSMaintenance.swift.
enum RDSOperations {
  static let busy = Resource.rds.busy

  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table(
      [
        env.operation(.rdsDbCreate) { s in try await s.createDB() },
        env.operation(.rdsDbDelete) { s in
          try await s.deleteIfPresent(.rds, try s.input.require("dBInstanceId"))
        },
      ] + maintenance(env))
  }
}

extension CloudSession {
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
    let payType = try input.oneOf("payType") ?? "Postpaid"
    let category =
      try input.oneOf("category") ?? "HighAvailability"
    let password = try passwordOrGenerated("accountPassword", rules: .rds)
    let encrypted = try encrypt(password, seed: seed)
    let givenPassword = !(input.raw("accountPassword") ?? "").isEmpty

    let made = try await findOrCreate(
      .rds, existing: "dBInstanceId", output: "dBInstanceId",
      fields: { db, created in
        var out: [String: JSONValue] = ["accountName": .string(account)]
        if created {
          for key in ["dBInstanceClass", "cpu", "memory"] { out[key] = db[key] }
        }
        if created || givenPassword { out["accountPassword"] = .string(encrypted) }
        return out
      },
      create: .steps { () throws(OperationFailure) in
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
        if let c = try input.oneOf("dBIsIgnoreCase") { params["DBIsIgnoreCase"] = .string(c) }
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
          params["Period"] = try input.oneOf("period").map(JSONValue.string) ?? "Month"
          params["UsedTime"] = .string(String(try input.int("usedTime", in: 1...9) ?? 1))
          params["AutoRenew"] = try input.bool("autoRenew").map { .string($0 ? "true" : "false") }
        }
        let r = try await call(.rds, "CreateDBInstance", params, idempotent: true, retryOn: RDSOperations.busy)
        // The chosen class goes with the answer, for the output.
        return r.adding([
          "dBInstanceClass": .string(cls.id), "cpu": .string(String(cls.spec.cores)),
          "memory": .string(cls.spec.memoryText),
        ])
      })
    return try await finishDB(made, account: account, password: password)
  }

  /// Makes sure the account exists on the running instance, applies security groups and fills
  /// the remaining output fields. Used by both the create and the existing-instance path.
  func finishDB(_ made: Made, account: String, password: String) async throws(OperationFailure) -> [String: JSONValue] {
    var out = made.out
    let id = made.id
    let accounts = try await call(
      .rds, "DescribeAccounts", ["DBInstanceId": .string(id), "AccountName": .string(account)], keeping: out)
    let exists = accounts.items("Accounts.DBInstanceAccount").contains { $0.text("AccountName") == account }
    if !exists {
      var params = input.forward(["accountDescription": "AccountDescription"])
      params["DBInstanceId"] = .string(id)
      params["AccountName"] = .string(account)
      params["AccountPassword"] = .string(password)
      params["AccountType"] = "Super"
      _ = try await call(
        .rds, "CreateAccount", params, retryOn: RDSOperations.busy, keeping: out,
        done: { () throws(OperationFailure) in
          let a = try await self.call(
            .rds, "DescribeAccounts", ["DBInstanceId": .string(id), "AccountName": .string(account)])
          return a.items("Accounts.DBInstanceAccount").contains { $0.text("AccountName") == account }
        })
    }
    try await wait(for: "\(id)/\(account)", kind: .rds, until: ["Available"], keeping: out) {
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
    guard let db = made.item else { throw OperationFailure("RDS instance \(id) disappeared", partial: out) }
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
    out["privateIpAddress"] = chosen?.text("IPAddress").map(JSONValue.string)
    return out
  }
}
