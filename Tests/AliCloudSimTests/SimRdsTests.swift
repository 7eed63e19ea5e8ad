import AliCloudCore
import AliCloudSim
import Foundation
import TestSupport
import Testing

@Suite("Simulator: RDS instances, accounts, whitelists and backups")
struct SimRdsTests {
  @Test func availableZonesAndClasses() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let zones = try w.ok("Rds", "DescribeAvailableZones", ["Engine": "MySQL"])["AvailableZones"]?.arrayValue ?? []
      let ids = zones.compactMap { $0["ZoneId"]?.stringValue }
      #expect(ids.contains("cn-hangzhou-h"))
      #expect(ids.contains("cn-hangzhou-MAZ6(h,i)"))
      let maz = zones.first { $0["ZoneId"] == "cn-hangzhou-MAZ6(h,i)" }
      let mazCategories = maz?["SupportedEngines"]?[0]?["SupportedEngineVersions"]?[0]?["SupportedCategorys"]?
        .arrayValue?.compactMap { $0["Category"]?.stringValue }
      #expect(mazCategories == ["HighAvailability"])
      #expect(try w.call("Rds", "DescribeAvailableZones", ["Engine": "Oracle"]).code == "InvalidEngine.Malformed")

      func classes(_ engine: String, _ version: String, _ category: String, _ zone: String = "cn-hangzhou-h") throws
        -> [String]
      {
        try w.ok(
          "Rds", "DescribeAvailableClasses",
          [
            "Engine": engine, "EngineVersion": version, "Category": category, "ZoneId": zone,
            "DBInstanceStorageType": "cloud_essd",
          ])["DBInstanceClasses"]?.arrayValue?.compactMap { $0["DBInstanceClass"]?.stringValue } ?? []
      }
      let basic = try classes("MySQL", "8.0", "Basic")
      #expect(basic.contains("mysql.n2.small.1") && !basic.contains("mysql.n2.small.2c"))
      let ha = try classes("MySQL", "5.7", "HighAvailability", "cn-hangzhou-MAZ6(h,i)")
      #expect(ha.contains("mysql.n2.small.2c") && !ha.contains("mysql.n2.small.1"))
      #expect(try classes("MySQL", "8.0", "Basic", "cn-hangzhou-MAZ6(h,i)").isEmpty)
      #expect(try classes("MariaDB", "10.3", "HighAvailability").contains("mariadb.n2.small.2c"))
    }
  }

  static func createParams(_ w: ComputeWorld) -> [String: String] {
    [
      "Engine": "MySQL", "EngineVersion": "8.0", "DBInstanceClass": "mysql.n2.medium.1", "DBInstanceStorage": "20",
      "DBInstanceStorageType": "cloud_essd", "DBInstanceNetType": "Intranet", "InstanceNetworkType": "VPC",
      "PayType": "Postpaid", "SecurityIPList": "127.0.0.1", "VPCId": w.vpc, "VSwitchId": w.vSwitch, "ZoneId": w.zone,
      "Category": "Basic", "ClientToken": "tok-db-1",
    ]
  }

  @Test func instanceLifeCycleAccountsAndWhitelists() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let params = Self.createParams(w)
      let created = try w.ok("Rds", "CreateDBInstance", params)
      let db = try #require(created["DBInstanceId"]?.stringValue)
      #expect(db.hasPrefix("rm-") && db.count == 23)
      #expect(created["ConnectionString"]?.stringValue == "\(db).mysql.rds.aliyuncs.com")
      #expect(created["Port"] == "3306")
      #expect(try w.ok("Rds", "CreateDBInstance", params)["DBInstanceId"]?.stringValue == db)
      var other = params
      other.removeValue(forKey: "VSwitchId")
      other["ClientToken"] = "tok-db-2"
      #expect(try w.call("Rds", "CreateDBInstance", other).code == "MissingVSwitchId")
      other["VSwitchId"] = w.vSwitch
      other["DBInstanceClass"] = "mysql.n2.medium.2c"  // a high-availability class
      #expect(try w.call("Rds", "CreateDBInstance", other).code == "InvalidDBInstanceClass.NotFound")

      func attribute() throws -> JSONValue? {
        try w.ok("Rds", "DescribeDBInstanceAttribute", ["DBInstanceId": db], region: false)["Items"]?[
          "DBInstanceAttribute"]?[0]
      }
      #expect(try sim.settle { try attribute()?["DBInstanceStatus"] == "Running" })
      let a = try #require(try attribute())
      #expect(a["DBInstanceCPU"] == "2")
      #expect(a["DBInstanceMemory"] == 4096)
      #expect(a["ZoneId"]?.stringValue == w.zone)
      let listed = try w.ok("Rds", "DescribeDBInstances", ["DBInstanceId": db])
      #expect(listed["TotalRecordCount"] == 1)
      #expect(listed["Items"]?["DBInstance"]?[0]?["VpcId"]?.stringValue == w.vpc)
      let net = try w.ok("Rds", "DescribeDBInstanceNetInfo", ["DBInstanceId": db], region: false)
      let info = net["DBInstanceNetInfos"]?["DBInstanceNetInfo"]?[0]
      #expect(info?["IPType"] == "Private")
      #expect(info?["IPAddress"]?.stringValue?.hasPrefix("10.0.1.") == true)
      #expect(
        try w.c.call("DeleteVSwitch", ["RegionId": w.region, "VSwitchId": w.vSwitch]).code
          == "DependencyViolation.Instance")

      // Accounts.
      let account = ["DBInstanceId": db, "AccountName": "app_user", "AccountType": "Super"]
      #expect(
        try w.call("Rds", "CreateAccount", account.merging(["AccountPassword": "weakpass"]) { $1 }, region: false).code
          == "InvalidAccountPassword.Malformed")
      try w.ok("Rds", "CreateAccount", account.merging(["AccountPassword": "Str0ng!Pass"]) { $1 }, region: false)
      #expect(
        try w.call("Rds", "CreateAccount", account.merging(["AccountPassword": "Str0ng!Pass"]) { $1 }, region: false)
          .code == "InvalidAccountName.Duplicate")
      func accountStatus() throws -> String? {
        try w.ok("Rds", "DescribeAccounts", ["DBInstanceId": db, "AccountName": "app_user"], region: false)[
          "Accounts"]?["DBInstanceAccount"]?[0]?["AccountStatus"]?.stringValue
      }
      #expect(try sim.settle { try accountStatus() == "Available" })

      // Whitelists.
      func whitelist() throws -> String? {
        try w.ok("Rds", "DescribeDBInstanceIPArrayList", ["DBInstanceId": db], region: false)["Items"]?[
          "DBInstanceIPArray"]?[0]?["SecurityIPList"]?.stringValue
      }
      #expect(try whitelist() == "127.0.0.1")
      let ips = ["DBInstanceId": db, "DBInstanceIPArrayName": "default"]
      let modify = try w.ok(
        "Rds", "ModifySecurityIps",
        ips.merging(["SecurityIps": "10.0.1.0/24,192.168.1.5", "ModifyMode": "Append"]) { $1 },
        region: false)
      #expect(modify["TaskId"]?.stringValue?.isEmpty == false)
      #expect(try whitelist() == "127.0.0.1,10.0.1.0/24,192.168.1.5")
      #expect(
        try w.call("Rds", "ModifySecurityIps", ips.merging(["SecurityIps": ""]) { $1 }, region: false).code
          == "MissingSecurityIps")
      #expect(
        try w.call(
          "Rds", "ModifySecurityIps",
          ips.merging(["SecurityIps": "127.0.0.1,10.0.1.0/24,192.168.1.5", "ModifyMode": "Delete"]) { $1 },
          region: false
        ).code == "InvalidSecurityIPList.Malformed")
      try w.ok(
        "Rds", "ModifySecurityIps", ips.merging(["SecurityIps": "192.168.1.5", "ModifyMode": "Delete"]) { $1 },
        region: false)
      #expect(try whitelist() == "127.0.0.1,10.0.1.0/24")
      let sg = try w.ok("Rds", "ModifySecurityGroupConfiguration", ["DBInstanceId": db, "SecurityGroupId": w.group])
      #expect(sg["Items"]?["EcsSecurityGroupRelation"]?[0]?["SecurityGroupId"]?.stringValue == w.group)
      let groups = try w.ok("Rds", "DescribeSecurityGroupConfiguration", ["DBInstanceId": db], region: false)
      #expect(groups["Items"]?["EcsSecurityGroupRelation"]?[0]?["SecurityGroupId"]?.stringValue == w.group)
      #expect(groups["Items"]?["EcsSecurityGroupRelation"]?[0]?["NetworkType"] == "vpc")
      #expect(groups["DBInstanceName"]?.stringValue == db && groups["RequestId"] != nil)
      #expect(
        try w.call("Rds", "DescribeSecurityGroupConfiguration", ["DBInstanceId": "rm-nothere"], region: false).code
          == "InvalidDBInstanceId.NotFound")
      #expect(
        try w.call("Rds", "ModifySecurityGroupConfiguration", ["DBInstanceId": db, "SecurityGroupId": ""]).code
          == "MissingSecurityGroupId")

      // Delete: Deleting, then gone with its accounts.
      try w.ok("Rds", "DeleteDBInstance", ["DBInstanceId": db], region: false)
      #expect(
        try sim.settle {
          try w.call("Rds", "DescribeDBInstanceAttribute", ["DBInstanceId": db], region: false).code
            == "InvalidDBInstanceId.NotFound"
        })
      #expect(try w.ok("Rds", "DescribeDBInstances", ["DBInstanceId": db])["TotalRecordCount"] == 0)
      #expect(sim.simulator.resources(kind: "rdsaccount").isEmpty)
      try w.teardown(sim: sim)
      #expect(sim.simulator.resources().isEmpty)
    }
  }

  @Test func backupJobsFinishIntoBackupSets() async throws {
    try await offPool {
      var config = SimConfig(seed: 11, delays: SimDelays(standard: 0.02, perKind: ["rdsbackup": 1.0]))
      config.credentials = [.sandbox]
      config.clock = ManualClock()
      let sim = try SimServer.start(config)
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let db = try w.ok("Rds", "CreateDBInstance", Self.createParams(w))["DBInstanceId"]!.stringValue!
      #expect(
        try sim.settle {
          try w.ok("Rds", "DescribeDBInstances", ["DBInstanceId": db])["Items"]?["DBInstance"]?[0]?["DBInstanceStatus"]
            == "Running"
        })
      let job = try #require(
        try w.ok("Rds", "CreateBackup", ["DBInstanceId": db, "BackupMethod": "Physical"])["BackupJobId"]?.stringValue)
      #expect(Int(job) != nil)
      // The job runs for a second: a second backup is refused meanwhile.
      #expect(try w.call("Rds", "CreateBackup", ["DBInstanceId": db]).code == "BackupJobExists")
      func task() throws -> JSONValue? {
        try w.ok("Rds", "DescribeBackupTasks", ["DBInstanceId": db, "BackupJobId": job])["Items"]?["BackupJob"]?[0]
      }
      #expect(try sim.settle { try task()?["BackupStatus"] == "Finished" })
      let backupId = try #require(try task()?["BackupId"]?.stringValue)
      let sets = try w.ok("Rds", "DescribeBackups", ["DBInstanceId": db, "BackupId": backupId])
      #expect(sets["TotalRecordCount"] == "1")
      #expect(sets["Items"]?["Backup"]?[0]?["BackupStatus"] == "Success")
      try w.ok("Rds", "DeleteBackup", ["DBInstanceId": db, "BackupId": backupId])
      #expect(try w.ok("Rds", "DescribeBackups", ["DBInstanceId": db])["TotalRecordCount"] == "0")
      #expect(
        try w.call("Rds", "DeleteBackup", ["DBInstanceId": db, "BackupId": backupId]).code == "InvalidBackupId.NotFound"
      )
      try w.ok("Rds", "DeleteDBInstance", ["DBInstanceId": db])
      _ = sim.settle { sim.simulator.resources(kind: "dbinstance").isEmpty }
      try w.teardown(sim: sim)
      #expect(sim.simulator.resources().isEmpty)
    }
  }
}
