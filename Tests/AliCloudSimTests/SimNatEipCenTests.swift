import AliCloudCore
import AliCloudSim
import Foundation
import TestSupport
import Testing

@Suite("Simulator: NAT, SNAT, EIP, bandwidth package and CEN")
struct SimNatEipCenTests {
  static let hz = "cn-hangzhou"

  @Test func natSnatAndEipLifecycle() async throws {
    try await offPool {
      let sim = try startSim(delayMs: 300)
      defer { sim.stop() }
      let c = try SimTestClient(sim)
      let vpc = try SimVpcTests.availableVpc(c)
      let vsw = try SimVpcTests.availableVSwitch(c, vpc: vpc)
      let nat = try c.ok("CreateNatGateway", ["RegionId": Self.hz, "VpcId": vpc, "VSwitchId": vsw, "Name": "n1"])
      let natId = try #require(nat["NatGatewayId"]?.stringValue)
      let table = try #require(nat["SnatTableIds"]?["SnatTableId"]?[0]?.stringValue)
      #expect(table.hasPrefix("stb-"))
      #expect(sim.simulator.resource(natId)?.status == "Creating")
      #expect(sim.settle { sim.simulator.resource(natId)?.status == "Available" })
      let eip = try c.ok("AllocateEipAddress", ["RegionId": Self.hz])
      let alloc = try #require(eip["AllocationId"]?.stringValue)
      let ip = try #require(eip["EipAddress"]?.stringValue)
      // SNAT with an EIP not bound to the gateway is refused.
      let early = try c.call(
        "CreateSnatEntry", ["RegionId": Self.hz, "SnatTableId": table, "SnatIp": ip, "SourceVSwitchId": vsw])
      #expect(early.code == "EIP_NOT_IN_GATEWAY")
      try c.ok("AssociateEipAddress", ["AllocationId": alloc, "InstanceId": natId, "InstanceType": "Nat"])
      #expect(sim.simulator.resource(alloc)?.status == "Associating")
      #expect(try c.call("ReleaseEipAddress", ["AllocationId": alloc]).code == "IncorrectEipStatus")
      #expect(sim.settle { sim.simulator.resource(alloc)?.status == "InUse" })
      let snat = try c.ok(
        "CreateSnatEntry", ["RegionId": Self.hz, "SnatTableId": table, "SnatIp": ip, "SourceVSwitchId": vsw])
      let entry = try #require(snat["SnatEntryId"]?.stringValue)
      #expect(sim.settle { sim.simulator.resource(entry)?.status == "Available" })
      let listed = try c.ok("DescribeSnatTableEntries", ["RegionId": Self.hz, "SnatTableId": table])
      #expect(listed["SnatTableEntries"]?["SnatTableEntry"]?[0]?["SourceCIDR"] == "10.0.1.0/24")
      let ngw = try c.ok("DescribeNatGateways", ["RegionId": Self.hz, "NatGatewayId": natId])["NatGateways"]?[
        "NatGateway"]?[0]
      #expect(ngw?["IpLists"]?["IpList"]?[0]?["AllocationId"] == .string(alloc))
      #expect(ngw?["IpLists"]?["IpList"]?[0]?["UsingStatus"] == "UsedBySnatTable")
      // Order matters: the EIP is used by SNAT, the NAT has entries, the vSwitch is a SNAT source.
      #expect(
        try c.call("UnassociateEipAddress", ["AllocationId": alloc, "InstanceId": natId]).code
          == "DependencyViolation.SnatEntry")
      #expect(
        try c.call("DeleteNatGateway", ["RegionId": Self.hz, "NatGatewayId": natId]).code
          == "DependencyViolation.SnatEntry")
      #expect(try c.call("DeleteVSwitch", ["VSwitchId": vsw]).code == "DependencyViolation.SnatEntry")
      try c.ok(
        "ModifySnatEntry", ["RegionId": Self.hz, "SnatTableId": table, "SnatEntryId": entry, "SnatEntryName": "x"])
      #expect(sim.simulator.resource(entry)?.status == "Modifying")
      #expect(
        try c.call("ModifySnatEntry", ["RegionId": Self.hz, "SnatTableId": table, "SnatEntryId": entry, "SnatIp": ""])
          .status == 400)
      #expect(sim.settle { sim.simulator.resource(entry)?.status == "Available" })
      try c.ok("DeleteSnatEntry", ["RegionId": Self.hz, "SnatTableId": table, "SnatEntryId": entry])
      #expect(sim.settle { sim.simulator.resource(entry) == nil })
      try c.ok("UnassociateEipAddress", ["AllocationId": alloc, "InstanceId": natId, "InstanceType": "Nat"])
      #expect(sim.simulator.resource(alloc)?.status == "Unassociating")
      #expect(sim.settle { sim.simulator.resource(alloc)?.status == "Available" })
      try c.ok("DeleteNatGateway", ["RegionId": Self.hz, "NatGatewayId": natId])
      #expect(sim.settle { sim.simulator.resource(natId) == nil })
      try c.ok("ReleaseEipAddress", ["AllocationId": alloc])
      #expect(try c.call("ReleaseEipAddress", ["AllocationId": alloc]).code == "InvalidAllocationId.NotFound")
    }
  }

  @Test func bandwidthPackageMembership() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try SimTestClient(sim)
      let alloc = try c.ok("AllocateEipAddress", ["RegionId": Self.hz, "InternetChargeType": "PayByTraffic"])[
        "AllocationId"]!
        .stringValue!
      #expect(
        try c.call(
          "CreateCommonBandwidthPackage",
          ["RegionId": Self.hz, "Bandwidth": "10", "InternetChargeType": "PayByTraffic"]
        )
        .code == "InvalidInternetChargeType.ValueNotSupported")
      let cbp = try c.ok("CreateCommonBandwidthPackage", ["RegionId": Self.hz, "Bandwidth": "10", "Name": "shared"])[
        "BandwidthPackageId"]!.stringValue!
      let ip = ["RegionId": Self.hz, "BandwidthPackageId": cbp, "IpInstanceId": alloc]
      try c.ok("AddCommonBandwidthPackageIp", ip)
      #expect(try c.call("AddCommonBandwidthPackageIp", ip).code == "BandwidthPackageOperation.conflict")
      let found = try c.ok("DescribeCommonBandwidthPackages", ["RegionId": Self.hz, "Name": "shared"])
      let pkg = found["CommonBandwidthPackages"]?["CommonBandwidthPackage"]?[0]
      #expect(pkg?["PublicIpAddresses"]?["PublicIpAddresse"]?[0]?["AllocationId"] == .string(alloc))
      #expect(try c.call("ReleaseEipAddress", ["AllocationId": alloc]).code == "IncorrectEipStatus")
      #expect(
        try c.call("DeleteCommonBandwidthPackage", ["RegionId": Self.hz, "BandwidthPackageId": cbp]).status == 400)
      try c.ok("RemoveCommonBandwidthPackageIp", ip)
      try c.ok("ReleaseEipAddress", ["AllocationId": alloc])
      try c.ok("DeleteCommonBandwidthPackage", ["RegionId": Self.hz, "BandwidthPackageId": cbp])
      #expect(sim.simulator.resources().isEmpty)
    }
  }

  @Test func cenAttachDetachAndDelete() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try SimTestClient(sim)
      let vpc = try SimVpcTests.availableVpc(c)
      let cen = try c.ok("CreateCen", ["Name": "net"], product: "Cbn")["CenId"]!.stringValue!
      #expect(cen.hasPrefix("cen-"))
      let child = ["CenId": cen, "ChildInstanceId": vpc, "ChildInstanceType": "VPC", "ChildInstanceRegionId": Self.hz]
      #expect(try c.call("AttachCenChildInstance", child, product: "Cbn").code == "InvalidOperation.CenInstanceStatus")
      #expect(sim.settle { sim.simulator.resource(cen)?.status == "Active" })
      try c.ok("AttachCenChildInstance", child, product: "Cbn")
      #expect(try c.call("AttachCenChildInstance", child, product: "Cbn").code == "InstanceExist.AttachedToCen")
      #expect(try c.call("DeleteVpc", ["RegionId": Self.hz, "VpcId": vpc]).code == "DependencyViolation.CenInstance")
      #expect(
        try c.call("DeleteCen", ["CenId": cen], product: "Cbn").code == "InvalidOperation.CenInstanceHasChildInstances")
      #expect(sim.settle { sim.simulator.resources(kind: "cenattachment").first?.status == "Attached" })
      let kids = try c.ok("DescribeCenAttachedChildInstances", ["CenId": cen], product: "Cbn")
      #expect(kids["ChildInstances"]?["ChildInstance"]?[0]?["ChildInstanceId"] == .string(vpc))
      let filtered = try c.ok("DescribeCens", ["Filter.1.Key": "CenId", "Filter.1.Value.1": cen], product: "Cbn")
      #expect(filtered["TotalCount"] == 1)
      try c.ok("DetachCenChildInstance", child, product: "Cbn")
      #expect(sim.settle { sim.simulator.resources(kind: "cenattachment").isEmpty })
      try c.ok("DeleteCen", ["CenId": cen], product: "Cbn")
      #expect(sim.settle { sim.simulator.resource(cen) == nil })
      #expect(try c.call("DeleteCen", ["CenId": cen], product: "Cbn").code == "ParameterCenInstanceId")
      try c.ok("DeleteVpc", ["RegionId": Self.hz, "VpcId": vpc])
    }
  }
}
