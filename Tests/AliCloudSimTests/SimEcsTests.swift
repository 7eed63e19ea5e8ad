import AliCloudCore
import AliCloudSim
import Foundation
import TestSupport
import Testing

@Suite("Simulator: ECS security groups, instances and disks")
struct SimEcsTests {
  @Test func securityGroupRulesAreValidatedLikeAliCloud() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let g = w.group
      #expect(g.hasPrefix("sg-") && g.count == 23)
      let base = ["SecurityGroupId": g, "SourceCidrIp": "0.0.0.0/0", "Policy": "accept"]
      func authorize(_ proto: String, _ ports: String) throws -> SimTestClient.Reply {
        try w.ecsCall(
          "AuthorizeSecurityGroup",
          base.merging(["RegionId": w.region, "IpProtocol": proto, "PortRange": ports]) { $1 })
      }
      #expect(try authorize("tcp", "22/22").status == 200)
      #expect(try authorize("TCP", "22/22").status == 200)  // identical rule: a no-op
      #expect(try authorize("udp", "1/65535").status == 200)
      #expect(try authorize("icmp", "-1/-1").status == 200)
      #expect(try authorize("all", "-1/-1").status == 200)
      #expect(try authorize("tcp", "-1/-1").code == "InvalidPortRange.Malformed")
      #expect(try authorize("tcp", "22-22").code == "InvalidPortRange.Malformed")
      #expect(try authorize("tcp", "80/22").code == "InvalidPortRange.Malformed")
      #expect(try authorize("tcp", "0/65536").code == "InvalidPortRange.Malformed")
      #expect(try authorize("icmp", "22/22").code == "InvalidPortRange.Malformed")
      #expect(try authorize("ftp", "21/21").code == "InvalidIpProtocol.Malformed")
      let egress = try w.ecsCall(
        "AuthorizeSecurityGroupEgress",
        [
          "RegionId": w.region, "SecurityGroupId": g, "IpProtocol": "tcp", "PortRange": "443/443",
          "DestCidrIp": "10.1.2.3",
        ])
      #expect(egress.status == 200)
      let rules = try #require(sim.simulator.resource(g)?["Permissions"]?.arrayValue)
      #expect(rules.count == 5)
      #expect(rules.last?["DestCidrIp"] == "10.1.2.3/32")
      #expect(rules.last?["Direction"] == "egress")
      try w.ecs("RevokeSecurityGroup", base.merging(["IpProtocol": "tcp", "PortRange": "22/22"]) { $1 })
      #expect(sim.simulator.resource(g)?["Permissions"]?.arrayValue?.count == 4)
      let listed = try w.ecs("DescribeSecurityGroups", ["SecurityGroupIds": "[\"\(g)\"]"])
      #expect(listed["SecurityGroups"]?["SecurityGroup"]?[0]?["RuleCount"] == 4)
      #expect(listed["SecurityGroups"]?["SecurityGroup"]?[0]?["VpcId"]?.stringValue == w.vpc)
      #expect(listed["TotalCount"] == 1)
    }
  }

  @Test func instanceLifeCycleWithStatusTransitionsAndDependencies() async throws {
    try await offPool {
      let sim = try startSim(delayMs: 400)
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let params = [
        "InstanceType": "ecs.g6.large", "ImageId": "aliyun_3_x64_20G_alibase_20240819.vhd", "VSwitchId": w.vSwitch,
        "SecurityGroupId": w.group, "Password": "Abcd1234!x", "ClientToken": "tok-vm-1", "ZoneId": w.zone,
      ]
      let id = try #require(w.ecs("CreateInstance", params)["InstanceId"]?.stringValue)
      #expect(id.hasPrefix("i-"))
      // The same token gives the same instance; other parameters under it are refused.
      #expect(try w.ecs("CreateInstance", params)["InstanceId"]?.stringValue == id)
      var changed = params
      changed["RegionId"] = w.region
      changed["InstanceType"] = "ecs.c6.large"
      let mismatch = try w.ecsCall("CreateInstance", changed)
      #expect(mismatch.code == "IdempotentParameterMismatch", "\(mismatch.body)")
      #expect(try w.instanceStatus(id) == "Pending")
      #expect(try w.ecsCall("StartInstance", ["InstanceId": id]).code == "IncorrectInstanceStatus")
      #expect(try sim.settle { try w.instanceStatus(id) == "Stopped" })
      try w.ecs("StartInstance", ["InstanceId": id])
      #expect(try w.instanceStatus(id) == "Starting")
      #expect(try sim.settle { try w.instanceStatus(id) == "Running" })
      let inst = try #require(
        try w.ecs("DescribeInstances", ["InstanceIds": "[\"\(id)\"]"])["Instances"]?["Instance"]?[0])
      let ip = try #require(inst["NetworkInterfaces"]?["NetworkInterface"]?[0]?["PrimaryIpAddress"]?.stringValue)
      #expect(ip.hasPrefix("10.0.1."))
      #expect(inst["Cpu"] == 2 && inst["Memory"] == 8192)
      #expect(inst["SecurityGroupIds"]?["SecurityGroupId"]?[0]?.stringValue == w.group)
      // Security groups: the group is in use; the last group cannot be left.
      #expect(
        try w.ecsCall("DeleteSecurityGroup", ["RegionId": w.region, "SecurityGroupId": w.group]).code
          == "DependencyViolation")
      #expect(
        try w.ecsCall("LeaveSecurityGroup", ["InstanceId": id, "SecurityGroupId": w.group]).code
          == "InstanceLastSecurityGroup")
      let second = try w.ecs("CreateSecurityGroup", ["VpcId": w.vpc])["SecurityGroupId"]!.stringValue!
      try w.ecs(
        "ModifyInstanceAttribute", ["InstanceId": id, "SecurityGroupIds.1": w.group, "SecurityGroupIds.2": second])
      #expect(sim.simulator.resource(id)?["SecurityGroupIds"]?.arrayValue?.count == 2)
      try w.ecs("LeaveSecurityGroup", ["InstanceId": id, "SecurityGroupId": second])
      try w.ecs("JoinSecurityGroup", ["InstanceId": id, "SecurityGroupId": second])
      #expect(try w.ecsCall("JoinSecurityGroup", ["InstanceId": id, "SecurityGroupId": second]).status == 403)
      #expect(
        try w.ecsCall("ModifyInstanceAttribute", ["InstanceId": id, "Password": "short"]).code
          == "InvalidPassword.Malformed")
      // Delete: refused while running unless forced.
      #expect(try w.ecsCall("DeleteInstance", ["InstanceId": id]).code == "IncorrectInstanceStatus")
      try w.ecs("StopInstance", ["InstanceId": id])
      #expect(try w.instanceStatus(id) == "Stopping")
      #expect(try sim.settle { try w.instanceStatus(id) == "Stopped" })
      try w.ecs("DeleteInstance", ["InstanceId": id])
      #expect(try sim.settle { try w.ecs("DescribeInstances", ["InstanceIds": "[\"\(id)\"]"])["TotalCount"] == 0 })
      try w.ecs("DeleteSecurityGroup", ["SecurityGroupId": second])
      try w.ecs("DeleteSecurityGroup", ["SecurityGroupId": w.group])
      #expect(sim.simulator.resources(kind: "instance").isEmpty)
      #expect(sim.simulator.resources(kind: "disk").isEmpty)
      #expect(sim.simulator.resources(kind: "securitygroup").isEmpty)
    }
  }

  @Test func catalogueOffersSpecsPerZone() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let types =
        try w.ecs("DescribeInstanceTypes", ["InstanceTypeFamily": "ecs.t5"])["InstanceTypes"]?[
          "InstanceType"]?.arrayValue ?? []
      let specs = Set(types.map { "\($0["CpuCoreCount"]!.intValue!)C\($0["MemorySize"]!.doubleValue!)G" })
      #expect(specs.isSuperset(of: ["1C1.0G", "1C2.0G", "2C4.0G", "2C8.0G"]))
      let avail = try w.ecs(
        "DescribeAvailableResource",
        ["ZoneId": "cn-hangzhou-j", "DestinationResource": "InstanceType", "ResourceType": "instance"])
      let offered =
        avail["AvailableZones"]?["AvailableZone"]?[0]?["AvailableResources"]?["AvailableResource"]?[0]?[
          "SupportedResources"]?["SupportedResource"]?.arrayValue ?? []
      let r6 = offered.first { $0["Value"] == "ecs.r6.large" }
      #expect(r6?["StatusCategory"] == "WithoutStock")
      #expect(offered.first { $0["Value"] == "ecs.g6.large" }?["StatusCategory"] == "WithStock")
      let disks = try w.ecs("DescribeAvailableResource", ["DestinationResource": "SystemDisk", "ZoneId": w.zone])
      #expect(disks["AvailableZones"]?["AvailableZone"]?[0]?["ZoneId"]?.stringValue == w.zone)
    }
  }

  @Test func diskAttachDetachRules() async throws {
    try await offPool {
      let sim = try startSim(delayMs: 300)
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let vm = try w.runningInstance()
      let disk = try w.ecs("CreateDisk", ["ZoneId": w.zone, "Size": "20", "DiskCategory": "cloud_essd"])["DiskId"]!
        .stringValue!
      #expect(try w.diskStatus(disk) == "Creating")
      #expect(try w.ecsCall("AttachDisk", ["DiskId": disk, "InstanceId": vm]).code == "IncorrectDiskStatus")
      #expect(try sim.settle { try w.diskStatus(disk) == "Available" })
      let other = try w.ecs("CreateDisk", ["ZoneId": "cn-hangzhou-i", "Size": "20", "DiskCategory": "cloud_essd"])[
        "DiskId"]!.stringValue!
      _ = try sim.settle { try w.diskStatus(other) == "Available" }
      #expect(try w.ecsCall("AttachDisk", ["DiskId": other, "InstanceId": vm]).code == "InvalidDiskId.ZoneMismatch")
      try w.ecs("AttachDisk", ["DiskId": disk, "InstanceId": vm])
      #expect(try w.diskStatus(disk) == "Attaching")
      #expect(try sim.settle { try w.diskStatus(disk) == "In_use" })
      let d = try w.ecs("DescribeDisks", ["DiskIds": "[\"\(disk)\"]"])["Disks"]?["Disk"]?[0]
      #expect(d?["Device"] == "/dev/xvdb")
      #expect(d?["InstanceId"]?.stringValue == vm)
      #expect(try w.ecsCall("DeleteDisk", ["DiskId": disk]).code == "IncorrectDiskStatus")
      try w.ecs("DetachDisk", ["DiskId": disk, "InstanceId": vm])
      #expect(try sim.settle { try w.diskStatus(disk) == "Available" })
      try w.ecs("DeleteDisk", ["DiskId": disk])
      try w.ecs("DeleteDisk", ["DiskId": other])
      #expect(sim.settle { sim.simulator.resources(kind: "disk").count == 1 })  // the system disk
      let notJSON = try w.ecsCall("DescribeDisks", ["RegionId": w.region, "DiskIds": "not-json"])
      #expect(notJSON.code == "InvalidDiskIds.Malformed", "\(notJSON.body)")
    }
  }
}
