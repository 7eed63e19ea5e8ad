import AliCloudCore
import AliCloudSigning
import AliCloudSim
import Testing

@testable import TestSupport

@Suite(.serialized) struct VMFlowTests {
  @Test func createResolvesTheTypeAndReturnsEverything() async throws {
    let f = try CloudFixture()
    let (vpc, vsw) = try await f.network()
    let group = try await f.securityGroup(vpc)
    let out = try await f.one("vm/create", vmInput(vsw, group, ["guid": "0033_0000000001", "password": "Abcd1234"]))
    expectOK(out, ["instanceId", "instanceType", "cpu", "memory", "password", "privateIp", "requestId"])
    #expect(out["instanceType"] == "ecs.s6-c1m1.small")
    #expect(out["cpu"] == "1" && out["memory"] == "1")
    #expect(out["password"] == "{cipher_a}9b28cb58bd8aca2a1f0cef1ea58f6756")
    let id = out["instanceId"]!
    #expect(f.sim.simulator.resource(id.stringValue!)?.string("Status") == "Running")
    // The existing instance: the full output again, nothing created.
    let again = try await f.one(
      "vm/create", vmInput(vsw, group, ["guid": "0033_0000000001", "password": "Abcd1234", "instanceId": id]))
    expectOK(again, ["instanceId", "instanceType", "cpu", "memory", "password", "privateIp"])
    #expect(again["memory"] == "1" && again["password"] == out["password"] && again["privateIp"] == out["privateIp"])
    #expect(f.sim.simulator.resources(kind: "instance").count == 1)
    // A generated password is never empty and decrypts with guid + seed.
    let gen = try await f.one(
      "vm/create",
      vmInput(vsw, group, ["instanceSpec": "2c4g", "instanceFamily": "ecs.c6", "systemDiskSize": "60"]))
    expectOK(gen, ["instanceId", "password"])
    #expect(gen["instanceType"] == "ecs.c6.large")
    let systemDisks = f.resources("disk").filter { $0.string("InstanceId") == gen["instanceId"]?.stringValue }
    #expect(systemDisks.map { $0["Size"] } == [.int(60)], "\(systemDisks)")
    let plain = try PasswordCipher.decrypt(gen["password"]!.stringValue!, guid: "g", seed: cipherSeed)
    #expect(plain.count >= 8)
    // Missing and bad inputs never reach the cloud.
    expectFailure(try await f.one("vm/create", vmInput(vsw, group, ["instanceSpec": ""])), ["instanceSpec"])
    expectFailure(try await f.one("vm/create", vmInput(vsw, group, ["instanceSpec": "big"])), ["instanceSpec", "big"])
    expectFailure(try await f.one("vm/create", vmInput(vsw, group, ["instanceSpec": "3C64G"])), ["at least 3C64G"])
    // An AliCloud error (unknown image) stays in that input's output; the other input succeeds.
    let env = try await f.calls(
      "vm/create", [vmInput(vsw, group, ["guid": "a"]), vmInput(vsw, group, ["guid": "b", "imageId": "img-nope"])])
    expectOK(env["results"]!["outputs"]![0]!, ["instanceId"])
    expectFailure(env["results"]!["outputs"]![1]!, ["CreateInstance", "InvalidImageId.NotFound"])
    let message = env["resultMessage"]?.stringValue ?? ""
    #expect(!message.contains("Abcd"))
    await f.stop()
  }

  /// An instance left Stopped by an interrupted create: vm/create with its id finishes the start.
  @Test func createWithTheIdOfAStoppedInstanceStartsIt() async throws {
    let f = try CloudFixture()
    let (vpc, vsw) = try await f.network()
    let group = try await f.securityGroup(vpc)
    let id = try await f.vm(vsw, group)["instanceId"]!
    expectOK(try await f.one("vm/stop", ["instanceId": id]))
    let again = try await f.one("vm/create", vmInput(vsw, group, ["instanceId": id]))
    expectOK(again, ["instanceId", "instanceType", "cpu", "memory", "privateIp"])
    #expect(again["instanceId"] == id && f.sim.simulator.resource(id.stringValue!)?.string("Status") == "Running")
    #expect(f.sim.simulator.resources(kind: "instance").count == 1)
    await f.stop()
  }

  @Test func stopStartBindUnbindDelete() async throws {
    let f = try CloudFixture()
    let (vpc, vsw) = try await f.network()
    let group = try await f.securityGroup(vpc)
    let other = try await f.securityGroup(vpc, name: "db")
    let id = try await f.vm(vsw, group)["instanceId"]!
    expectOK(try await f.one("vm/stop", ["instanceId": id]))
    #expect(f.sim.simulator.resource(id.stringValue!)?.string("Status") == "Stopped")
    expectOK(try await f.one("vm/stop", ["instanceId": id]))
    expectOK(try await f.one("vm/start", ["instanceId": id]))
    #expect(f.sim.simulator.resource(id.stringValue!)?.string("Status") == "Running")
    expectOK(try await f.one("vm/start", ["instanceId": id]))
    expectFailure(try await f.one("vm/start", ["instanceId": "i-missing"]), ["i-missing", "does not exist"])
    expectFailure(try await f.one("vm/stop", [:]), ["instanceId"])

    expectOK(try await f.one("vm/security-group/bind", ["instanceId": id, "securityGroupId": .string("[\(other)]")]))
    func groups() -> [String] {
      (f.sim.simulator.resource(id.stringValue!)?["SecurityGroupIds"]?.arrayValue ?? []).compactMap(\.stringValue)
    }
    #expect(groups() == [group, other])
    expectOK(try await f.one("vm/security-group/bind", ["instanceId": id, "securityGroupId": .string(other)]))
    #expect(groups() == [group, other])
    expectOK(try await f.one("vm/security-group/unbind", ["instanceId": id, "securityGroupId": .string(group)]))
    #expect(groups() == [other])
    expectFailure(
      try await f.one("vm/security-group/unbind", ["instanceId": id, "securityGroupId": .string(other)]),
      ["no security group"])
    #expect(groups() == [other])
    expectFailure(try await f.one("vm/security-group/bind", ["instanceId": id]), ["securityGroupId"])
    let bad = try await f.one("vm/security-group/bind", ["instanceId": id, "securityGroupId": "sg-nope"])
    expectFailure(bad, ["ModifyInstanceAttribute"])

    expectOK(try await f.one("vm/delete", ["instanceId": id]))
    #expect(f.sim.simulator.resource(id.stringValue!) == nil)
    expectOK(try await f.one("vm/delete", ["instanceId": id]))
    expectFailure(try await f.one("vm/delete", [:]), ["instanceId"])
    await f.stop()
  }
}

@Test func secretsNeverReachTheLogsOrErrors() async throws {
  let f = try CloudFixture()
  let (vpc, vsw) = try await f.network()
  let group = try await f.securityGroup(vpc)
  let vm = try await f.one("vm/create", vmInput(vsw, group, ["password": "Secret-Pa55word"]))
  expectOK(vm, ["instanceId", "password"])
  let disk = try await f.one(
    "disk/create_attach",
    [
      "instanceId": vm["instanceId"]!, "instanceGuid": "g", "seed": .string(cipherSeed), "password": vm["password"]!,
      "fileSystemType": "ext4", "mountDir": "/data", "zoneId": .string(CloudFixture.zone), "size": "20",
    ])
  expectOK(disk, ["diskId"])
  let failed = try await f.one("vm/create", vmInput(vsw, group, ["password": "Secret-Pa55word", "imageId": "img-x"]))
  expectFailure(failed, ["InvalidImageId"])
  let text = f.daemon.logs.records.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
  #expect(!text.isEmpty)
  let secrets = [
    "Secret-Pa55word", cipherSeed, SimCredential.sandbox.accessKeySecret, vm["password"]!.stringValue!,
  ]
  let message: String = failed["errorMessage"]?.stringValue ?? ""
  for secret in secrets {
    #expect(!text.contains(secret), "a secret reached the logs")
    #expect(!message.contains(secret))
  }
  await f.stop()
}
