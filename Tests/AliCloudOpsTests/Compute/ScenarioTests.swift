import AliCloudAPI
import AliCloudCore
import AliCloudSim
import Testing

@testable import TestSupport

/// The guide's order end to end through the daemon, then teardown, leaving the simulator empty.
func computeScenario(_ f: CloudFixture) async throws {
  let e = Estate(f: f)
  let (vpc, vsw) = try await e.network(0)
  let sg = try await e.make("security_group/create", ["securityGroupName": "web", "description": "d", "vpcId": vpc])[
    "securityGroupId"]!
  let other = try await e.group(vpc, "db")
  _ = try await e.make(
    "security_group/authorize",
    [
      "securityGroupId": sg, "policy": "accept", "description": "ssh and web", "actionType": "ingress",
      "cidrIp": "[10.0.0.0/8,0.0.0.0/0]", "ipProtocol": "[tcp,tcp]", "portRange": "[22,80/80]",
    ])
  let vm = try await e.make("vm/create", e.vmFields(vsw, sg))
  #expect(vm["instanceType"] == "ecs.s6-c1m1.small" && vm["cpu"] == "1" && vm["memory"] == "1")
  let id = vm["instanceId"]!
  _ = try await e.make("vm/stop", ["instanceId": id])
  _ = try await e.make("vm/start", ["instanceId": id])
  _ = try await e.make("vm/security-group/bind", ["instanceId": id, "securityGroupId": other])
  _ = try await e.make("vm/security-group/unbind", ["instanceId": id, "securityGroupId": other])
  let disk = try await e.make("disk/create_attach", e.diskFields(vm))
  #expect(disk["volumeName"] == "/dev/vdb")
  _ = try await e.make(
    "disk/detach_delete",
    [
      "diskId": disk["diskId"]!, "volumeName": disk["volumeName"]!, "instanceId": id, "instanceGuid": "g",
      "seed": "seed123", "password": vm["password"]!, "unmountDir": "/data",
    ])
  let lb = try await e.make("load_balancer/create", e.lbFields(vpc, vsw))["loadBalancerId"]!
  let backend = try await e.make("load_balancer/backend_server/add", e.backendFields(lb, id))
  _ = try await e.make(
    "load_balancer/backend_server/remove",
    e.backendFields(lb, id).merging(["vServerGroupId": backend["vServerGroupId"]!, "deleteListener": "Y"]) { _, b in b }
  )
  let db = try await e.make("rds/db/create", e.rdsFields(vpc, vsw).merging(["securityGroupId": sg]) { _, b in b })
  #expect(db["dBInstanceClass"] == "mysql.n2.small.2c" && db["cpu"] == "1" && db["memory"] == "2")
  let dbId = db["dBInstanceId"]!
  let backup = try await e.make("rds/backup/create", ["dBInstanceId": dbId])
  _ = try await e.make("rds/security_ip/append", ["dBInstanceId": dbId, "securityIps": "[192.168.0.1,192.168.0.2]"])
  _ = try await e.make("rds/security_ip/delete", ["dBInstanceId": dbId, "securityIps": "192.168.0.1"])
  let redis = try await e.make("redis/create", e.redisFields(vpc, vsw))
  #expect(redis["password"]?.stringValue?.hasPrefix("{cipher_a}") == true)
  // Teardown.
  _ = try await e.make("redis/delete", ["instanceId": redis["instanceId"]!])
  _ = try await e.make("rds/backup/delete", ["dBInstanceId": dbId, "backupId": backup["backupId"]!])
  _ = try await e.make("rds/db/delete", ["dBInstanceId": dbId])
  _ = try await e.make("load_balancer/delete", ["loadBalancerId": lb])
  _ = try await e.make("vm/delete", ["instanceId": id])
  _ = try await e.make(
    "security_group/revoke",
    [
      "securityGroupId": sg, "policy": "accept", "actionType": "ingress", "cidrIp": "[10.0.0.0/8,0.0.0.0/0]",
      "ipProtocol": "tcp", "portRange": "[22,80]",
    ])
  _ = try await e.make("security_group/delete", ["securityGroupId": sg])
  _ = try await e.make("security_group/delete", ["securityGroupId": other])
  _ = try await e.make("vswitch/delete", ["vSwitchId": vsw])
  _ = try await e.make("vpc/delete", ["vpcId": vpc])
}

/// What must be gone after the scenario: everything but Cloud Assistant's invocation records.
func remaining(_ f: CloudFixture) -> [String] {
  f.resources().filter { !["invocation", "command"].contains($0.kind) }.map { "\($0.kind) \($0.id)" }
}

@Test func scenarioLeavesTheSimulatorEmpty() async throws {
  let f = try CloudFixture(delayMs: 5)
  try await computeScenario(f)
  #expect(remaining(f).isEmpty, "\(remaining(f))")
  await f.stop()
}

@Test func scenarioUnderThrottlingMakesNoDuplicates() async throws {
  let f = try CloudFixture(delayMs: 5, retry: RetryPolicy(maxAttempts: 12, baseDelayMs: 1, maxDelayMs: 5))
  var faults = SimFaults()
  faults.throttleRate = 0.2
  try f.sim.simulator.setFaults(faults)
  try await computeScenario(f)
  #expect(remaining(f).isEmpty, "\(remaining(f))")
  // Throttling did happen; retried creates carried the same token, so nothing was duplicated
  // (a duplicate would be left over above).
  #expect((f.sim.simulator.stats.faults["throttle"] ?? 0) > 10, "\(f.sim.simulator.stats.faults)")
  await f.stop()
}
