import AliCloudCore
import AliCloudSim
import Testing

@testable import TestSupport

/// `rds/security_group/append|remove` and `redis/security_group/append|remove` against the
/// simulator: the whole merged set is sent, a change already in place makes no
/// ModifySecurityGroupConfiguration call, the last group is never removed, and an unknown
/// instance fails before any change.
@Suite(.serialized) struct InstanceSecurityGroupTests {
  /// One product's operations: its method prefix, how an instance is made, its ready state and
  /// the id of an instance that does not exist.
  struct Product: Sendable, CustomTestStringConvertible {
    let prefix: String
    let ready: String
    let absent: String
    let make: @Sendable (Estate, JSONValue, JSONValue, JSONValue) async throws -> JSONValue
    var testDescription: String { prefix }
  }

  static let products: [Product] = [
    Product(prefix: "rds", ready: "Running", absent: "rm-nothere000000") { e, vpc, vsw, sg in
      try await e.make("rds/db/create", e.rdsFields(vpc, vsw).merging(["securityGroupId": sg]) { _, b in b })[
        "dBInstanceId"]!
    },
    Product(prefix: "redis", ready: "Normal", absent: "r-nothere0000000") { e, vpc, vsw, sg in
      try await e.make("redis/create", e.redisFields(vpc, vsw).merging(["securityGroupId": sg]) { _, b in b })[
        "instanceId"]!
    },
  ]

  @Test(arguments: products)
  func appendAndRemoveSendTheWholeSetOnceAndKeepOneGroup(_ p: Product) async throws {
    let f = try CloudFixture(delayMs: 5)
    let e = Estate(f: f)
    let (vpc, vsw) = try await e.network(0)
    let sg1 = try await e.group(vpc, "grp-a")
    let sg2 = try await e.group(vpc, "grp-b")
    let sg3 = try await e.group(vpc, "grp-c")
    let id = try await p.make(e, vpc, vsw, sg1)
    let ids = [sg1, sg2, sg3].map { $0.stringValue ?? "" }
    func modifies() -> [[String: String]] {
      f.sim.simulator.requests().filter { $0.action == "ModifySecurityGroupConfiguration" && $0.code == nil }.map(
        \.params)
    }
    func groups() -> [String] {
      (f.sim.simulator.resource(id.stringValue ?? "")?["SimSecurityGroupIds"]?.arrayValue ?? []).compactMap(
        \.stringValue)
    }
    func run(_ op: String, _ groups: String) async throws -> [String: JSONValue] {
      try await f.one("\(p.prefix)/security_group/\(op)", ["dBInstanceId": id, "securityGroupId": .string(groups)])
    }
    let made = modifies().count
    #expect(groups() == [ids[0]])

    // Append: what is there stays first, the new groups follow, duplicates once.
    var out = try await run("append", "[\(ids[2]),\(ids[0]),\(ids[1]),\(ids[2])]")
    expectOK(out, ["requestId"])
    #expect(modifies().count == made + 1)
    #expect(modifies().last?["SecurityGroupId"] == "\(ids[0]),\(ids[2]),\(ids[1])")
    #expect(modifies().last?["DBInstanceId"] == id.stringValue)
    #expect(groups() == [ids[0], ids[2], ids[1]])
    #expect(f.sim.simulator.resource(id.stringValue ?? "")?.status == p.ready)

    // Appending what is there already, in any syntax, makes no change (the output names the
    // Describe that found it so).
    out = try await run("append", "\(ids[1]), \(ids[0])")
    expectOK(out, ["requestId"])
    #expect(modifies().count == made + 1)

    // Remove: the rest is sent; removing what is absent makes no change.
    out = try await run("remove", "[\(ids[2])]")
    expectOK(out, ["requestId"])
    #expect(modifies().last?["SecurityGroupId"] == "\(ids[0]),\(ids[1])")
    #expect(groups() == [ids[0], ids[1]])
    out = try await run("remove", ids[2])
    expectOK(out, ["requestId"])
    #expect(modifies().count == made + 2)

    // The last group is never removed: AliCloud takes no empty SecurityGroupId.
    expectFailure(try await run("remove", "\(ids[0]),\(ids[1])"), ["securityGroupId", "at least one"])
    #expect(modifies().count == made + 2 && groups() == [ids[0], ids[1]])
    out = try await run("remove", ids[1])
    expectOK(out, ["requestId"])
    #expect(groups() == [ids[0]])

    // An instance that does not exist, and an unknown group, fail without a change.
    let before = f.sim.simulator.requests().count
    expectFailure(
      try await f.one(
        "\(p.prefix)/security_group/append", ["dBInstanceId": .string(p.absent), "securityGroupId": sg2]),
      ["does not exist", p.absent])
    expectFailure(
      try await f.one(
        "\(p.prefix)/security_group/remove", ["dBInstanceId": .string(p.absent), "securityGroupId": sg2]),
      ["does not exist"])
    #expect(f.sim.simulator.requests(since: before).allSatisfy { $0.action == "DescribeSecurityGroupConfiguration" })
    expectFailure(try await run("append", "sg-doesnotexist"), ["InvalidSecurityGroupId.NotFound"])
    #expect(groups() == [ids[0]])
    // Missing inputs are refused before any call.
    let sent = f.sim.simulator.stats.requests
    expectFailure(try await f.one("\(p.prefix)/security_group/append", ["dBInstanceId": id]), ["securityGroupId"])
    expectFailure(
      try await f.one("\(p.prefix)/security_group/remove", ["dBInstanceId": id, "securityGroupId": "[]"]),
      ["securityGroupId"])
    expectFailure(try await f.one("\(p.prefix)/security_group/remove", ["securityGroupId": sg1]), ["dBInstanceId"])
    #expect(f.sim.simulator.stats.requests == sent)
    await f.stop()
  }

  /// A Modify whose answer is lost is found made by reading the groups again: the input succeeds
  /// and the set is the one asked for.
  @Test(arguments: products)
  func aLostAnswerCountsWhenTheGroupsAreSet(_ p: Product) async throws {
    let f = try CloudFixture(delayMs: 5)
    let e = Estate(f: f)
    let (vpc, vsw) = try await e.network(0)
    let sg1 = try await e.group(vpc, "grp-a")
    let sg2 = try await e.group(vpc, "grp-b")
    let id = try await p.make(e, vpc, vsw, sg1)
    var faults = SimFaults()
    faults.actions = ["ModifySecurityGroupConfiguration"]
    faults.script = [.lostResponse, .lostResponse, .lostResponse, .lostResponse, .lostResponse, .lostResponse]
    try f.sim.simulator.setFaults(faults)
    let out = try await f.one("\(p.prefix)/security_group/append", ["dBInstanceId": id, "securityGroupId": sg2])
    expectOK(out)
    let groups = f.sim.simulator.resource(id.stringValue ?? "")?["SimSecurityGroupIds"]?.arrayValue ?? []
    #expect(groups == [sg1, sg2])
    #expect((f.sim.simulator.stats.faults["lostResponse"] ?? 0) > 0)
    await f.stop()
  }
}
