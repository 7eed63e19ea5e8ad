import AliCloudClient
import AliCloudCore
import AliCloudDaemon
import Foundation
import Glibc
import TestSupport
import Testing

/// A lifecycle (network, security group, instance, then their deletion) against `alicloudd
/// --sandbox --log-format json`, over the socket and the HTTP gateway: every stderr line parses as
/// JSON, each call has exactly one `call finished` record with the documented fields, the lines of
/// one call carry its correlation fields, and no secret the run used appears in the logs.
@Suite struct CallLogTests {
  static let password = "Lq7#LogsPass2291"
  static let seed = "seed-logs-5531x"

  /// The fields of a `call finished` record, as docs/operations.md lists them.
  static func documentedFields() throws -> Set<String> {
    let doc = try String(contentsOf: Repository.url("docs/operations.md"), encoding: .utf8)
    let section = try #require(doc.components(separatedBy: "### The `call finished` line").dropFirst().first)
    let table = section.components(separatedBy: "\n#").first ?? ""
    var fields: Set<String> = []
    for row in table.split(separator: "\n") where row.hasPrefix("| `") {
      fields.insert(String(row.dropFirst(3).prefix { $0 != "`" }))
    }
    return fields
  }

  @Test func aLifecycleLogsOneCallFinishedRecordPerCall() async throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let socket = dir + "/alicloudd.sock"
    let log = dir + "/alicloudd.log"
    let daemon = try ChildProcess(
      "alicloudd",
      [
        "--socket", socket, "--sandbox", "--sandbox-delay-ms", "5", "--log-format", "json", "--log-level", "debug",
        "--http", "127.0.0.1:0",
      ], environment: ["HOME": dir], log: log)
    func records() -> [JSONValue] {
      let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      return text.split(separator: "\n").map { (try? JSONValue.parse(Data($0.utf8))) ?? .string(String($0)) }
    }
    let port = await waitForValue(timeout: .seconds(30)) { () -> UInt16? in
      let address = records().first { $0["message"] == "http gateway listening" }?["http.address"]?.stringValue
      return address.flatMap { UInt16($0.split(separator: ":").last ?? "") }
    }
    let client = try await daemon.daemonClient(socket: socket, log: log)
    let gatewayPort = try #require(port)

    let secret = Sandbox.credential.accessKeySecret
    let identity = "accessKeyId=\(Sandbox.credential.accessKeyId);secret=\(secret)"
    var calls = 0  // after the pings that found the daemon up
    var requestIds: [String] = []
    func one(_ method: String, _ fields: [String: JSONValue], guid: String) async throws -> JSONValue {
      var input = fields
      input["guid"] = .string(guid)
      input["identityParams"] = .string(identity)
      input["cloudParams"] = "regionId=cn-hangzhou"
      calls += 1
      let body: JSONValue = ["requestId": .string("req-\(guid)"), "operator": "ops-admin", "inputs": [.object(input)]]
      let out = try await client.call(method, params: body)["results"]?["outputs"]?[0] ?? [:]
      #expect(out["errorCode"] == "0", "\(method): \(out)")
      if let r = out["requestId"]?.stringValue { requestIds.append(r) }
      return out
    }
    let vpc = try await one("vpc/create", ["vpcName": "logs", "cidrBlock": "10.0.0.0/16"], guid: "vpc")["vpcId"] ?? ""
    let vsw =
      try await one(
        "vswitch/create", ["vSwitchName": "logs", "vpcId": vpc, "cidrBlock": "10.0.1.0/24", "zoneId": "cn-hangzhou-h"],
        guid: "vsw")["vSwitchId"] ?? ""
    let group =
      try await one(
        "security_group/create", ["securityGroupName": "logs", "description": "logs", "vpcId": vpc], guid: "sg")[
        "securityGroupId"] ?? ""
    let vm =
      try await one(
        "vm/create",
        [
          "seed": .string(Self.seed), "instanceSpec": "1C1G", "instanceFamily": "s6", "zoneId": "cn-hangzhou-h",
          "imageId": "m-ubuntu2204", "vSwitchId": vsw, "securityGroupId": group, "password": .string(Self.password),
        ], guid: "vm")["instanceId"] ?? ""
    _ = try await one("vm/delete", ["instanceId": vm], guid: "vm-delete")
    _ = try await one("security_group/delete", ["securityGroupId": group], guid: "sg-delete")
    _ = try await one("vswitch/delete", ["vSwitchId": vsw], guid: "vsw-delete")
    _ = try await one("vpc/delete", ["vpcId": vpc], guid: "vpc-delete")
    calls += 1
    await #expect(throws: ClientError.self) { _ = try await client.call("vpc/creat", params: ["inputs": []]) }
    // One call through the gateway, as WeCube sends it.
    calls += 1
    let http = try LoopbackHTTPClient(port: gatewayPort)
    let answer = try await http.send(
      "/alicloud/v1/vpc/delete",
      [
        "requestId": "wecube-req-1", "operator": "wecube",
        "inputs": [
          ["guid": "http", "identityParams": .string(identity), "cloudParams": "regionId=cn-hangzhou", "vpcId": vpc]
        ],
      ])
    #expect(answer.status == 200)
    client.close()
    await daemon.kill(SIGTERM)

    let all = records()
    for line in all { #expect(line.objectValue != nil, "a log line that is not a JSON object: \(line)") }
    let finished = all.filter { $0["message"] == "call finished" && $0["rpc.method"] != "daemon.ping" }
    #expect(all.contains { $0["message"] == "call finished" && $0["rpc.method"] == "daemon.ping" })
    #expect(finished.count == calls, "\(finished.count) call finished records for \(calls) calls")
    let ids = finished.compactMap { $0["rpc.id"]?.stringValue }
    #expect(Set(ids).count == finished.count, "one record per call id: \(ids)")
    let correlation = ["rpc.method", "rpc.id", "call.front_end"]
    for r in finished {
      #expect(r["level"] == "info" && r["label"] == "alicloudd", "\(r)")
      for f in correlation + ["duration_ms", "result", "result.code"] {
        #expect(r[f]?.stringValue?.isEmpty == false, "\(f) in \(r)")
      }
      #expect(Double(r["duration_ms"]?.stringValue ?? "") != nil, "\(r)")
      if r["call.front_end"] == "socket" {
        #expect(r["peer.uid"]?.stringValue == String(getuid()) && r["peer.pid"]?.stringValue == String(getpid()))
      }
    }
    let operations = finished.filter { $0["rpc.method"]?.stringValue?.contains("/") == true && $0["result"] == "ok" }
    #expect(operations.count == 9, "\(operations)")
    for r in operations {
      #expect(r["result.code"] == "0" && r["inputs"] == "1" && r["inputs.failed"] == "0", "\(r)")
      #expect(r["call.operator"]?.stringValue?.isEmpty == false, "\(r)")
      #expect(r["call.request_id"]?.stringValue?.isEmpty == false, "\(r)")
      #expect(Int(r["cloud.requests"]?.stringValue ?? "") ?? 0 >= 1, "\(r)")
      #expect(r["cloud.request_ids"]?.stringValue?.isEmpty == false, "\(r)")
    }
    // The RequestIds the outputs name are among those the call's record names.
    let logged = Set(
      operations.flatMap { ($0["cloud.request_ids"]?.stringValue ?? "").split(separator: ",").map(String.init) })
    #expect(!requestIds.isEmpty && requestIds.allSatisfy(logged.contains), "\(requestIds) in \(logged)")
    let vmRecord = finished.first { $0["call.request_id"] == "req-vm" }
    #expect(vmRecord?["rpc.method"] == "vm/create" && vmRecord?["call.operator"] == "ops-admin")
    let viaHTTP = finished.first { $0["call.front_end"] == "http" }
    #expect(viaHTTP?["call.request_id"] == "wecube-req-1" && viaHTTP?["call.operator"] == "wecube", "\(finished)")
    let unknown = finished.first { $0["result"] == "alicloudd.MethodNotFound" }
    #expect(unknown?["result.code"] == "-32601" && unknown?["rpc.method"] == "vpc/creat", "\(finished)")

    // Every line logged during the vm/create call carries its correlation fields.
    let vmID = try #require(vmRecord?["rpc.id"]?.stringValue)
    let vmLines = all.filter { $0["rpc.id"]?.stringValue == vmID }
    #expect(vmLines.contains { $0["message"] == "cloud call" }, "\(vmLines)")
    for line in vmLines {
      for f in correlation + ["peer.uid", "peer.pid", "call.request_id", "call.operator"] {
        #expect(line[f] == vmRecord?[f], "\(f) in \(line)")
      }
    }
    // What is logged is documented, and what is documented is logged.
    let keys = Set(finished.flatMap { $0.objectValue?.keys.map { $0 } ?? [] })
      .subtracting(["time", "level", "label", "message"])
    let documented = try Self.documentedFields()
    #expect(keys.subtracting(documented).isEmpty, "logged but not documented: \(keys.subtracting(documented))")
    #expect(documented.subtracting(keys).isEmpty, "documented but not logged: \(documented.subtracting(keys))")

    // No secret the run used is in the logs.
    let text = try String(contentsOfFile: log, encoding: .utf8)
    for s in [secret, Self.password, Self.seed] {
      #expect(!text.contains(s), "a secret is in the log")
    }
    #expect(text.contains(Sandbox.credential.accessKeyId), "the log names the access key id (not a secret)")
  }
}
