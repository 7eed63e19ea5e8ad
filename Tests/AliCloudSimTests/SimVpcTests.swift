import AliCloudCore
import AliCloudSim
import Foundation
import TestSupport
import Testing

@Suite("Simulator: VPC, vSwitch and route table state")
struct SimVpcTests {
  static let hz = ["RegionId": "cn-hangzhou"]

  @Test func vpcGoesPendingThenAvailableWithSystemRouteTable() async throws {
    try await offPool {
      let sim = try startSim(delayMs: 300)
      defer { sim.stop() }
      let c = try SimTestClient(sim)
      let created = try c.ok("CreateVpc", ["RegionId": "cn-hangzhou", "CidrBlock": "10.0.0.0/16", "VpcName": "demo"])
      let id = try #require(created["VpcId"]?.stringValue)
      #expect(id.hasPrefix("vpc-") && id.count == 24)
      #expect(id.dropFirst(4).allSatisfy { $0.isLowercase || $0.isNumber })
      #expect(created["RouteTableId"]?.stringValue?.hasPrefix("vtb-") == true)
      #expect(created["VRouterId"]?.stringValue?.hasPrefix("vrt-") == true)
      let first = try c.ok("DescribeVpcs", ["RegionId": "cn-hangzhou", "VpcId": id])
      #expect(first["Vpcs"]?["Vpc"]?[0]?["Status"] == "Pending")
      #expect(first["Vpcs"]?["Vpc"]?[0]?["VpcName"] == "demo")
      #expect(
        try sim.settle {
          try c.ok("DescribeVpcs", ["RegionId": "cn-hangzhou", "VpcId": id])["Vpcs"]?["Vpc"]?[0]?["Status"]
            == "Available"
        })
      let vpc = try c.ok("DescribeVpcs", ["RegionId": "cn-hangzhou", "VpcId": id])["Vpcs"]?["Vpc"]?[0]
      #expect(vpc?["RouterTableIds"]?["RouterTableIds"]?[0] == created["RouteTableId"])
      let tables = try c.ok("DescribeRouteTableList", ["RegionId": "cn-hangzhou", "VpcId": id])
      #expect(tables["RouterTableList"]?["RouterTableListType"]?[0]?["RouteTableType"] == "System")
      // Other regions do not see it.
      #expect(try c.ok("DescribeVpcs", ["RegionId": "cn-beijing"])["TotalCount"] == 0)
    }
  }

  /// Creates an Available VPC and returns its id.
  static func availableVpc(_ c: SimTestClient, cidr: String = "10.0.0.0/16") throws -> String {
    let id = try c.ok("CreateVpc", ["RegionId": "cn-hangzhou", "CidrBlock": cidr])["VpcId"]!.stringValue!
    _ = try c.settle {
      try c.ok("DescribeVpcs", ["RegionId": "cn-hangzhou", "VpcId": id])["Vpcs"]?["Vpc"]?[0]?["Status"] == "Available"
    }
    return id
  }

  static func availableVSwitch(_ c: SimTestClient, vpc: String, cidr: String = "10.0.1.0/24") throws -> String {
    let id = try c.ok(
      "CreateVSwitch", ["RegionId": "cn-hangzhou", "VpcId": vpc, "ZoneId": "cn-hangzhou-h", "CidrBlock": cidr])[
        "VSwitchId"]!.stringValue!
    _ = try c.settle {
      try c.ok("DescribeVSwitches", ["RegionId": "cn-hangzhou", "VSwitchId": id])["VSwitches"]?["VSwitch"]?[0]?[
        "Status"] == "Available"
    }
    return id
  }

  @Test func dependencyRulesBlockDeletes() async throws {
    try await offPool {
      let sim = try startSim(delayMs: 300)
      defer { sim.stop() }
      let c = try SimTestClient(sim)
      let pending = try c.ok("CreateVpc", ["RegionId": "cn-hangzhou", "CidrBlock": "192.168.0.0/16"])["VpcId"]!
      let early = try c.call(
        "CreateVSwitch", ["VpcId": pending.stringValue!, "ZoneId": "cn-hangzhou-h", "CidrBlock": "192.168.1.0/24"])
      #expect(early.code == "IncorrectVpcStatus")
      let vpc = try Self.availableVpc(c)
      let vsw = try Self.availableVSwitch(c, vpc: vpc)
      let blocked = try c.call("DeleteVpc", ["RegionId": "cn-hangzhou", "VpcId": vpc])
      #expect(blocked.status == 400)
      #expect(blocked.code == "DependencyViolation.VSwitch")
      #expect(sim.simulator.resource(vpc) != nil)
      // Overlapping and out-of-VPC CIDRs are refused.
      let overlap = try c.call(
        "CreateVSwitch", ["VpcId": vpc, "ZoneId": "cn-hangzhou-h", "CidrBlock": "10.0.1.128/25"])
      #expect(overlap.code == "InvalidCidrBlock.Overlapped")
      let outside = try c.call("CreateVSwitch", ["VpcId": vpc, "ZoneId": "cn-hangzhou-h", "CidrBlock": "11.0.1.0/24"])
      #expect(outside.code == "InvalidCidrBlock.Malformed")
      // A custom route table associated with the vSwitch blocks both.
      let table = try c.ok("CreateRouteTable", ["RegionId": "cn-hangzhou", "VpcId": vpc])["RouteTableId"]!.stringValue!
      #expect(sim.settle { sim.simulator.resource(table)?.status == "Available" })
      try c.ok("AssociateRouteTable", ["RegionId": "cn-hangzhou", "RouteTableId": table, "VSwitchId": vsw])
      let sw = try c.ok("DescribeVSwitches", ["VSwitchId": vsw])["VSwitches"]?["VSwitch"]?[0]
      #expect(sw?["RouteTable"]?["RouteTableId"] == .string(table))
      #expect(
        try c.call("DeleteRouteTable", ["RegionId": "cn-hangzhou", "RouteTableId": table]).code
          == "DependencyViolation.VSwitch")
      #expect(try c.call("DeleteVSwitch", ["VSwitchId": vsw]).code == "DependencyViolation.RouteTable")
      try c.ok("UnassociateRouteTable", ["RegionId": "cn-hangzhou", "RouteTableId": table, "VSwitchId": vsw])
      try c.ok("DeleteRouteTable", ["RegionId": "cn-hangzhou", "RouteTableId": table])
      try c.ok("DeleteVSwitch", ["VSwitchId": vsw])
      #expect(sim.settle { sim.simulator.resource(vsw) == nil && sim.simulator.resource(table) == nil })
      try c.ok("DeleteVpc", ["RegionId": "cn-hangzhou", "VpcId": vpc])
      #expect(
        try sim.settle { try c.ok("DescribeVpcs", ["RegionId": "cn-hangzhou", "VpcId": vpc])["TotalCount"] == 0 })
      #expect(sim.simulator.resources(kind: "routetable").allSatisfy { $0.string("VpcId") != vpc })
      let gone = try c.call("DeleteVpc", ["RegionId": "cn-hangzhou", "VpcId": vpc])
      #expect(gone.status == 404)
      #expect(gone.code == "InvalidVpcId.NotFound")
    }
  }

  @Test func routeEntriesNeedAnExistingTableAndUniqueDestination() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try SimTestClient(sim)
      let vpc = try Self.availableVpc(c)
      let table = try c.ok("CreateRouteTable", ["RegionId": "cn-hangzhou", "VpcId": vpc])["RouteTableId"]!.stringValue!
      #expect(sim.settle { sim.simulator.resource(table)?.status == "Available" })
      let params = [
        "RouteTableId": table, "DestinationCidrBlock": "0.0.0.0/0", "NextHopType": "HaVip", "NextHopId": "havip-x",
      ]
      let entry = try c.ok("CreateRouteEntry", params)["RouteEntryId"]!.stringValue!
      #expect(entry.hasPrefix("rte-"))
      #expect(try c.call("CreateRouteEntry", params).code == "RouterEntryConflict.Duplicated")
      var missing = params
      missing["NextHopType"] = "Instance"
      missing["DestinationCidrBlock"] = "10.9.0.0/16"
      #expect(try c.call("CreateRouteEntry", missing).code == "InvalidNextHopId.NotFound")
      #expect(sim.settle { sim.simulator.resource(entry)?.status == "Available" })
      #expect(
        try c.call("DeleteRouteTable", ["RegionId": "cn-hangzhou", "RouteTableId": table]).code
          == "DependencyViolation.RouteEntry")
      let listed = try c.ok("DescribeRouteEntryList", ["RegionId": "cn-hangzhou", "RouteTableId": table])
      #expect(listed["RouteEntrys"]?["RouteEntry"]?[0]?["NextHops"]?["NextHop"]?[0]?["NextHopId"] == "havip-x")
      try c.ok("DeleteRouteEntry", ["RouteTableId": table, "DestinationCidrBlock": "0.0.0.0/0"])
      #expect(sim.settle { sim.simulator.resource(entry) == nil })
      #expect(try c.call("DeleteRouteEntry", ["RouteEntryId": entry]).code == "InvalidRouteEntry.NotFound")
    }
  }

  @Test func clientTokenDeduplicatesPerKey() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try SimTestClient(sim, signing: .v1)
      let p = ["RegionId": "cn-hangzhou", "CidrBlock": "10.0.0.0/16", "ClientToken": "tok-abc"]
      let a = try c.ok("CreateVpc", p)
      let b = try c.ok("CreateVpc", p)
      #expect(a["VpcId"] == b["VpcId"])
      #expect(a["RequestId"] != b["RequestId"])
      #expect(sim.simulator.resources(kind: "vpc").count == 1)
      #expect(sim.simulator.stats.idempotentReplays == 1)
      var changed = p
      changed["CidrBlock"] = "10.1.0.0/16"
      #expect(try c.call("CreateVpc", changed).code == "IdempotentParameterMismatch")
      // Another access key with the same token gets its own resource.
      let other = try SimTestClient(
        sim, credential: .init(accessKeyId: "LTAI-sts-key", accessKeySecret: "sts-secret", securityToken: "tok-1"))
      let d = try other.ok("CreateVpc", p)
      #expect(d["VpcId"] != a["VpcId"])
      #expect(sim.simulator.resources(kind: "vpc").count == 2)
    }
  }

  @Test func pageNumberPagination() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try SimTestClient(sim)
      var ids: [String] = []
      for i in 0..<7 {
        ids.append(
          try c.ok("CreateVpc", ["RegionId": "cn-hangzhou", "CidrBlock": "10.\(i).0.0/16"])["VpcId"]!.stringValue!)
      }
      var seen: [String] = []
      for page in 1...3 {
        let r = try c.ok("DescribeVpcs", ["RegionId": "cn-hangzhou", "PageSize": "3", "PageNumber": "\(page)"])
        #expect(r["TotalCount"] == 7)
        #expect(r["PageNumber"] == .int(page))
        #expect(r["PageSize"] == 3)
        seen += r["Vpcs"]?["Vpc"]?.arrayValue?.compactMap { $0["VpcId"]?.stringValue } ?? []
      }
      #expect(seen == ids)
      let filtered = try c.ok("DescribeVpcs", ["RegionId": "cn-hangzhou", "VpcId": "\(ids[1]),\(ids[4])"])
      #expect(filtered["TotalCount"] == 2)
    }
  }

  @Test func nextTokenPagination() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try SimTestClient(sim)
      let vpc = try Self.availableVpc(c)
      let table = try c.ok("CreateRouteTable", ["RegionId": "cn-hangzhou", "VpcId": vpc])["RouteTableId"]!.stringValue!
      #expect(sim.settle { sim.simulator.resource(table)?.status == "Available" })
      for i in 0..<5 {
        try c.ok(
          "CreateRouteEntry",
          [
            "RouteTableId": table, "DestinationCidrBlock": "172.\(i).0.0/16", "NextHopType": "HaVip",
            "NextHopId": "havip-\(i)",
          ])
      }
      var token = ""
      var got: [String] = []
      repeat {
        var p = ["RegionId": "cn-hangzhou", "RouteTableId": table, "MaxResult": "2"]
        if !token.isEmpty { p["NextToken"] = token }
        let r = try c.ok("DescribeRouteEntryList", p)
        got += r["RouteEntrys"]?["RouteEntry"]?.arrayValue?.compactMap { $0["DestinationCidrBlock"]?.stringValue } ?? []
        token = r["NextToken"]?.stringValue ?? ""
      } while !token.isEmpty && got.count < 10
      #expect(got == (0..<5).map { "172.\($0).0.0/16" })
      let bad = try c.call(
        "DescribeRouteEntryList", ["RegionId": "cn-hangzhou", "RouteTableId": table, "NextToken": "zzz"])
      #expect(bad.code == "InvalidNextToken")
    }
  }
}
