import AliCloudCore
import Testing

@testable import TestSupport

@Suite(.serialized) struct DataFlowTests {
  @Test func backendServersReuseTheListenerAndRemoveHonoursDeleteListener() async throws {
    let f = try CloudFixture(delayMs: 5)
    let e = Estate(f: f)
    let (lb, vm) = try await e.loadBalancer(0)
    let first = try await e.make("load_balancer/backend_server/add", e.backendFields(lb, vm))
    let group = first["vServerGroupId"]!
    // Adding again (and another port) reuses the listener's group; nothing is duplicated.
    let again = try await e.make(
      "load_balancer/backend_server/add", e.backendFields(lb, vm).merging(["hostPorts": "[9090]"]) { _, b in b })
    #expect(again["vServerGroupId"] == group)
    #expect(f.resources("vservergroup").count == 1 && f.resources("slblistener").count == 1)
    let servers = f.sim.simulator.resource(group.stringValue!)?["BackendServers"]
    #expect(servers?.arrayValue?.count == 2 || servers?["BackendServer"]?.arrayValue?.count == 2, "\(servers ?? .null)")
    let remove = e.backendFields(lb, vm).merging(["vServerGroupId": group, "deleteListener": "N"]) { _, b in b }
    _ = try await e.make("load_balancer/backend_server/remove", remove)
    #expect(f.resources("slblistener").count == 1)
    _ = try await e.make("load_balancer/backend_server/remove", remove.merging(["deleteListener": "Y"]) { _, b in b })
    #expect(f.resources("slblistener").isEmpty && f.resources("vservergroup").isEmpty)
    // Removing from a group that is gone, and deleting again, both succeed.
    _ = try await e.make("load_balancer/backend_server/remove", remove.merging(["deleteListener": "Y"]) { _, b in b })
    let https = try await f.one(
      "load_balancer/backend_server/add", e.backendFields(lb, vm).merging(["listenerProtocol": "https"]) { _, b in b })
    expectFailure(https, ["HTTPS", "certificate"])
    await f.stop()
  }

  @Test func rdsMultiZoneAndExplicitClass() async throws {
    let f = try CloudFixture(delayMs: 5)
    let e = Estate(f: f)
    let (vpc, vsw) = try await e.network(0)
    let fields = e.rdsFields(vpc, vsw).merging([
      "zoneId": "[cn-hangzhou-h, cn-hangzhou-i]", "category": "HighAvailability", "dBInstanceSpec": "2C4G",
      "cloudParams": "regionId=cn-hangzhou;regionGroup=MAZ",
    ]) { _, b in b }
    let out = try await f.one("rds/db/create", fields)
    expectOK(out, ["dBInstanceId", "connectionString", "port", "accountPassword"])
    let zone = f.sim.simulator.resource(out["dBInstanceId"]!.stringValue!)?.string("ZoneId") ?? ""
    #expect(zone.contains("MAZ") && zone.hasSuffix("(h,i)"), "\(zone)")
    #expect(out["dBInstanceClass"] == "mysql.n2.medium.2c" && out["cpu"] == "2" && out["memory"] == "4")
    let noGroup = try await f.one(
      "rds/db/create", fields.merging(["zoneId": "[cn-hangzhou-h, cn-hangzhou-z]"]) { _, b in b })
    expectFailure(noGroup, ["multi-zone", "cn-hangzhou-z"])
    // A class given by the caller is used as is, and sized from the table.
    let given = try await f.one(
      "rds/db/create", e.rdsFields(vpc, vsw).merging(["dBInstanceClass": "mysql.x4.medium.2c"]) { _, b in b })
    expectOK(given, ["dBInstanceId"])
    #expect(given["dBInstanceClass"] == "mysql.x4.medium.2c" && given["cpu"] == "2" && given["memory"] == "8")
    await f.stop()
  }
}
