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

  func lbFields(_ vpc: JSONValue, _ vsw: JSONValue) -> [String: JSONValue] {
    [
      "addressType": "intranet", "vpcId": vpc, "vSwitchId": vsw, "loadBalancerName": "lb", "payType": "PostPaid",
      "loadBalancerSpec": "slb.s1.small",
    ]
  }

  func loadBalancer(_ n: Int) async throws -> (lb: JSONValue, vm: JSONValue) {
    let (vpc, vsw) = try await network(n)
    let g = try await group(vpc)
    let vm = try await make("vm/create", vmFields(vsw, g))["instanceId"]!
    return (try await make("load_balancer/create", lbFields(vpc, vsw))["loadBalancerId"]!, vm)
  }

  func backendFields(_ lb: JSONValue, _ vm: JSONValue) -> [String: JSONValue] {
    [
      "loadBalancerId": lb, "hostIds": .string("[\(vm.stringValue ?? "")]"), "hostPorts": "[8080]", "bandwidth": "-1",
      "listenerPort": "80", "listenerProtocol": "TCP", "vServerGroupName": "web",
    ]
  }

  func rdsFields(_ vpc: JSONValue, _ vsw: JSONValue) -> [String: JSONValue] {
    [
      "seed": "seed123", "accountName": "app", "dBInstanceSpec": "1C2G", "engine": "MySQL", "engineVersion": "8.0",
      "dBInstanceStorage": "20", "dBInstanceStorageType": "cloud_essd", "securityIPList": "[10.0.0.0/16]",
      "zoneId": Estate.zone, "vpcId": vpc, "vSwitchId": vsw, "payType": "Postpaid",
    ]
  }

  func rds(_ n: Int) async throws -> JSONValue {
    let (vpc, vsw) = try await network(n)
    return try await make("rds/db/create", rdsFields(vpc, vsw))["dBInstanceId"]!
  }

  func redisFields(_ vpc: JSONValue, _ vsw: JSONValue) -> [String: JSONValue] {
    [
      "seed": "seed123", "capacity": "1024", "zoneId": Estate.zone, "engineVersion": "5.0", "chargeType": "PostPaid",
      "networkType": "VPC", "vpcId": vpc, "vSwitchId": vsw, "instanceName": "cache",
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
  ComputeCase(
    method: "load_balancer/create", outputs: ["loadBalancerId", "address", "requestId"], required: "addressType",
    faultAction: "CreateLoadBalancer",
    inputs: { e, n in
      let (vpc, vsw) = try await e.network(n)
      return e.lbFields(vpc, vsw)
    }, again: rerunWith("loadBalancerId")),
  ComputeCase(
    method: "load_balancer/delete", outputs: ["requestId"], required: "loadBalancerId",
    faultAction: "DeleteLoadBalancer",
    inputs: { e, n in ["loadBalancerId": try await e.loadBalancer(n).lb] }),
  ComputeCase(
    method: "load_balancer/backend_server/add", outputs: ["vServerGroupId", "requestId"], required: "hostIds",
    faultAction: "CreateLoadBalancerTCPListener",
    inputs: { e, n in
      let (lb, vm) = try await e.loadBalancer(n)
      return e.backendFields(lb, vm)
    }),
  ComputeCase(
    method: "load_balancer/backend_server/remove", outputs: ["requestId"], required: "vServerGroupId",
    faultAction: "RemoveVServerGroupBackendServers",
    inputs: { e, n in
      let (lb, vm) = try await e.loadBalancer(n)
      let added = try await e.make("load_balancer/backend_server/add", e.backendFields(lb, vm))
      return e.backendFields(lb, vm).merging(["vServerGroupId": added["vServerGroupId"]!, "deleteListener": "N"]) {
        _, b in b
      }
    }),
  ComputeCase(
    method: "rds/db/create",
    outputs: [
      "dBInstanceId", "dBInstanceClass", "cpu", "memory", "connectionString", "port", "accountName", "accountPassword",
      "requestId",
    ],
    required: "dBInstanceSpec", faultAction: "CreateDBInstance",
    inputs: { e, n in
      let (vpc, vsw) = try await e.network(n)
      return e.rdsFields(vpc, vsw).merging(["accountPassword": "Abcd1234!x"]) { _, b in b }
    }, again: rerunWith("dBInstanceId")),
  ComputeCase(
    method: "rds/db/delete", outputs: ["requestId"], required: "dBInstanceId", faultAction: "DeleteDBInstance",
    inputs: { e, n in ["dBInstanceId": try await e.rds(n)] }),
  ComputeCase(
    method: "rds/backup/create", outputs: ["backupId", "requestId"], required: "dBInstanceId",
    faultAction: "CreateBackup",
    inputs: { e, n in ["dBInstanceId": try await e.rds(n), "backupMethod": "Physical"] },
    again: rerunWith("backupId")),
  ComputeCase(
    method: "rds/backup/delete", outputs: ["requestId"], required: "backupId", faultAction: "DeleteBackup",
    inputs: { e, n in
      let db = try await e.rds(n)
      let b = try await e.make("rds/backup/create", ["dBInstanceId": db])
      return ["dBInstanceId": db, "backupId": b["backupId"]!]
    }),
  ComputeCase(
    method: "rds/security_ip/append", outputs: ["requestId"], required: "securityIps", faultAction: "ModifySecurityIps",
    inputs: { e, n in ["dBInstanceId": try await e.rds(n), "securityIps": "[192.168.0.1, 192.168.1.0/24]"] }),
  ComputeCase(
    method: "rds/security_ip/delete", outputs: ["requestId"], required: "dBInstanceId",
    faultAction: "ModifySecurityIps",
    inputs: { e, n in
      let db = try await e.rds(n)
      _ = try await e.make("rds/security_ip/append", ["dBInstanceId": db, "securityIps": "192.168.0.1"])
      return ["dBInstanceId": db, "securityIps": "192.168.0.1"]
    }),
  ComputeCase(
    method: "rds/security_ip/modify", outputs: ["requestId"], required: "securityIps",
    faultAction: "ModifySecurityIps",
    inputs: { e, n in ["dBInstanceId": try await e.rds(n), "securityIps": "[192.168.7.0/24]", "modifyMode": "Cover"] }
  ),
  ComputeCase(
    method: "redis/create",
    outputs: ["instanceId", "password", "port", "privateIpAddr", "connectionDomain", "requestId"],
    required: "capacity", faultAction: "CreateInstance",
    inputs: { e, n in
      let (vpc, vsw) = try await e.network(n)
      return e.redisFields(vpc, vsw).merging(["password": "Abcd1234!x"]) { _, b in b }
    }, again: rerunWith("instanceId")),
  ComputeCase(
    method: "redis/delete", outputs: ["requestId"], required: "instanceId", faultAction: "DeleteInstance",
    inputs: { e, n in
      let (vpc, vsw) = try await e.network(n)
      return ["instanceId": try await e.make("redis/create", e.redisFields(vpc, vsw))["instanceId"]!]
    }),
]
