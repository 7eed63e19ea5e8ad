import AliCloudCore
import Testing

@testable import TestSupport

@Suite(.serialized) struct SecurityGroupFlowTests {
  @Test func createIsIdempotentAndDeleteOfGoneSucceeds() async throws {
    let f = try CloudFixture()
    let (vpc, _) = try await f.network()
    let out = try await f.one(
      "security_group/create", ["securityGroupName": "web", "description": "d", "vpcId": .string(vpc)])
    expectOK(out, ["securityGroupId", "requestId"])
    let id = out["securityGroupId"]!
    let again = try await f.one(
      "security_group/create",
      ["securityGroupName": "web", "description": "d", "vpcId": .string(vpc), "securityGroupId": id])
    #expect(expectOK(again, ["securityGroupId"])["securityGroupId"] == id)
    #expect(f.sim.simulator.resources(kind: "securitygroup").count == 1)
    expectOK(try await f.one("security_group/delete", ["securityGroupId": id]))
    expectOK(try await f.one("security_group/delete", ["securityGroupId": id]))
    expectFailure(try await f.one("security_group/create", ["description": "d"]), ["securityGroupName"])
    expectFailure(try await f.one("security_group/delete", [:]), ["securityGroupId"])
    // AliCloud's own error for one input (an unknown VPC) stays in that input's output.
    let env = try await f.calls(
      "security_group/create",
      [
        ["securityGroupName": "ok", "description": "d", "vpcId": .string(vpc)],
        ["securityGroupName": "bad", "description": "d", "vpcId": "vpc-doesnotexist"],
      ])
    let outs = env["results"]!["outputs"]!
    expectOK(outs[0]!, ["securityGroupId"])
    expectFailure(outs[1]!, ["CreateSecurityGroup", "NotFound"])
    #expect(env["resultCode"] == "1")
    await f.stop()
  }

  @Test func rulesFromParallelListsAndPreciseFailures() async throws {
    let f = try CloudFixture()
    let (vpc, _) = try await f.network()
    let group = try await f.securityGroup(vpc)
    let base: [String: JSONValue] = [
      "securityGroupId": .string(group), "policy": "accept", "description": "web",
      "cidrIp": "[10.0.0.0/8, 192.168.1.1]", "ipProtocol": "[tcp,udp]", "portRange": "[22,53-54]",
    ]
    expectOK(try await f.one("security_group/authorize", base.merging(["actionType": "ingress"]) { _, b in b }))
    expectOK(try await f.one("security_group/authorize", base.merging(["policyType": "egress"]) { _, b in b }))
    // Authorizing the same rules again is harmless.
    expectOK(try await f.one("security_group/authorize", base.merging(["actionType": "ingress"]) { _, b in b }))
    let perms = f.sim.simulator.resource(group)?["Permissions"]?.arrayValue ?? []
    #expect(perms.count == 4, "\(perms)")
    #expect(perms.contains { $0["PortRange"] == "53/54" && $0["SourceCidrIp"] == "192.168.1.1/32" })
    expectOK(try await f.one("security_group/revoke", base.merging(["actionType": "ingress"]) { _, b in b }))
    // Bad values are caught before any call; a rule AliCloud refuses is named.
    expectFailure(
      try await f.one(
        "security_group/authorize", base.merging(["actionType": "ingress", "portRange": "[22,x]"]) { _, b in b }),
      ["portRange", "x"])
    expectFailure(try await f.one("security_group/authorize", base), ["actionType"])
    let missing = try await f.one(
      "security_group/authorize",
      base.merging(["actionType": "ingress", "securityGroupId": "sg-missing"]) { _, b in b })
    expectFailure(missing, ["rule 1 of 2", "tcp 22/22 from 10.0.0.0/8", "NotFound", "no rule was applied"])
    await f.stop()
  }
}
