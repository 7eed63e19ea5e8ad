import AliCloudCore
import AliCloudSim
import Foundation
import TestSupport
import Testing

@Suite("Simulator: SLB load balancers, listeners and VServer groups")
struct SimSlbTests {
  @Test func loadBalancerLifeCycleWithTokensAndVpcDependencies() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let params = [
        "AddressType": "intranet", "VSwitchId": w.vSwitch, "LoadBalancerName": "web", "ClientToken": "tok-lb-1",
        "InternetChargeType": "PayByTraffic",
      ]
      let created = try w.ok("Slb", "CreateLoadBalancer", params)
      let lb = try #require(created["LoadBalancerId"]?.stringValue)
      #expect(lb.hasPrefix("lb-") && lb.count == 23)
      #expect(created["VpcId"]?.stringValue == w.vpc)
      #expect(created["NetworkType"] == "vpc")
      #expect(created["Address"]?.stringValue?.hasPrefix("10.0.1.") == true)
      // Same token, same parameters: the same answer; same token, other parameters: refused.
      #expect(try w.ok("Slb", "CreateLoadBalancer", params)["LoadBalancerId"]?.stringValue == lb)
      var changed = params
      changed["LoadBalancerName"] = "other"
      #expect(try w.call("Slb", "CreateLoadBalancer", changed).code == "IdempotentParameterMismatch")
      #expect(sim.simulator.resources(kind: "loadbalancer").count == 1)

      func status() throws -> String? {
        try w.ok("Slb", "DescribeLoadBalancers", ["LoadBalancerId": lb])["LoadBalancers"]?["LoadBalancer"]?[0]?[
          "LoadBalancerStatus"]?.stringValue
      }
      #expect(try sim.settle { try status() == "active" })
      let internet = try w.ok("Slb", "CreateLoadBalancer", ["AddressType": "internet"])
      #expect(internet["NetworkType"] == "classic")
      #expect(internet["Address"]?.stringValue?.hasPrefix("10.") == false)
      let listed = try w.ok("Slb", "DescribeLoadBalancers", ["PageSize": "1"])
      #expect(listed["TotalCount"] == 2)
      #expect(listed["LoadBalancers"]?["LoadBalancer"]?.arrayValue?.count == 1)
      #expect(
        try w.call("Slb", "CreateLoadBalancer", ["AddressType": "intranet", "VSwitchId": "vsw-missing"]).code
          == "InvalidVSwitchId.NotFound")

      // The vSwitch cannot go while the load balancer is in it.
      let blocked = try w.c.call("DeleteVSwitch", ["RegionId": w.region, "VSwitchId": w.vSwitch])
      #expect(blocked.code == "DependencyViolation.Instance")
      #expect(blocked.body["Message"]?.stringValue?.contains(lb) == true)
      try w.ok("Slb", "DeleteLoadBalancer", ["LoadBalancerId": lb])
      try w.ok("Slb", "DeleteLoadBalancer", ["LoadBalancerId": internet["LoadBalancerId"]!.stringValue!])
      #expect(
        try w.call("Slb", "DescribeLoadBalancerAttribute", ["LoadBalancerId": lb]).code
          == "InvalidLoadBalancerId.NotFound")
      try w.teardown(sim: sim)
      #expect(sim.simulator.resources().isEmpty)
    }
  }

  @Test func listenersAndVServerGroupsWithBackendServers() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let vm = try w.runningInstance()
      let lb = try w.ok("Slb", "CreateLoadBalancer", ["AddressType": "intranet", "VSwitchId": w.vSwitch])[
        "LoadBalancerId"]!.stringValue!
      let servers = "[{\"ServerId\":\"\(vm)\",\"Weight\":\"100\",\"Type\":\"ecs\",\"Port\":\"8080\"}]"
      let group = try w.ok(
        "Slb", "CreateVServerGroup", ["LoadBalancerId": lb, "VServerGroupName": "app", "BackendServers": servers])
      let gid = try #require(group["VServerGroupId"]?.stringValue)
      #expect(gid.hasPrefix("rsp-"))
      #expect(group["BackendServers"]?["BackendServer"]?[0]?["Port"] == 8080)
      // Members must be existing ECS instances; duplicates are refused.
      let ghost = "[{\"ServerId\":\"i-ghost\",\"Port\":\"80\"}]"
      #expect(
        try w.call("Slb", "AddVServerGroupBackendServers", ["VServerGroupId": gid, "BackendServers": ghost]).code
          == "InvalidParameter")
      #expect(
        try w.call("Slb", "AddVServerGroupBackendServers", ["VServerGroupId": gid, "BackendServers": servers]).code
          == "InvalidBackendServer.Duplicated")
      let second = "[{\"ServerId\":\"\(vm)\",\"Port\":\"9090\",\"Weight\":50}]"
      let added = try w.ok("Slb", "AddVServerGroupBackendServers", ["VServerGroupId": gid, "BackendServers": second])
      #expect(added["BackendServers"]?["BackendServer"]?.arrayValue?.count == 2)

      let listener = ["LoadBalancerId": lb, "ListenerPort": "80", "Bandwidth": "-1", "VServerGroupId": gid]
      try w.ok("Slb", "CreateLoadBalancerTCPListener", listener)
      #expect(try w.call("Slb", "CreateLoadBalancerTCPListener", listener).code == "ListenerAlreadyExists")
      #expect(
        try w.call(
          "Slb", "CreateLoadBalancerHTTPListener", ["LoadBalancerId": lb, "ListenerPort": "80", "HealthCheck": "off"]
        )
        .code == "ListenerAlreadyExists")
      try w.ok("Slb", "CreateLoadBalancerUDPListener", ["LoadBalancerId": lb, "ListenerPort": "80", "Bandwidth": "-1"])
      try w.ok(
        "Slb", "CreateLoadBalancerHTTPListener", ["LoadBalancerId": lb, "ListenerPort": "8000", "HealthCheck": "on"])
      func listeners(_ p: [String: String] = [:]) throws -> [JSONValue] {
        try w.ok("Slb", "DescribeLoadBalancerListeners", p.merging(["LoadBalancerId.1": lb]) { $1 })["Listeners"]?
          .arrayValue ?? []
      }
      #expect(try listeners().count == 3)
      let tcp = try listeners(["ListenerProtocol": "tcp"])
      #expect(tcp.first?["Status"] == "stopped")
      #expect(tcp.first?["VServerGroupId"]?.stringValue == gid)
      #expect(
        try w.call("Slb", "StartLoadBalancerListener", ["LoadBalancerId": lb, "ListenerPort": "80"]).code
          == "InvalidParameter")  // two listeners on port 80: the protocol is needed
      try w.ok(
        "Slb", "StartLoadBalancerListener", ["LoadBalancerId": lb, "ListenerPort": "80", "ListenerProtocol": "tcp"])
      #expect(try listeners(["ListenerProtocol": "tcp"]).first?["Status"] == "running")
      let attr = try w.ok("Slb", "DescribeLoadBalancerAttribute", ["LoadBalancerId": lb])
      #expect(attr["ListenerPorts"]?["ListenerPort"]?.arrayValue?.count == 3)

      // A group in use cannot be deleted; the listener first.
      #expect(try w.call("Slb", "DeleteVServerGroup", ["VServerGroupId": gid]).code == "RspoolVipExist")
      let groups = try w.ok("Slb", "DescribeVServerGroups", ["LoadBalancerId": lb, "IncludeListener": "true"])
      #expect(
        groups["VServerGroups"]?["VServerGroup"]?[0]?["AssociatedObjects"]?["Listeners"]?["Listener"]?[0]?["Port"] == 80
      )
      let removed = try w.ok(
        "Slb", "RemoveVServerGroupBackendServers", ["VServerGroupId": gid, "BackendServers": servers])
      #expect(removed["BackendServers"]?["BackendServer"]?.arrayValue?.count == 1)
      let detail = try w.ok("Slb", "DescribeVServerGroupAttribute", ["VServerGroupId": gid])
      #expect(detail["BackendServers"]?["BackendServer"]?[0]?["Port"] == 9090)
      #expect(detail["BackendServers"]?["BackendServer"]?[0]?["ServerIp"]?.stringValue?.hasPrefix("10.0.1.") == true)

      // The default server group.
      let plain = "[{\"ServerId\":\"\(vm)\",\"Weight\":\"100\"}]"
      let lbServers = try w.ok("Slb", "AddBackendServers", ["LoadBalancerId": lb, "BackendServers": plain])
      #expect(lbServers["BackendServers"]?["BackendServer"]?.arrayValue?.count == 1)
      try w.ok("Slb", "RemoveBackendServers", ["LoadBalancerId": lb, "BackendServers": plain])

      try w.ok(
        "Slb", "DeleteLoadBalancerListener", ["LoadBalancerId": lb, "ListenerPort": "80", "ListenerProtocol": "tcp"])
      try w.ok("Slb", "DeleteVServerGroup", ["VServerGroupId": gid])
      #expect(sim.simulator.resources(kind: "vservergroup").isEmpty)
      // Deleting the load balancer takes its remaining listeners with it.
      try w.ok("Slb", "DeleteLoadBalancer", ["LoadBalancerId": lb])
      #expect(sim.simulator.resources(kind: "slblistener").isEmpty)
      try w.teardown(sim: sim, instances: [vm])
      #expect(sim.simulator.resources().isEmpty)
    }
  }
}
