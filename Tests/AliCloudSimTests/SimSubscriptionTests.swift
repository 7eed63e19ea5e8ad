import AliCloudCore
import AliCloudSim
import Foundation
import TestSupport
import Testing

/// Subscription (PrePaid) resources are released only once expired, as AliCloud documents:
/// ECS DeleteInstance answers ChargeTypeViolation, VPC ReleaseEipAddress
/// Forbidden.ChargeTypeIsPrepaid, RDS DeleteDBInstance refuses a subscription primary instance.
@Suite struct SimSubscriptionTests {
  @Test func aSubscriptionInstanceIsReleasedOnlyOnceExpired() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let id = try w.ecs(
        "CreateInstance",
        [
          "InstanceType": "ecs.t5-lc1m2.small", "ImageId": "aliyun_3_x64_20G_alibase_20240819.vhd",
          "VSwitchId": w.vSwitch, "SecurityGroupId": w.group, "InstanceChargeType": "PrePaid", "Period": "1",
          "PeriodUnit": "Week",
        ])["InstanceId"]!.stringValue!
      _ = try w.settle { try w.instanceStatus(id) == "Stopped" }
      let refused = try w.ecsCall("DeleteInstance", ["InstanceId": id])
      #expect(refused.code == "ChargeTypeViolation" && refused.status == 403)
      let clock = try #require(sim.simulator.config.clock as? ManualClock)
      clock.advance(.seconds(8 * 86_400))
      #expect(try w.ecsCall("DeleteInstance", ["InstanceId": id]).code == nil)
      #expect(try w.settle { try w.instanceStatus(id) == nil })
    }
  }

  @Test func aSubscriptionEIPIsNotReleased() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try SimTestClient(sim)
      let region = "cn-hangzhou"
      let prepaid = try c.ok("AllocateEipAddress", ["RegionId": region, "InstanceChargeType": "PrePaid"])
      let id = try #require(prepaid["AllocationId"]?.stringValue)
      let refused = try c.call("ReleaseEipAddress", ["RegionId": region, "AllocationId": id])
      #expect(refused.code == "Forbidden.ChargeTypeIsPrepaid")
      let postpaid = try c.ok("AllocateEipAddress", ["RegionId": region])["AllocationId"]!.stringValue!
      #expect(try c.call("ReleaseEipAddress", ["RegionId": region, "AllocationId": postpaid]).code == nil)
    }
  }

  @Test func aSubscriptionRDSInstanceIsNotReleased() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      var params = SimRdsTests.createParams(w)
      params["PayType"] = "Prepaid"
      params["Period"] = "Month"
      params["UsedTime"] = "1"
      let db = try #require(try w.ok("Rds", "CreateDBInstance", params)["DBInstanceId"]?.stringValue)
      _ = try w.settle {
        try w.ok("Rds", "DescribeDBInstanceAttribute", ["DBInstanceId": db])["Items"]?["DBInstanceAttribute"]?[0]?[
          "DBInstanceStatus"] == "Running"
      }
      let refused = try w.call("Rds", "DeleteDBInstance", ["DBInstanceId": db])
      #expect(refused.code == "OperationDenied.PayType" && refused.status == 403)
    }
  }

  @Test func aSubscriptionRedisInstanceIsNotReleased() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let made = try w.ok(
        "R-kvstore", "CreateInstance",
        [
          "Capacity": "1024", "EngineVersion": "5.0", "ChargeType": "PrePaid", "Period": "1", "NetworkType": "VPC",
          "VpcId": w.vpc, "VSwitchId": w.vSwitch, "ZoneId": w.zone, "Token": "tok-redis-1",
        ])
      let id = try #require(made["InstanceId"]?.stringValue)
      _ = try w.settle {
        try w.ok("R-kvstore", "DescribeInstances", ["InstanceIds": id])["Instances"]?["KVStoreInstance"]?[0]?[
          "InstanceStatus"] == "Normal"
      }
      let refused = try w.call("R-kvstore", "DeleteInstance", ["InstanceId": id])
      #expect(refused.code == "IncorrectInstanceChargeType" && refused.status == 403)
    }
  }
}
