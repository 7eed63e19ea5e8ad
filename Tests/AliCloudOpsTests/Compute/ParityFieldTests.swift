import AliCloudCore
import AliCloudSim
import Testing

@testable import TestSupport

/// Fields the original plugin carries, and fields it does not need that the guide marks required.
@Suite struct ParityFieldTests {
  func sent(_ f: CloudFixture, _ action: String) -> [String: String]? {
    f.sim.simulator.requests().last { $0.action == action && $0.code == nil }?.params
  }

  @Test func vmHostNameZoneFromTheVSwitchAndForceStop() async throws {
    let f = try CloudFixture()
    let (vpc, vsw) = try await f.network()
    let group = try await f.securityGroup(vpc)
    var fields = vmInput(vsw, group, ["hostName": "web-01"])
    fields["zoneId"] = nil
    let out = try await f.one("vm/create", fields)
    expectOK(out, ["instanceId", "hostName"])
    #expect(out["hostName"] == "web-01")
    #expect(sent(f, "CreateInstance")?["HostName"] == "web-01")
    #expect(sent(f, "CreateInstance")?["ZoneId"] == CloudFixture.zone, "the vSwitch's zone")
    expectOK(try await f.one("vm/stop", ["instanceId": out["instanceId"]!, "forceStop": "true"]))
    #expect(sent(f, "StopInstance")?["ForceStop"] == "true")
    expectFailure(try await f.one("vm/stop", ["instanceId": out["instanceId"]!, "forceStop": "maybe"]), ["forceStop"])
    await f.stop()
  }

  @Test func fieldsTheGuideMarksRequiredButNothingNeeds() async throws {
    let f = try CloudFixture()
    let vpc = try await f.one("vpc/create", ["vpcName": "n", "cidrBlock": "10.0.0.0/16"])["vpcId"]!
    let vsw = try await f.one(
      "vswitch/create", ["vpcId": vpc, "cidrBlock": "10.0.1.0/24", "zoneId": .string(CloudFixture.zone)])
    expectOK(vsw, ["vSwitchId"])
    #expect(sent(f, "CreateVSwitch")?["VSwitchName"] == nil)
    let group = try await f.one("security_group/create", ["securityGroupName": "web", "vpcId": vpc])
    expectOK(group, ["securityGroupId", "requestId"])
    let rule = try await f.one(
      "security_group/authorize",
      [
        "securityGroupId": group["securityGroupId"]!, "actionType": "ingress", "ipProtocol": "tcp",
        "portRange": "22/22", "cidrIp": "0.0.0.0/0", "policy": "accept",
      ])
    expectOK(rule)
    var redis: [String: JSONValue] = [
      "seed": "seed123", "zoneId": .string(CloudFixture.zone), "engineVersion": "5.0", "chargeType": "PostPaid",
      "networkType": "VPC", "vpcId": vpc, "vSwitchId": vsw["vSwitchId"]!,
    ]
    redis["capacity"] = nil
    expectOK(try await f.one("redis/create", redis), ["instanceId"])
    #expect(sent(f, "CreateInstance")?["Capacity"] == "1024")
    await f.stop()
  }

  @Test func backendServerRemoveNamesTheGroupAndTheServersRemoved() async throws {
    let f = try CloudFixture()
    let e = Estate(f: f)
    let (lb, vm) = try await e.loadBalancer(1)
    let backend = try await e.make("load_balancer/backend_server/add", e.backendFields(lb, vm))
    let group = try #require(backend["vServerGroupId"])
    let removed = try await f.one(
      "load_balancer/backend_server/remove",
      e.backendFields(lb, vm).merging(["vServerGroupId": group, "deleteListener": "N"]) { _, b in b })
    expectOK(removed, ["vServerGroupId", "backendServers", "requestId"])
    #expect(removed["vServerGroupId"] == group)
    #expect(removed["backendServers"]?.stringValue == "[\(vm.stringValue ?? ""):8080]")
    await f.stop()
  }
}
