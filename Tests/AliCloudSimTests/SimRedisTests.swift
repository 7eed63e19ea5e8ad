import AliCloudCore
import AliCloudSim
import Foundation
import TestSupport
import Testing

@Suite("Simulator: Redis (R-kvstore) instances")
struct SimRedisTests {
  @Test func availableResourceListsClassesPerZone() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let zones = try w.ok("R-kvstore", "DescribeAvailableResource", ["ZoneId": w.zone])["AvailableZones"]?[
        "AvailableZone"]
      #expect(zones?.arrayValue?.count == 1)
      let edition = zones?[0]?["SupportedEngines"]?["SupportedEngine"]?[0]?["SupportedEditionTypes"]?[
        "SupportedEditionType"]?[0]
      let versions = edition?["SupportedSeriesTypes"]?["SupportedSeriesType"]?[0]?["SupportedEngineVersions"]?[
        "SupportedEngineVersion"]
      #expect(versions?.arrayValue?.compactMap { $0["Version"]?.stringValue } == ["4.0", "5.0", "6.0", "7.0"])
      let resources = versions?[0]?["SupportedArchitectureTypes"]?["SupportedArchitectureType"]?[0]?[
        "SupportedShardNumbers"]?["SupportedShardNumber"]?[0]?["SupportedNodeTypes"]?["SupportedNodeType"]?[0]?[
          "AvailableResources"]?["AvailableResource"]
      #expect(resources?[0]?["InstanceClass"] == "redis.master.small.default")
      #expect(resources?[0]?["Capacity"] == 1024)
      #expect(
        try w.call("R-kvstore", "DescribeAvailableResource", ["ZoneId": "cn-hangzhou-z"]).code
          == "InvalidZoneId.NotFound")
    }
  }

  @Test func instanceLifeCycleWithTokenPasswordsAndDependencies() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let params = [
        "InstanceClass": "redis.master.mid.default", "Password": "Redis!2024x", "VpcId": w.vpc, "VSwitchId": w.vSwitch,
        "ZoneId": w.zone, "ChargeType": "PostPaid", "EngineVersion": "6.0", "InstanceName": "cache", "Token": "tok-r-1",
      ]
      for bad in ["", "short1!", "alllowercaseletters"] {
        var p = params
        p["Password"] = bad
        p["Token"] = "tok-bad-\(bad.count)"
        #expect(try w.call("R-kvstore", "CreateInstance", p).code == "InvalidPassword.Malformed")
      }
      let created = try w.ok("R-kvstore", "CreateInstance", params)
      let id = try #require(created["InstanceId"]?.stringValue)
      #expect(id.hasPrefix("r-") && id.count == 20)
      #expect(created["ConnectionDomain"]?.stringValue == "\(id).redis.rds.aliyuncs.com")
      #expect(created["Port"] == 6379)
      #expect(created["PrivateIpAddr"]?.stringValue?.hasPrefix("10.0.1.") == true)
      #expect(created["Capacity"] == 2048)
      #expect(try w.ok("R-kvstore", "CreateInstance", params)["InstanceId"]?.stringValue == id)
      var changed = params
      changed["InstanceName"] = "other"
      #expect(try w.call("R-kvstore", "CreateInstance", changed).code == "IdempotentParameterMismatch")
      #expect(sim.simulator.resources(kind: "redis").count == 1)

      func status() throws -> String? {
        try w.ok("R-kvstore", "DescribeInstances", ["InstanceIds": "\(id),r-nothere"])["Instances"]?[
          "KVStoreInstance"]?[0]?["InstanceStatus"]?.stringValue
      }
      #expect(try sim.settle { try status() == "Normal" })
      let attr = try w.ok("R-kvstore", "DescribeInstanceAttribute", ["InstanceId": id], region: false)
      #expect(attr["Instances"]?["DBInstanceAttribute"]?[0]?["EngineVersion"] == "6.0")
      #expect(attr["Instances"]?["DBInstanceAttribute"]?[0]?["VpcId"]?.stringValue == w.vpc)
      try w.ok("R-kvstore", "ModifySecurityGroupConfiguration", ["DBInstanceId": id, "SecurityGroupId": w.group])
      #expect(
        try w.call("R-kvstore", "ModifySecurityGroupConfiguration", ["DBInstanceId": id, "SecurityGroupId": "sg-none"])
          .code == "InvalidSecurityGroupId.NotFound")
      let groups = try w.ok("R-kvstore", "DescribeSecurityGroupConfiguration", ["InstanceId": id], region: false)
      #expect(groups["Items"]?["EcsSecurityGroupRelation"]?.arrayValue?.count == 1)
      #expect(groups["Items"]?["EcsSecurityGroupRelation"]?[0]?["SecurityGroupId"]?.stringValue == w.group)
      #expect(
        try w.call("R-kvstore", "DescribeSecurityGroupConfiguration", ["InstanceId": "r-nothere"], region: false).code
          == "InvalidInstanceId.NotFound")
      #expect(attr["Instances"]?["DBInstanceAttribute"]?[0]?["SecurityIPList"] == "127.0.0.1")
      func whitelist(_ mode: String, _ ips: String) throws -> String? {
        try w.call(
          "R-kvstore", "ModifySecurityIps", ["InstanceId": id, "SecurityIps": ips, "ModifyMode": mode], region: false
        )
        .code
      }
      #expect(try whitelist("Cover", "10.0.0.0/16") == nil)
      #expect(try whitelist("Append", "192.168.0.1,10.0.0.0/16") == nil)
      #expect(try whitelist("Delete", "10.0.0.0/16,192.168.0.1") == "InvalidSecurityIps.Malformed")
      #expect(try whitelist("Cover", "10.0.0.300") == "InvalidSecurityIPList.Malformed")
      #expect(try whitelist("Replace", "10.0.0.1") == "InvalidParameter")
      let listed = try w.ok("R-kvstore", "DescribeInstanceAttribute", ["InstanceId": id], region: false)
      #expect(listed["Instances"]?["DBInstanceAttribute"]?[0]?["SecurityIPList"] == "10.0.0.0/16,192.168.0.1")
      #expect(
        try w.c.call("DeleteVSwitch", ["RegionId": w.region, "VSwitchId": w.vSwitch]).code
          == "DependencyViolation.Instance")

      try w.ok("R-kvstore", "DeleteInstance", ["InstanceId": id], region: false)
      #expect(
        try sim.settle {
          try w.ok("R-kvstore", "DescribeInstances", ["InstanceIds": id])["TotalCount"] == 0
        })
      #expect(
        try w.call("R-kvstore", "DeleteInstance", ["InstanceId": id], region: false).code
          == "InvalidInstanceId.NotFound")
      try w.teardown(sim: sim)
      #expect(sim.simulator.resources().isEmpty)
    }
  }
}
