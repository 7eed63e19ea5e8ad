import AliCloudCore
import Testing

@testable import TestSupport

let computeCases: [OperationCase] = [
  OperationCase(
    method: "security_group/create", outputs: ["securityGroupId", "requestId"], required: "securityGroupName",
    faultAction: "CreateSecurityGroup",
    inputs: { e, n in
      ["securityGroupName": .string("grp\(n)"), "description": "d", "vpcId": try await e.network(n).vpc]
    }, again: rerun("securityGroupId")),
  OperationCase(
    method: "security_group/delete", outputs: [], required: "securityGroupId", faultAction: "DeleteSecurityGroup",
    inputs: { e, n in ["securityGroupId": try await e.group(try await e.network(n).vpc)] }),
  OperationCase(
    method: "security_group/authorize", outputs: ["requestId"], required: "cidrIp",
    faultAction: "AuthorizeSecurityGroup",
    inputs: { e, n in
      [
        "securityGroupId": try await e.group(try await e.network(n).vpc), "policy": "accept", "description": "d",
        "cidrIp": "[10.0.0.0/8,0.0.0.0/0]", "ipProtocol": "tcp", "portRange": "[22,443]", "actionType": "ingress",
      ]
    }),
  OperationCase(
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
  OperationCase(
    method: "vm/create",
    outputs: ["instanceId", "instanceType", "cpu", "memory", "password", "privateIp", "requestId"],
    required: "instanceSpec", faultAction: "CreateInstance",
    inputs: { e, n in
      let (vpc, vsw) = try await e.network(n)
      return e.vmFields(vsw, try await e.group(vpc)).merging(["password": "Abcd1234!x"]) { _, b in b }
    }, again: rerun("instanceId")),
  OperationCase(
    method: "vm/delete", outputs: [], required: "instanceId", faultAction: "DeleteInstance",
    inputs: { e, n in ["instanceId": try await e.vm(n)["instanceId"]!] }),
  OperationCase(
    method: "vm/stop", outputs: ["requestId"], required: "instanceId", faultAction: "StopInstance",
    inputs: { e, n in ["instanceId": try await e.vm(n)["instanceId"]!] }),
  OperationCase(
    method: "vm/start", outputs: ["requestId"], required: "instanceId", faultAction: "StartInstance",
    inputs: { e, n in
      let id = try await e.vm(n)["instanceId"]!
      _ = try await e.make("vm/stop", ["instanceId": id])
      return ["instanceId": id]
    }),
  OperationCase(
    method: "vm/security-group/bind", outputs: ["requestId"], required: "securityGroupId",
    faultAction: "ModifyInstanceAttribute",
    inputs: { e, n in
      let (vpc, vsw) = try await e.network(n)
      let vm = try await e.make("vm/create", e.vmFields(vsw, try await e.group(vpc)))
      return ["instanceId": vm["instanceId"]!, "securityGroupId": try await e.group(vpc, "other")]
    }),
  OperationCase(
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
  OperationCase(
    method: "disk/create_attach", outputs: ["diskId", "volumeName", "requestId"], required: "mountDir",
    faultAction: "AttachDisk",
    inputs: { e, n in e.diskFields(try await e.vm(n)) }, again: rerun("diskId")),
  OperationCase(
    method: "disk/detach_delete", outputs: [], required: "volumeName", faultAction: "DetachDisk",
    inputs: { e, n in
      let vm = try await e.vm(n)
      let d = try await e.make("disk/create_attach", e.diskFields(vm))
      return [
        "diskId": d["diskId"]!, "volumeName": d["volumeName"]!, "instanceId": vm["instanceId"]!, "instanceGuid": "g",
        "seed": "seed123", "password": vm["password"]!, "unmountDir": "/data",
      ]
    }),
  OperationCase(
    method: "load_balancer/create", outputs: ["loadBalancerId", "address", "requestId"], required: "addressType",
    faultAction: "CreateLoadBalancer",
    inputs: { e, n in
      let (vpc, vsw) = try await e.network(n)
      return e.lbFields(vpc, vsw)
    }, again: rerun("loadBalancerId")),
  OperationCase(
    method: "load_balancer/delete", outputs: ["requestId"], required: "loadBalancerId",
    faultAction: "DeleteLoadBalancer",
    inputs: { e, n in ["loadBalancerId": try await e.loadBalancer(n).lb] }),
  OperationCase(
    method: "load_balancer/backend_server/add", outputs: ["vServerGroupId", "requestId"], required: "hostIds",
    faultAction: "CreateLoadBalancerTCPListener",
    inputs: { e, n in
      let (lb, vm) = try await e.loadBalancer(n)
      return e.backendFields(lb, vm)
    }),
  OperationCase(
    method: "load_balancer/backend_server/remove", outputs: ["requestId"], required: "vServerGroupId",
    faultAction: "RemoveVServerGroupBackendServers",
    inputs: { e, n in
      let (lb, vm) = try await e.loadBalancer(n)
      let added = try await e.make("load_balancer/backend_server/add", e.backendFields(lb, vm))
      return e.backendFields(lb, vm).merging(["vServerGroupId": added["vServerGroupId"]!, "deleteListener": "N"]) {
        _, b in b
      }
    }),
  OperationCase(
    method: "rds/db/create",
    outputs: [
      "dBInstanceId", "dBInstanceClass", "cpu", "memory", "connectionString", "port", "accountName", "accountPassword",
      "requestId",
    ],
    required: "dBInstanceSpec", faultAction: "CreateDBInstance",
    inputs: { e, n in
      let (vpc, vsw) = try await e.network(n)
      return e.rdsFields(vpc, vsw).merging(["accountPassword": "Abcd1234!x"]) { _, b in b }
    }, again: rerun("dBInstanceId")),
  OperationCase(
    method: "rds/db/delete", outputs: ["requestId"], required: "dBInstanceId", faultAction: "DeleteDBInstance",
    inputs: { e, n in ["dBInstanceId": try await e.rds(n)] }),
  OperationCase(
    method: "rds/backup/create", outputs: ["backupId", "requestId"], required: "dBInstanceId",
    faultAction: "CreateBackup",
    inputs: { e, n in ["dBInstanceId": try await e.rds(n), "backupMethod": "Physical"] },
    again: rerun("backupId")),
  OperationCase(
    method: "rds/backup/delete", outputs: ["requestId"], required: "backupId", faultAction: "DeleteBackup",
    inputs: { e, n in
      let db = try await e.rds(n)
      let b = try await e.make("rds/backup/create", ["dBInstanceId": db])
      return ["dBInstanceId": db, "backupId": b["backupId"]!]
    }),
  OperationCase(
    method: "rds/security_ip/append", outputs: ["requestId"], required: "securityIps", faultAction: "ModifySecurityIps",
    inputs: { e, n in ["dBInstanceId": try await e.rds(n), "securityIps": "[192.168.0.1, 192.168.1.0/24]"] }),
  OperationCase(
    method: "rds/security_ip/delete", outputs: ["requestId"], required: "dBInstanceId",
    faultAction: "ModifySecurityIps",
    inputs: { e, n in
      let db = try await e.rds(n)
      _ = try await e.make("rds/security_ip/append", ["dBInstanceId": db, "securityIps": "192.168.0.1"])
      return ["dBInstanceId": db, "securityIps": "192.168.0.1"]
    }),
  OperationCase(
    method: "rds/security_ip/modify", outputs: ["requestId"], required: "securityIps",
    faultAction: "ModifySecurityIps",
    inputs: { e, n in ["dBInstanceId": try await e.rds(n), "securityIps": "[192.168.7.0/24]", "modifyMode": "Cover"] }
  ),
  OperationCase(
    method: "rds/security_group/append", outputs: ["requestId"], required: "securityGroupId",
    faultAction: "ModifySecurityGroupConfiguration",
    inputs: { e, n in try await groupedInstance(e, n, "rds", groups: 1, bracketed: true) }),
  OperationCase(
    method: "rds/security_group/remove", outputs: ["requestId"], required: "dBInstanceId",
    faultAction: "ModifySecurityGroupConfiguration",
    inputs: { e, n in try await groupedInstance(e, n, "rds", groups: 2, bracketed: false) }),
  OperationCase(
    method: "redis/create",
    outputs: ["instanceId", "password", "port", "privateIpAddr", "connectionDomain", "requestId"],
    required: "seed", faultAction: "CreateInstance",
    inputs: { e, n in
      let (vpc, vsw) = try await e.network(n)
      return e.redisFields(vpc, vsw).merging(["password": "Abcd1234!x"]) { _, b in b }
    }, again: rerun("instanceId")),
  OperationCase(
    method: "redis/delete", outputs: ["requestId"], required: "instanceId", faultAction: "DeleteInstance",
    inputs: { e, n in
      let (vpc, vsw) = try await e.network(n)
      return ["instanceId": try await e.make("redis/create", e.redisFields(vpc, vsw))["instanceId"]!]
    }),
  OperationCase(
    method: "redis/security_group/append", outputs: ["requestId"], required: "securityGroupId",
    faultAction: "ModifySecurityGroupConfiguration",
    inputs: { e, n in try await groupedInstance(e, n, "redis", groups: 1, bracketed: true) }),
  OperationCase(
    method: "redis/security_group/remove", outputs: ["requestId"], required: "dBInstanceId",
    faultAction: "ModifySecurityGroupConfiguration",
    inputs: { e, n in try await groupedInstance(e, n, "redis", groups: 2, bracketed: false) }),
]

/// An RDS or Redis instance in the first `groups` of two security groups (`grp-a`, `grp-b`), and
/// the input that adds or removes the second (bracketed, `[sg-...]`, when `bracketed`).
func groupedInstance(_ e: Estate, _ n: Int, _ product: String, groups: Int, bracketed: Bool) async throws
  -> [String: JSONValue]
{
  let (vpc, vsw) = try await e.network(n)
  let a = try await e.group(vpc, "grp-a").stringValue ?? ""
  let b = try await e.group(vpc, "grp-b").stringValue ?? ""
  let member: JSONValue = .string(groups == 1 ? a : "[\(a),\(b)]")
  let id: JSONValue
  if product == "rds" {
    id = try await e.make("rds/db/create", e.rdsFields(vpc, vsw).merging(["securityGroupId": member]) { _, x in x })[
      "dBInstanceId"]!
  } else {
    id = try await e.make("redis/create", e.redisFields(vpc, vsw).merging(["securityGroupId": member]) { _, x in x })[
      "instanceId"]!
  }
  return ["dBInstanceId": id, "securityGroupId": .string(bracketed ? "[\(b)]" : b)]
}
