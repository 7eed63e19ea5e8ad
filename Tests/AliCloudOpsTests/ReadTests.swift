import AliCloudAPI
import AliCloudCatalog
import AliCloudCore
import AliCloudJournal
import AliCloudSim
import Testing

@testable import TestSupport

/// Reads of every kind through the daemon against the simulator over HTTP: describe and list
/// after the create (the same fields both ways, the create's own outputs among them), NotFound
/// and absence from the list after the delete, paging beyond one page, and no write call.
@Suite(.serialized) struct ReadTests {
  /// One kind's reads checked against a resource that exists.
  struct Reader {
    let f: CloudFixture
    let kind: ReadKind

    /// Describes `id` (with the `scope` inputs) and finds it in the list; expects the `fields`
    /// non-empty and equal to `expected` where given. Returns the describe output.
    @discardableResult
    func seen(
      _ id: JSONValue, scope: [String: JSONValue] = [:], fields: [String] = [], expected: [String: JSONValue] = [:],
      filters: [String: JSONValue] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [String: JSONValue] {
      let before = f.sim.simulator.stats.requests
      let described = try await f.one(kind.base + "/describe", scope.merging([kind.id.name: id]) { _, b in b })
      expectOK(described, [kind.id.name, "requestId"] + fields, sourceLocation: sourceLocation)
      #expect(described[kind.id.name] == id, sourceLocation: sourceLocation)
      #expect(described["attributes"]?.objectValue?.isEmpty == false, "\(described)", sourceLocation: sourceLocation)
      for (name, value) in expected {
        #expect(described[name] == value, "\(kind.base) \(name): \(described)", sourceLocation: sourceLocation)
      }
      let listed = try await f.one(kind.base + "/list", scope.merging(filters) { _, b in b })
      expectOK(listed, ["count", "truncated"], sourceLocation: sourceLocation)
      let items = listed["items"]?.arrayValue ?? []
      #expect(listed["count"] == .string(String(items.count)), sourceLocation: sourceLocation)
      let item = try #require(items.first { $0[kind.id.name] == id }, "\(kind.base)/list lacks \(id): \(listed)")
      for field in kind.resourceFields.map(\.name) {
        #expect(item[field] == described[field], "\(kind.base) \(field)", sourceLocation: sourceLocation)
      }
      let writes = f.sim.simulator.requests(since: 0).filter {
        $0.sequence > before && !$0.action.hasPrefix("Describe")
      }
      #expect(writes.isEmpty, "reads sent \(writes.map(\.action))", sourceLocation: sourceLocation)
      return described
    }

    /// After the delete: describe fails with NotFound naming the id, the list lacks it.
    func gone(_ id: JSONValue, scope: [String: JSONValue] = [:], sourceLocation: SourceLocation = #_sourceLocation)
      async throws
    {
      let described = try await f.one(kind.base + "/describe", scope.merging([kind.id.name: id]) { _, b in b })
      expectFailure(described, ["NotFound", id.stringValue ?? "?"], sourceLocation: sourceLocation)
      let listed = try await f.one(kind.base + "/list", scope)
      if listed["errorCode"] == "0" {
        let ids = (listed["items"]?.arrayValue ?? []).map { $0[kind.id.name] }
        #expect(!ids.contains(id), "\(kind.base)/list still has \(id)", sourceLocation: sourceLocation)
      } else {
        // The parent went with it: the list of a parent that is gone is a failure of its own.
        expectFailure(listed, [], sourceLocation: sourceLocation)
      }
    }
  }

  @Test func networkKinds() async throws {
    let f = try CloudFixture(delayMs: 2)
    let e = Estate(f: f)
    let read = { (kind: ReadKind) in Reader(f: f, kind: kind) }
    let vpc = try await e.make("vpc/create", ["vpcName": "reads", "cidrBlock": "10.0.0.0/16"])
    let v = vpc["vpcId"]!
    try await read(.vpc).seen(
      v, fields: ["vpcName", "cidrBlock", "routeTableId", "status"],
      expected: ["routeTableId": vpc["routeTableId"]!, "vpcName": "reads", "status": "Available"],
      filters: ["vpcName": "reads"])
    let sw = try await e.vswitch(v, 100)
    let s = sw["vSwitchId"]!
    try await read(.vswitch).seen(
      s, fields: ["vpcId", "zoneId", "cidrBlock", "routeTableId"],
      expected: ["routeTableId": sw["routeTableId"]!, "vpcId": v], filters: ["vpcId": v])
    let table = try await e.routeTable(v)
    try await read(.routeTable).seen(
      table, fields: ["vpcId", "routeTableType"], expected: ["routeTableType": "Custom"], filters: ["vpcId": v])
    let nat = try await e.make("vpc/nat/create", ["vpcId": v, "vSwitchId": s, "name": "gw"])
    let n = nat["natGatewayId"]!
    try await read(.nat).seen(
      n, fields: ["vpcId", "vSwitchId", "snatTableId", "status"],
      expected: ["snatTableId": nat["snatTableId"]!, "vSwitchId": s, "name": "gw"], filters: ["vpcId": v])
    let route: [String: JSONValue] = [
      "routeTableId": table, "destinationCidrBlock": "0.0.0.0/0", "nextHopType": "NatGateway", "nextHopId": n,
    ]
    _ = try await e.make("route_table/route_entry/create", route)
    try await read(.routeEntry).seen(
      "0.0.0.0/0", scope: ["routeTableId": table], fields: ["nextHopId", "nextHopType"], expected: ["nextHopId": n])
    let eip = try await e.eip()
    try await read(.eip).seen(eip.id, fields: ["eipAddress", "status"], expected: ["eipAddress": eip.ip])
    let snatFields: [String: JSONValue] = [
      "natId": n, "snatTableId": nat["snatTableId"]!, "snatIp": eip.ip, "sourceVSwitchId": s,
    ]
    let snat = try await e.make("vpc/nat/snat_entry/create", snatFields)["snatEntryId"]!
    let snatScope: [String: JSONValue] = ["snatTableId": nat["snatTableId"]!]
    try await read(.snatEntry).seen(
      snat, scope: snatScope, fields: ["snatIp", "sourceVSwitchId"], expected: ["snatIp": eip.ip],
      filters: ["sourceVSwitchId": s])
    let cen = try await e.cen()
    try await read(.cen).seen(cen, fields: ["status"], expected: ["name": "c"])

    _ = try await e.make("cen/delete", ["cenId": cen])
    try await read(.cen).gone(cen)
    _ = try await e.make("vpc/nat/snat_entry/delete", snatFields.merging(["snatEntryId": snat]) { _, b in b })
    try await read(.snatEntry).gone(snat, scope: snatScope)
    _ = try await e.make("vpc/eip/release", ["allocationId": eip.id])
    try await read(.eip).gone(eip.id)
    _ = try await e.make("route_table/route_entry/delete", route)
    try await read(.routeEntry).gone("0.0.0.0/0", scope: ["routeTableId": table])
    _ = try await e.make("vpc/nat/delete", ["natGatewayId": n])
    try await read(.nat).gone(n)
    _ = try await e.make("route_table/delete", ["routeTableId": table])
    try await read(.routeTable).gone(table)
    _ = try await e.make("vswitch/delete", ["vSwitchId": s])
    try await read(.vswitch).gone(s)
    _ = try await e.make("vpc/delete", ["vpcId": v])
    try await read(.vpc).gone(v)
    await f.stop()
  }

  @Test func computeKinds() async throws {
    let f = try CloudFixture(delayMs: 2)
    let e = Estate(f: f)
    let read = { (kind: ReadKind) in Reader(f: f, kind: kind) }
    let (vpc, vsw) = try await e.network(0)
    let group = try await e.group(vpc)
    try await read(.securityGroup).seen(
      group, fields: ["securityGroupName", "vpcId"], expected: ["vpcId": vpc], filters: ["vpcId": vpc])
    let rule: [String: JSONValue] = [
      "securityGroupId": group, "policy": "accept", "cidrIp": "[10.0.0.0/8, 192.168.0.0/16]", "ipProtocol": "tcp",
      "portRange": "22", "actionType": "ingress", "description": "ssh",
    ]
    _ = try await e.make("security_group/authorize", rule)
    _ = try await e.make(
      "security_group/authorize",
      rule.merging(["actionType": "egress", "cidrIp": "0.0.0.0/0", "portRange": "443"]) { _, b in b })
    let inGroup: [String: JSONValue] = ["securityGroupId": group]
    let rules = try await f.one("security_group/rule/list", inGroup)
    expectOK(rules, ["count"])
    #expect(rules["count"] == "3", "\(rules)")
    let ingress = try await f.one("security_group/rule/list", ["securityGroupId": group, "actionType": "Ingress"])
    let ssh = try #require(
      (ingress["items"]?.arrayValue ?? []).first { $0["sourceCidrIp"] == "192.168.0.0/16" }, "\(ingress)")
    #expect(ingress["count"] == "2" && ssh["actionType"] == "ingress" && ssh["portRange"] == "22/22")
    let ruleId = try #require(ssh["securityGroupRuleId"])
    try await read(.securityGroupRule).seen(
      ruleId, scope: inGroup, fields: ["ipProtocol", "portRange", "policy"],
      expected: ["ipProtocol": "TCP", "description": "ssh", "policy": "Accept"], filters: ["actionType": "ingress"])
    _ = try await e.make("security_group/revoke", rule.merging(["cidrIp": "192.168.0.0/16"]) { _, b in b })
    try await read(.securityGroupRule).gone(ruleId, scope: inGroup)
    let vm = try await e.make("vm/create", e.vmFields(vsw, group))
    let i = vm["instanceId"]!
    try await read(.vm).seen(
      i, fields: ["instanceType", "cpu", "memory", "privateIp", "vpcId", "vSwitchId", "status"],
      expected: ["instanceType": vm["instanceType"]!, "privateIp": vm["privateIp"]!, "status": "Running"],
      filters: ["vSwitchId": vsw])
    let disk = try await e.make("disk/create_attach", e.diskFields(vm))
    let d = disk["diskId"]!
    try await read(.disk).seen(
      d, fields: ["instanceId", "size", "status"], expected: ["instanceId": i, "size": "20", "status": "In_use"],
      filters: ["instanceId": i])

    _ = try await e.make(
      "disk/detach_delete",
      [
        "diskId": d, "volumeName": disk["volumeName"]!, "instanceId": i, "instanceGuid": "g", "seed": "seed123",
        "password": vm["password"]!, "unmountDir": "/data",
      ])
    try await read(.disk).gone(d)
    _ = try await e.make("vm/delete", ["instanceId": i])
    try await read(.vm).gone(i)
    _ = try await e.make("security_group/delete", ["securityGroupId": group])
    try await read(.securityGroup).gone(group)
    await f.stop()
  }

  @Test func dataKinds() async throws {
    let f = try CloudFixture(delayMs: 2)
    let e = Estate(f: f)
    let read = { (kind: ReadKind) in Reader(f: f, kind: kind) }
    let (lb, vm) = try await e.loadBalancer(0)
    let lbRecord = try await read(.loadBalancer).seen(lb, fields: ["address", "vpcId", "vSwitchId", "status"])
    let added = try await e.make("load_balancer/backend_server/add", e.backendFields(lb, vm))
    let group: [String: JSONValue] = ["vServerGroupId": added["vServerGroupId"]!]
    try await read(.backendServer).seen(vm, scope: group, fields: ["port"], expected: ["port": "8080"])
    let (vpc, vsw) = try await e.network(1)
    let db = try await e.make("rds/db/create", e.rdsFields(vpc, vsw))
    let r = db["dBInstanceId"]!
    try await read(.rds).seen(
      r, fields: ["engine", "dBInstanceClass", "status"],
      expected: ["dBInstanceClass": db["dBInstanceClass"]!, "status": "Running"], filters: ["vpcId": vpc])
    let backup = try await e.make("rds/backup/create", ["dBInstanceId": r])["backupId"]!
    let inDb: [String: JSONValue] = ["dBInstanceId": r]
    try await read(.rdsBackup).seen(backup, scope: inDb, fields: ["backupType", "status"])
    _ = try await e.make("rds/security_ip/append", ["dBInstanceId": r, "securityIps": "192.168.0.1"])
    let whitelist = try await read(.rdsWhitelist).seen("default", scope: inDb, fields: ["securityIps"])
    #expect(whitelist["securityIps"]?.stringValue?.contains("192.168.0.1") == true, "\(whitelist)")
    let redis = try await e.make("redis/create", e.redisFields(vpc, vsw))
    let k = redis["instanceId"]!
    try await read(.redis).seen(
      k, fields: ["connectionDomain", "port", "status"],
      expected: ["connectionDomain": redis["connectionDomain"]!, "port": redis["port"]!, "status": "Normal"],
      filters: ["vSwitchId": vsw])

    _ = try await e.make("redis/delete", ["instanceId": k])
    try await read(.redis).gone(k)
    _ = try await e.make("rds/backup/delete", ["dBInstanceId": r, "backupId": backup])
    try await read(.rdsBackup).gone(backup, scope: inDb)
    _ = try await e.make("rds/db/delete", ["dBInstanceId": r])
    try await read(.rds).gone(r)
    try await read(.rdsWhitelist).gone("default", scope: inDb)
    _ = try await e.make(
      "load_balancer/backend_server/remove",
      e.backendFields(lb, vm).merging(group.merging(["deleteListener": "Y"]) { _, b in b }) { _, b in b })
    try await read(.backendServer).gone(vm, scope: group)
    _ = try await e.make("load_balancer/delete", ["loadBalancerId": lb])
    try await read(.loadBalancer).gone(lbRecord["loadBalancerId"]!)
    await f.stop()
  }

  /// More VPCs than three pages of 50 (PageNumber) and security groups than one page of 100
  /// (NextToken): every page is followed, each once, and a limit cuts the list and says so.
  @Test func listsFollowEveryPage() async throws {
    let f = try CloudFixture(delayMs: 2)
    for i in 0..<120 {
      _ = try await f.cloud(.vpc, "CreateVpc", ["CidrBlock": "10.0.0.0/16", "VpcName": .string("p\(i % 2)")])
    }
    let vpc = try await f.cloud(.vpc, "CreateVpc", ["CidrBlock": "10.0.0.0/16"])["VpcId"]!
    for i in 0..<105 {
      _ = try await f.cloud(.ecs, "CreateSecurityGroup", ["SecurityGroupName": .string("g\(i)"), "VpcId": vpc])
    }
    let before = f.sim.simulator.stats.requests
    let all = try await f.one("vpc/list", [:])
    expectOK(all, ["count"])
    #expect(all["count"] == "121" && all["truncated"] == "false", "\(all["count"] ?? "")")
    #expect(Set((all["items"]?.arrayValue ?? []).compactMap { $0["vpcId"] }).count == 121)
    let pages = f.sim.simulator.requests(since: 0).filter { $0.sequence > before && $0.action == "DescribeVpcs" }
    #expect(pages.map { $0.params["PageNumber"] } == ["1", "2", "3"], "\(pages.map(\.params))")

    let named = try await f.one("vpc/list", ["vpcName": "p1"])
    #expect(named["count"] == "60", "\(named["count"] ?? "")")
    #expect((named["items"]?.arrayValue ?? []).allSatisfy { $0["vpcName"] == "p1" })

    let cut = try await f.one("vpc/list", ["limit": "55"])
    #expect(cut["count"] == "55" && cut["truncated"] == "true", "\(cut["count"] ?? "") \(cut["truncated"] ?? "")")
    let exact = try await f.one("vpc/list", ["limit": "121"])
    #expect(exact["count"] == "121" && exact["truncated"] == "false")
    for bad in ["0", "1001", "many"] {
      expectFailure(try await f.one("vpc/list", ["limit": .string(bad)]), ["limit"])
    }

    let start = f.sim.simulator.stats.requests
    let groups = try await f.one("security_group/list", ["vpcId": vpc])
    #expect(groups["count"] == "105" && groups["truncated"] == "false", "\(groups["count"] ?? "")")
    let calls = f.sim.simulator.requests(since: 0).filter { $0.sequence > start }
    #expect(calls.count == 2 && calls[0].params["NextToken"] == nil && calls[1].params["NextToken"] != nil)
    await f.stop()
  }

  /// The `tag` filter becomes AliCloud's `Tag.N.Key`/`Tag.N.Value`, in the VPC products' tag
  /// shape and in ECS's.
  @Test func listsFilterByTags() async throws {
    let f = try CloudFixture(delayMs: 2)
    let prod: JSONValue = [["Key": "env", "Value": "prod"], ["Key": "team", "Value": "web"]]
    let tagged = try await f.cloud(.vpc, "CreateVpc", ["CidrBlock": "10.0.0.0/16", "Tag": prod])["VpcId"]!
    let dev = try await f.cloud(
      .vpc, "CreateVpc", ["CidrBlock": "10.0.0.0/16", "Tag": [["Key": "env", "Value": "dev"]]])[
        "VpcId"]!
    _ = try await f.cloud(.vpc, "CreateVpc", ["CidrBlock": "10.0.0.0/16"])
    func ids(_ method: String, _ tag: String) async throws -> [JSONValue] {
      let out = try await f.one(method, ["tag": .string(tag)])
      expectOK(out, ["count"])
      return (out["items"]?.arrayValue ?? []).compactMap { $0[method.hasPrefix("vpc") ? "vpcId" : "securityGroupId"] }
    }
    #expect(try await ids("vpc/list", "env=prod") == [tagged])
    #expect(Set(try await ids("vpc/list", "env")) == [tagged, dev])
    #expect(try await ids("vpc/list", "[env=prod, team=web]") == [tagged])
    #expect(try await ids("vpc/list", "[env=prod, team=db]").isEmpty)
    let group = try await f.cloud(.ecs, "CreateSecurityGroup", ["VpcId": tagged, "Tag": prod])["SecurityGroupId"]!
    _ = try await f.cloud(.ecs, "CreateSecurityGroup", ["VpcId": tagged])
    #expect(try await ids("security_group/list", "team=web") == [group])
    let sent = f.sim.simulator.requests(since: 0).last { $0.action == "DescribeSecurityGroups" }
    #expect(sent?.params["Tag.1.Key"] == "team" && sent?.params["Tag.1.Value"] == "web", "\(sent?.params ?? [:])")
    expectFailure(try await f.one("vpc/list", ["tag": "=prod"]), ["tag", "no key"])
    await f.stop()
  }

  /// Reads are never journaled: not when they succeed, not when the cloud fails them with an
  /// outcome a mutation would keep pending.
  @Test func readsAreNotJournaled() async throws {
    let journal = MutationJournal(directory: nil)
    let f = try CloudFixture(
      delayMs: 2, retry: RetryPolicy(maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2), journal: journal)
    let vpc = try await Estate(f: f).vpc()
    let recorded = journal.count
    expectOK(try await f.one("vpc/describe", ["vpcId": vpc]), ["vpcId"])
    expectOK(try await f.one("vpc/list", [:]), ["count"])
    var faults = SimFaults()
    faults.actions = ["DescribeVpcs"]
    faults.lostResponseRate = 1
    try f.sim.simulator.setFaults(faults)
    let lost = try await f.one("vpc/list", [:])
    expectFailure(lost, ["DescribeVpcs"])
    let message = lost["errorMessage"]?.stringValue ?? ""
    #expect(!message.contains("ClientToken"), "a read has no token to re-send: \(message)")
    #expect(journal.count == recorded && journal.unfinished.isEmpty)
    await f.stop()
  }

  /// A cloud that keeps answering full pages of nothing, or the same NextToken, ends the list
  /// instead of looping.
  @Test func answersThatClaimMoreForeverEndTheList() async throws {
    let tables: JSONValue = [
      "RouteTables": ["RouteTable": .array(Array(repeating: ["RouteTableId": "vtb-1"], count: 50))]
    ]
    let cloud = ScriptedCloud(["DescribeRouteTables": [tables]])
    let entries = try await cloud.run("route_table/route_entry/list", ["routeTableId": "vtb-1"])
    #expect(entries["errorCode"] == "0" && entries["count"] == "0", "\(entries)")
    #expect(cloud.sent("DescribeRouteTables").count == 1)
    let page: JSONValue = ["NextToken": "same", "SecurityGroups": ["SecurityGroup": [["SecurityGroupId": "sg-1"]]]]
    let groups = ScriptedCloud(["DescribeSecurityGroups": [page]])
    let listed = try await groups.run("security_group/list", [:])
    #expect(listed["count"] == "2" && groups.sent("DescribeSecurityGroups").count == 2, "\(listed)")
    #expect(groups.sent("DescribeSecurityGroups").last?["NextToken"] == "same")
  }

  /// One input's NotFound does not hide the others of the call, and the envelope says it failed.
  @Test func notFoundIsPerInput() async throws {
    let f = try CloudFixture(delayMs: 2)
    let vpc = try await Estate(f: f).vpc()
    let r = try await f.call(
      "vpc/describe",
      [CloudFixture.input(["vpcId": vpc], guid: "a"), CloudFixture.input(["vpcId": "vpc-missing"], guid: "b")])
    let outs = r["results"]?["outputs"]?.arrayValue ?? []
    #expect(r["resultCode"] == "1" && outs.count == 2)
    expectOK(outs[0], ["vpcId", "vpcName"])
    expectFailure(outs[1], ["NotFound", "vpc-missing", CloudFixture.region])
    let missing = try await f.one("vpc/describe", [:])
    expectFailure(missing, ["vpcId"])
    await f.stop()
  }
}
