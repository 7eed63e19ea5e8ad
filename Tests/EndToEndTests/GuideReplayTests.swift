import AliCloudCatalog
import AliCloudCore
import TestSupport
import Testing

/// Every curl example of the API guide (examples/), in a life-cycle order, through the HTTP
/// gateway of a daemon started like `alicloudd --sandbox`. The only changes to the guide's bodies:
/// ids of resources made by earlier steps, the public IPs those steps allocated, and these:
/// - security groups get the VPC (`vpcId`): instances in a vSwitch need a VPC security group;
/// - the three vSwitches of one VPC need three CIDR blocks.
@Suite struct GuideReplayTests {
  static let networkFamilies: Set<String> = [
    "vpc", "vswitch", "route_table", "route_entry", "nat", "snat_entry", "cen", "eip",
  ]
  static let ecsFamilies: Set<String> = ["security_group", "vm", "disk"]

  /// The examples of the network operations (VPC, vSwitch, route table, NAT, SNAT, EIP, CEN).
  @Test func networkExamplesSucceedThroughTheGateway() async throws {
    try await run(compute: false, data: false)
  }

  /// The network examples plus security groups, VMs and disks.
  @Test func networkAndECSExamplesSucceedThroughTheGateway() async throws {
    try await run(compute: true, data: false)
  }

  /// Every example: the guide's 49 and those of the operations beyond it.
  @Test func everyGuideExampleSucceedsThroughTheGateway() async throws {
    try await run(compute: true, data: true)
  }

  func run(compute: Bool, data: Bool) async throws {
    let f = try GatewayFixture(sandboxArguments: ["--sandbox-delay-ms", "5"])
    let g = GuideReplay(client: try f.client())
    do {
      try await replay(g, f, compute: compute, data: data)
    } catch {
      await f.stop()
      throw error
    }
    await f.stop()
    let expected = Catalog.writeOperations.filter { op in
      data || Self.networkFamilies.contains(op.family) || (compute && Self.ecsFamilies.contains(op.family))
    }.map(\.method)
    let missing = expected.filter { !g.replayed.contains($0) }
    #expect(missing.isEmpty, "not replayed: \(missing)")
  }

  func replay(_ g: GuideReplay, _ f: GatewayFixture, compute: Bool, data: Bool) async throws {

    // Network.
    let vpc = try await g.create("vpc/create", gives: ["vpcId", "routeTableId"])
    let vpcId = vpc["vpcId"]!
    let vsw = try await g.create("vswitch/create", ["vpcId": vpcId], gives: ["vSwitchId", "routeTableId"])["vSwitchId"]!
    let bound = try await g.create(
      "vswitch/create/route_table/bind", ["vpcId": vpcId], gives: ["vSwitchId", "routeTableId"])["vSwitchId"]!
    let spare = try await g.create(
      "vswitch/create", ["vpcId": vpcId, "vSwitchName": "test_vswitch3", "cidrBlock": "10.128.66.0/24"],
      gives: ["vSwitchId"])["vSwitchId"]!
    let table = try await g.create("route_table/create", ["vpcId": vpcId], gives: ["routeTableId"])["routeTableId"]!
    try await g.step("route_table/vswitch/associate", ["routeTableId": table, "vSwitchId": spare])
    let nat = try await g.create(
      "vpc/nat/create", ["vpcId": vpcId, "vSwitchId": vsw], gives: ["natGatewayId", "snatTableId"])
    let natId = nat["natGatewayId"]!
    try await g.step("route_table/route_entry/create", ["routeTableId": table, "nextHopId": natId])
    let eips = try await g.step("vpc/eip/allocate") + (try await g.step("vpc/eip/allocate"))
    let allocations = eips.map { $0["allocationId"] ?? "" }
    let ips = eips.map { $0["eipAddress"]?.stringValue ?? "" }
    try #require(ips.count == 4 && ips.allSatisfy { !$0.isEmpty })
    try await g.step("vpc/eip/associate", ["allocationId": allocations[3], "instanceId": natId])
    try await g.step("vpc/eip/un-associate", ["allocationId": allocations[3], "instanceId": natId])
    let snatTable: [String: JSONValue] = ["natId": natId, "snatTableId": nat["snatTableId"]!]
    let snat = try await g.create(
      "vpc/nat/snat_entry/create",
      snatTable.merging(["snatIp": .string("[\(ips[0]),\(ips[1])]"), "sourceVSwitchId": vsw]) { _, b in b },
      gives: ["snatEntryId"])["snatEntryId"]!
    let entry = snatTable.merging(["snatEntryId": snat]) { _, b in b }
    try await g.step(
      "vpc/nat/snat_entry/modify/append", entry.merging(["snatIp": .string("[\(ips[2])]")]) { _, b in b })
    try await g.step(
      "vpc/nat/snat_entry/modify/remove", entry.merging(["snatIp": .string("[\(ips[0])]")]) { _, b in b })
    let cen = try await g.create("cen/create", gives: ["cenId"])["cenId"]!
    try await g.step("cen/attach", ["cenId": cen, "childInstanceId": vpcId])
    try await g.step("cen/detach", ["cenId": cen, "childInstanceId": vpcId])

    if compute { try await replayCompute(g, vpcId: vpcId, vsw: vsw, data: data) }

    // Network teardown.
    try await g.step("cen/delete", ["cenId": cen])
    try await g.step("vpc/nat/snat_entry/delete", entry)
    try await g.step("vpc/eip/release", perInput: [["allocationId": allocations[0]], ["allocationId": allocations[1]]])
    try await g.step("vpc/eip/release", perInput: [["allocationId": allocations[2]], ["allocationId": allocations[3]]])
    try await g.step("vpc/nat/delete", ["natGatewayId": natId])
    try await g.step("route_table/route_entry/delete", ["routeTableId": table, "nextHopId": natId])
    try await g.step("route_table/delete", ["routeTableId": table])
    try await g.step("vswitch/delete", ["vSwitchId": spare])
    try await g.step("vswitch/delete/route_table/unbind", ["vSwitchId": bound])
    try await g.step("vswitch/delete", ["vSwitchId": vsw])
    try await g.step("vpc/delete", ["vpcId": vpcId])

    #expect(
      f.sandbox?.simulator.resources().isEmpty == true, "left: \(f.sandbox?.simulator.resources().map(\.id) ?? [])")
  }

  /// Security groups, a VM with a disk, a load balancer, RDS and Redis in the replay's VPC.
  func replayCompute(_ g: GuideReplay, vpcId: JSONValue, vsw: JSONValue, data: Bool) async throws {
    let sg = try await g.create("security_group/create", ["vpcId": vpcId], gives: ["securityGroupId"])[
      "securityGroupId"]!
    let sg2 = try await g.create(
      "security_group/create", ["vpcId": vpcId, "securityGroupName": "test_security_group2"],
      gives: ["securityGroupId"])["securityGroupId"]!
    try await g.step("security_group/authorize", ["securityGroupId": sg])
    try await g.step("security_group/revoke", ["securityGroupId": sg])
    let vm = try await g.create(
      "vm/create", ["vSwitchId": vsw, "securityGroupId": sg],
      gives: ["instanceId", "password", "privateIp"])
    let instance = vm["instanceId"]!
    #expect(vm["privateIp"] == "10.128.64.10")
    try await g.step("vm/security-group/bind", ["instanceId": instance, "securityGroupId": sg2])
    try await g.step("vm/security-group/unbind", ["instanceId": instance, "securityGroupId": sg2])
    try await g.step("vm/stop", ["instanceId": instance])
    try await g.step("vm/start", ["instanceId": instance])
    // The guide's disk example carries the VM's encrypted password (same guid, seed and password).
    #expect(vm["password"] == (try GuideReplay.example("disk/create_attach"))["inputs"]?[0]?["password"])
    let disk = try await g.create("disk/create_attach", ["instanceId": instance], gives: ["diskId", "volumeName"])
    try await g.step("disk/detach_delete", ["instanceId": instance, "diskId": disk["diskId"]!])

    if data { try await replayData(g, vpcId: vpcId, vsw: vsw, sgs: (sg, sg2), instance: instance) }

    // Teardown, dependants first.
    try await g.step("vm/delete", ["instanceId": instance])
    try await g.step("security_group/delete", ["securityGroupId": sg2])
    try await g.step("security_group/delete", ["securityGroupId": sg])
  }

  /// A load balancer in front of the VM, RDS with a backup, a whitelist and a second security
  /// group, Redis with a second security group.
  func replayData(
    _ g: GuideReplay, vpcId: JSONValue, vsw: JSONValue, sgs: (JSONValue, JSONValue), instance: JSONValue
  ) async throws {
    let (sg, sg2) = sgs
    let both = JSONValue.string("[\(sg.stringValue ?? ""),\(sg2.stringValue ?? "")]")
    let lb = try await g.create(
      "load_balancer/create", ["vpcId": vpcId, "vSwitchId": vsw], gives: ["loadBalancerId"])["loadBalancerId"]!
    let hosts: [String: JSONValue] = ["loadBalancerId": lb, "hostIds": .string("[\(instance.stringValue ?? "")]")]
    let group = try await g.create("load_balancer/backend_server/add", hosts, gives: ["vServerGroupId"])[
      "vServerGroupId"]!
    try await g.step("load_balancer/backend_server/remove", hosts.merging(["vServerGroupId": group]) { _, b in b })
    let rds = try await g.create(
      "rds/db/create", ["securityGroupId": sg, "vpcId": vpcId, "vSwitchId": vsw], gives: ["dBInstanceId"])[
        "dBInstanceId"]!
    let backup = try await g.create("rds/backup/create", ["dBInstanceId": rds], gives: ["backupId"])["backupId"]!
    try await g.step("rds/backup/delete", ["dBInstanceId": rds, "backupId": backup])
    let appended = try GuideReplay.example("rds/security_ip/append")["inputs"]?[0]?["securityIps"] ?? ""
    try await g.step("rds/security_ip/append", ["dBInstanceId": rds])
    try await g.step("rds/security_ip/delete", ["dBInstanceId": rds, "securityIps": appended])
    try await g.step("rds/security_ip/modify", ["dBInstanceId": rds])
    try await g.step("rds/security_group/append", ["dBInstanceId": rds, "securityGroupId": both])
    try await g.step("rds/security_group/remove", ["dBInstanceId": rds, "securityGroupId": sg2])
    let redis = try await g.create(
      "redis/create", ["securityGroupId": sg, "vpcId": vpcId, "vSwitchId": vsw], gives: ["instanceId"])["instanceId"]!
    try await g.step("redis/security_group/append", ["dBInstanceId": redis, "securityGroupId": both])
    try await g.step("redis/security_group/remove", ["dBInstanceId": redis, "securityGroupId": sg2])
    try await g.step("redis/delete", ["instanceId": redis])

    try await g.step("rds/db/delete", ["dBInstanceId": rds])
    try await g.step("load_balancer/delete", ["loadBalancerId": lb])
  }
}
