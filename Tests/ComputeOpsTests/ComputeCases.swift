import AliCloudCore
import Testing

@testable import TestSupport

/// One compute or data operation under test: two inputs (with what they need made first), the
/// output fields success gives, a required input, and the AliCloud action that fails mid-way.
struct ComputeCase: Sendable, CustomTestStringConvertible {
  let method: String
  let outputs: [String]
  let required: String
  let faultAction: String
  let inputs: @Sendable (Estate, Int) async throws -> [String: JSONValue]
  var again: @Sendable ([String: JSONValue], [String: JSONValue]) -> [String: JSONValue] = { input, _ in input }

  var testDescription: String { method }
}

func rerunWith(_ key: String) -> @Sendable ([String: JSONValue], [String: JSONValue]) -> [String: JSONValue] {
  { input, output in input.merging([key: output[key] ?? ""]) { _, b in b } }
}

/// Prerequisites made through the daemon itself.
struct Estate: Sendable {
  let f: CloudFixture
  static let zone = JSONValue.string(CloudFixture.zone)

  func make(_ method: String, _ fields: [String: JSONValue]) async throws -> [String: JSONValue] {
    let out = try await f.one(method, fields)
    try #require(out["errorCode"] == "0", "\(method): \(out["errorMessage"] ?? "")")
    return out
  }

  func network(_ n: Int) async throws -> (vpc: JSONValue, vswitch: JSONValue) {
    let vpc = try await make("vpc/create", ["vpcName": .string("e\(n)"), "cidrBlock": "10.0.0.0/16"])["vpcId"]!
    let vsw = try await make(
      "vswitch/create", ["vpcId": vpc, "vSwitchName": "s", "cidrBlock": "10.0.1.0/24", "zoneId": Estate.zone])
    return (vpc, vsw["vSwitchId"]!)
  }

  func group(_ vpc: JSONValue, _ name: String = "grp") async throws -> JSONValue {
    try await make("security_group/create", ["securityGroupName": .string(name), "description": "d", "vpcId": vpc])[
      "securityGroupId"]!
  }

  /// A running VM; returns its create output.
  func vm(_ n: Int) async throws -> [String: JSONValue] {
    let (vpc, vsw) = try await network(n)
    let g = try await group(vpc)
    return try await make("vm/create", vmFields(vsw, g))
  }

  func vmFields(_ vsw: JSONValue, _ group: JSONValue) -> [String: JSONValue] {
    [
      "seed": "seed123", "instanceSpec": "1C1G", "instanceFamily": "s6", "imageId": "m-ubuntu2204",
      "zoneId": Estate.zone, "vSwitchId": vsw, "securityGroupId": group,
    ]
  }

  func diskFields(_ vm: [String: JSONValue]) -> [String: JSONValue] {
    [
      "instanceId": vm["instanceId"]!, "instanceGuid": "g", "seed": "seed123", "password": vm["password"]!,
      "fileSystemType": "ext4", "mountDir": "/data", "zoneId": Estate.zone, "size": "20",
    ]
  }
}

let computeCases: [ComputeCase] = [
  ComputeCase(
    method: "security_group/create", outputs: ["securityGroupId", "requestId"], required: "securityGroupName",
    faultAction: "CreateSecurityGroup",
    inputs: { e, n in
      ["securityGroupName": .string("grp\(n)"), "description": "d", "vpcId": try await e.network(n).vpc]
    }, again: rerunWith("securityGroupId")),
  ComputeCase(
    method: "security_group/delete", outputs: [], required: "securityGroupId", faultAction: "DeleteSecurityGroup",
    inputs: { e, n in ["securityGroupId": try await e.group(try await e.network(n).vpc)] }),
  ComputeCase(
    method: "security_group/authorize", outputs: ["requestId"], required: "cidrIp",
    faultAction: "AuthorizeSecurityGroup",
    inputs: { e, n in
      [
        "securityGroupId": try await e.group(try await e.network(n).vpc), "policy": "accept", "description": "d",
        "cidrIp": "[10.0.0.0/8,0.0.0.0/0]", "ipProtocol": "tcp", "portRange": "[22,443]", "actionType": "ingress",
      ]
    }),
  ComputeCase(
    method: "security_group/revoke", outputs: [], required: "portRange", faultAction: "RevokeSecurityGroupEgress",
    inputs: { e, n in
      let g = try await e.group(try await e.network(n).vpc)
      let rule: [String: JSONValue] = [
        "securityGroupId": g, "policy": "accept", "cidrIp": "10.0.0.0/8", "ipProtocol": "all", "portRange": "-1",
        "policyType": "egress",
      ]
      _ = try await e.make("security_group/authorize", rule.merging(["description": "d"]) { _, b in b })
      return rule
    }),
  ComputeCase(
    method: "vm/create",
    outputs: ["instanceId", "instanceType", "cpu", "memory", "password", "privateIp", "requestId"],
    required: "instanceSpec", faultAction: "CreateInstance",
    inputs: { e, n in
      let (vpc, vsw) = try await e.network(n)
      return e.vmFields(vsw, try await e.group(vpc)).merging(["password": "Abcd1234!x"]) { _, b in b }
    }, again: rerunWith("instanceId")),
  ComputeCase(
    method: "vm/delete", outputs: [], required: "instanceId", faultAction: "DeleteInstance",
    inputs: { e, n in ["instanceId": try await e.vm(n)["instanceId"]!] }),
  ComputeCase(
    method: "vm/stop", outputs: ["requestId"], required: "instanceId", faultAction: "StopInstance",
    inputs: { e, n in ["instanceId": try await e.vm(n)["instanceId"]!] }),
  ComputeCase(
    method: "vm/start", outputs: ["requestId"], required: "instanceId", faultAction: "StartInstance",
    inputs: { e, n in
      let id = try await e.vm(n)["instanceId"]!
      _ = try await e.make("vm/stop", ["instanceId": id])
      return ["instanceId": id]
    }),
  ComputeCase(
    method: "vm/security-group/bind", outputs: ["requestId"], required: "securityGroupId",
    faultAction: "ModifyInstanceAttribute",
    inputs: { e, n in
      let (vpc, vsw) = try await e.network(n)
      let vm = try await e.make("vm/create", e.vmFields(vsw, try await e.group(vpc)))
      return ["instanceId": vm["instanceId"]!, "securityGroupId": try await e.group(vpc, "other")]
    }),
  ComputeCase(
    method: "vm/security-group/unbind", outputs: ["requestId"], required: "instanceId",
    faultAction: "ModifyInstanceAttribute",
    inputs: { e, n in
      let (vpc, vsw) = try await e.network(n)
      let g = try await e.group(vpc)
      let vm = try await e.make("vm/create", e.vmFields(vsw, g))
      _ = try await e.make(
        "vm/security-group/bind",
        ["instanceId": vm["instanceId"]!, "securityGroupId": try await e.group(vpc, "another")])
      return ["instanceId": vm["instanceId"]!, "securityGroupId": g]
    }),
  ComputeCase(
    method: "disk/create_attach", outputs: ["diskId", "volumeName", "requestId"], required: "mountDir",
    faultAction: "AttachDisk",
    inputs: { e, n in e.diskFields(try await e.vm(n)) }, again: rerunWith("diskId")),
  ComputeCase(
    method: "disk/detach_delete", outputs: [], required: "volumeName", faultAction: "DetachDisk",
    inputs: { e, n in
      let vm = try await e.vm(n)
      let d = try await e.make("disk/create_attach", e.diskFields(vm))
      return [
        "diskId": d["diskId"]!, "volumeName": d["volumeName"]!, "instanceId": vm["instanceId"]!, "instanceGuid": "g",
        "seed": "seed123", "password": vm["password"]!, "unmountDir": "/data",
      ]
    }),
]
