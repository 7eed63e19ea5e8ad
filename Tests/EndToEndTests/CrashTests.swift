import AliCloudClient
import AliCloudCore
import AliCloudSim
import Foundation
import Glibc
import TestSupport
import Testing

/// kill -9 of the daemon in the middle of creates, with the cloud (a separate alicloud-sim
/// process) surviving it: the restarted daemon, on the same journal, completes the same calls
/// sent again, with exactly the resources asked for and nothing orphaned.
@Suite(.serialized) struct CrashTests {
  /// The simulator process and a daemon process pointed at it, sharing one state directory.
  final class Rig: Sendable {
    let dir: String
    let sim: ChildProcess
    let port: UInt16
    let http: LoopbackHTTPClient

    init(delayMs: Int) async throws {
      dir = try DaemonFixture.makeTemporaryDirectory()
      sim = try ChildProcess(
        "alicloud-sim", ["--port", "0", "--print-port", "--delay-ms", String(delayMs)], log: dir + "/sim.log")
      port = try #require(UInt16(try await sim.firstLine()))
      http = try LoopbackHTTPClient(port: port)
    }

    var socket: String { dir + "/alicloudd.sock" }

    /// Starts alicloudd on the simulator with the journal in `dir/state`; returns once it answers.
    func daemon() async throws -> (ChildProcess, Client) {
      let p = try ChildProcess(
        "alicloudd",
        [
          "--socket", socket, "--endpoint", "http://127.0.0.1:\(port)", "--state-dir", dir + "/state",
          "--wait-poll-ms", "10-50", "--retry-delay-ms", "5-50", "--log-level", "info",
        ],
        environment: [
          "ALIBABA_CLOUD_ACCESS_KEY_ID": SimCredential.sandbox.accessKeyId,
          "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SimCredential.sandbox.accessKeySecret, "HOME": dir,
        ], log: dir + "/alicloudd.log")
      return (p, try await p.daemonClient(socket: socket, log: dir + "/alicloudd.log"))
    }

    /// The simulator's resources of `kind`.
    func resources(_ kind: String) async throws -> [JSONValue] {
      let r = try await http.send("GET", "/__sim/state?kind=\(kind)")
      return r.json?["resources"]?.arrayValue ?? []
    }

    func stop() async {
      await sim.kill(SIGTERM)
      try? FileManager.default.removeItem(atPath: dir)
    }
  }

  static func input(_ fields: [String: JSONValue], guid: String) -> JSONValue {
    var o: [String: JSONValue] = ["guid": .string(guid), "identityParams": "", "cloudParams": "regionId=cn-hangzhou"]
    o.merge(fields) { _, b in b }
    return .object(o)
  }

  static func outputs(_ envelope: JSONValue) -> [JSONValue] { envelope["results"]?["outputs"]?.arrayValue ?? [] }

  /// A batch of 20 vpc/create, the daemon killed once `killAt` of its VPCs exist.
  @Test(arguments: [1, 10, 20]) func aBatchOfTwentyVPCsSurvivesKill9(killAt: Int) async throws {
    let rig = try await Rig(delayMs: 300)
    let prefix = "crash\(killAt)-"
    let batch: JSONValue = [
      "inputs": .array(
        (0..<20).map { i in
          Self.input(["vpcName": .string(prefix + "\(i)"), "cidrBlock": .string("10.\(i).0.0/16")], guid: "g\(i)")
        })
    ]
    func mine() async throws -> [JSONValue] {
      try await rig.resources("vpc").filter { $0["fields"]?["VpcName"]?.stringValue?.hasPrefix(prefix) == true }
    }
    let (first, client) = try await rig.daemon()
    let call = Task { try? await client.call("vpc/create", params: batch) }
    try await eventually(timeout: .seconds(30), "\(killAt) VPCs to exist") { try await mine().count >= killAt }
    await first.kill()
    client.close()
    _ = await call.value

    let (second, again) = try await rig.daemon()
    let pending = try await again.call("daemon.pending")["pending"]?.arrayValue ?? []
    #expect(!pending.isEmpty, "the killed daemon left unfinished mutations")
    let envelope = try await again.call("vpc/create", params: batch)
    let outs = Self.outputs(envelope)
    #expect(envelope["resultCode"] == "0", "\(envelope)")
    #expect(outs.count == 20 && outs.allSatisfy { $0["errorCode"] == "0" && $0["vpcId"]?.stringValue != nil })
    let ids = Set(outs.compactMap { $0["vpcId"]?.stringValue })
    let made = try await mine()
    #expect(ids.count == 20 && made.count == 20)
    #expect(Set(made.compactMap { $0["id"]?.stringValue }) == ids, "every VPC in the cloud is in an output")
    #expect(try await again.call("daemon.pending")["pending"] == [])
    again.close()
    await second.kill(SIGTERM)
    await rig.stop()
  }

  /// A vm/create killed once its instance exists: the re-sent call answers that instance, running.
  @Test func aVMCreateSurvivesKill9() async throws {
    let rig = try await Rig(delayMs: 400)
    let (first, client) = try await rig.daemon()
    func one(_ c: Client, _ method: String, _ fields: [String: JSONValue], guid: String) async throws -> JSONValue {
      let r = try await c.call(method, params: ["inputs": [Self.input(fields, guid: guid)]])
      return Self.outputs(r).first ?? [:]
    }
    let vpc = try await one(client, "vpc/create", ["vpcName": "vm", "cidrBlock": "10.0.0.0/16"], guid: "vpc")["vpcId"]
    let vsw = try await one(
      client, "vswitch/create",
      ["vSwitchName": "vm", "vpcId": vpc ?? "", "cidrBlock": "10.0.1.0/24", "zoneId": "cn-hangzhou-h"], guid: "vsw")
    let group = try await one(
      client, "security_group/create", ["securityGroupName": "vm", "description": "vm", "vpcId": vpc ?? ""], guid: "sg")
    #expect(vsw["errorCode"] == "0" && group["errorCode"] == "0", "\(vsw) \(group)")
    let vm: [String: JSONValue] = [
      "seed": "seed", "instanceSpec": "1C1G", "instanceFamily": "s6", "zoneId": "cn-hangzhou-h",
      "imageId": "m-ubuntu2204", "vSwitchId": vsw["vSwitchId"] ?? "",
      "securityGroupId": group["securityGroupId"] ?? "", "password": "Abcd1234",
    ]
    let call = Task { try? await client.call("vm/create", params: ["inputs": [Self.input(vm, guid: "vm")]]) }
    try await eventually(timeout: .seconds(30), "the instance to exist") {
      try await !rig.resources("instance").isEmpty
    }
    await first.kill()
    client.close()
    _ = await call.value

    let (second, again) = try await rig.daemon()
    let out = try await one(again, "vm/create", vm, guid: "vm")
    #expect(out["errorCode"] == "0", "\(out)")
    for field in ["instanceId", "instanceType", "cpu", "memory", "privateIp", "password"] {
      #expect(out[field]?.stringValue?.isEmpty == false, "\(field) in \(out)")
    }
    let instances = try await rig.resources("instance")
    #expect(instances.count == 1 && instances.first?["id"] == out["instanceId"])
    #expect(instances.first?["status"] == "Running")
    again.close()
    await second.kill(SIGTERM)
    await rig.stop()
  }
}
