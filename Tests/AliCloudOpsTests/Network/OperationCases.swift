import AliCloudCore
import TestSupport
import Testing

let networkCases: [OperationCase] = [
  OperationCase(
    method: "vpc/create", outputs: ["vpcId", "routeTableId"], required: "vpcName", faultAction: "DescribeVpcs",
    inputs: { _, n in ["vpcName": .string("v\(n)"), "cidrBlock": .string("10.\(n).0.0/16")] }, again: rerun("vpcId")),
  OperationCase(
    method: "vpc/delete", outputs: [], required: "vpcId", faultAction: "DeleteVpc",
    inputs: { w, n in ["vpcId": try await w.vpc(n)] }),
  OperationCase(
    method: "vswitch/create", outputs: ["vSwitchId", "routeTableId", "requestId"], required: "zoneId",
    faultAction: "CreateVSwitch",
    inputs: { w, n in
      ["vpcId": try await w.vpc(n), "vSwitchName": "s", "cidrBlock": "10.0.1.0/24", "zoneId": Estate.zone]
    }, again: rerun("vSwitchId")),
  OperationCase(
    method: "vswitch/create/route_table/bind", outputs: ["vSwitchId", "routeTableId", "requestId"],
    required: "cidrBlock", faultAction: "CreateRouteTable",
    inputs: { w, n in
      ["vpcId": try await w.vpc(n), "vSwitchName": "s", "cidrBlock": "10.0.1.0/24", "zoneId": Estate.zone]
    }, again: rerun("vSwitchId")),
  OperationCase(
    method: "vswitch/delete", outputs: ["requestId"], required: "vSwitchId", faultAction: "DeleteVSwitch",
    inputs: { w, n in ["vSwitchId": try await w.vswitch(try await w.vpc(n), 1)["vSwitchId"]!] }),
  OperationCase(
    method: "vswitch/delete/route_table/unbind", outputs: ["requestId"], required: "vSwitchId",
    faultAction: "UnassociateRouteTable",
    inputs: { w, n in ["vSwitchId": try await w.vswitch(try await w.vpc(n), 1, bind: true)["vSwitchId"]!] }),
  OperationCase(
    method: "route_table/create", outputs: ["routeTableId"], required: "vpcId", faultAction: "DescribeRouteTableList",
    inputs: { w, n in ["vpcId": try await w.vpc(n), "routeTableName": "r"] }, again: rerun("routeTableId")),
  OperationCase(
    method: "route_table/delete", outputs: ["requestId"], required: "routeTableId", faultAction: "DeleteRouteTable",
    inputs: { w, n in ["routeTableId": try await w.routeTable(try await w.vpc(n))] }),
  OperationCase(
    method: "route_table/vswitch/associate", outputs: ["requestId"], required: "vSwitchId",
    faultAction: "AssociateRouteTable",
    inputs: { w, n in
      let v = try await w.vpc(n)
      return ["routeTableId": try await w.routeTable(v), "vSwitchId": try await w.vswitch(v, 1)["vSwitchId"]!]
    }),
  OperationCase(
    method: "route_table/route_entry/create", outputs: [], required: "nextHopId", faultAction: "CreateRouteEntry",
    inputs: { w, n in
      let nat = try await w.nat()
      return [
        "routeTableId": try await w.routeTable(nat.vpc), "destinationCidrBlock": "0.0.0.0/0",
        "nextHopType": "NatGateway", "nextHopId": nat.nat,
      ]
    }),
  OperationCase(
    method: "route_table/route_entry/delete", outputs: ["requestId"], required: "destinationCidrBlock",
    faultAction: "DeleteRouteEntry",
    inputs: { w, n in
      let nat = try await w.nat()
      let fields: [String: JSONValue] = [
        "routeTableId": try await w.routeTable(nat.vpc), "destinationCidrBlock": "0.0.0.0/0",
        "nextHopType": "NatGateway", "nextHopId": nat.nat,
      ]
      _ = try await w.make("route_table/route_entry/create", fields)
      return fields
    }),
  OperationCase(
    method: "vpc/nat/create", outputs: ["natGatewayId", "snatTableId", "requestId"], required: "vpcId",
    faultAction: "DescribeNatGateways",
    inputs: { w, n in
      let v = try await w.vpc(n)
      return ["vpcId": v, "vSwitchId": try await w.vswitch(v, 1)["vSwitchId"]!, "name": "n"]
    }, again: rerun("natGatewayId")),
  OperationCase(
    method: "vpc/nat/delete", outputs: ["requestId"], required: "natGatewayId", faultAction: "DeleteNatGateway",
    inputs: { w, _ in ["natGatewayId": try await w.nat().nat] }),
  OperationCase(
    method: "vpc/nat/snat_entry/create", outputs: ["snatEntryId", "requestId"], required: "snatIp",
    faultAction: "CreateSnatEntry",
    inputs: { w, n in
      let nat = try await w.nat()
      return [
        "natId": nat.nat, "snatTableId": nat.snatTable, "snatIp": .string("[ \(try await w.eip().ip.stringValue!) ]"),
        "sourceCIDR": .string("192.168.\(n).0/24"),
      ]
    }, again: { input, _ in input }),
  OperationCase(
    method: "vpc/nat/snat_entry/delete", outputs: ["requestId"], required: "snatEntryId",
    faultAction: "DeleteSnatEntry",
    inputs: { w, _ in try await snatEntry(w, ips: 1).fields }),
  OperationCase(
    method: "vpc/nat/snat_entry/modify/append", outputs: ["requestId"], required: "snatIp",
    faultAction: "ModifySnatEntry",
    inputs: { w, _ in
      let e = try await snatEntry(w, ips: 1)
      return e.fields.merging(["snatIp": .string(try await w.eip().ip.stringValue!)]) { _, b in b }
    }),
  OperationCase(
    method: "vpc/nat/snat_entry/modify/remove", outputs: ["requestId"], required: "natId",
    faultAction: "ModifySnatEntry",
    inputs: { w, _ in
      let e = try await snatEntry(w, ips: 2)
      return e.fields.merging(["snatIp": .string(e.ips[1])]) { _, b in b }
    }),
  OperationCase(
    method: "vpc/eip/allocate", outputs: ["allocationId", "eipAddress", "cbpId", "cbpName", "requestId"],
    required: "cloudParams", faultAction: "AddCommonBandwidthPackageIp",
    inputs: { _, n in ["cbpName": .string("cbp\(n)"), "bandwidth": "10", "internetChargeType": "PayByBandwidth"] },
    again: rerun("allocationId")),
  OperationCase(
    method: "vpc/eip/release", outputs: ["requestId"], required: "allocationId", faultAction: "ReleaseEipAddress",
    inputs: { w, _ in ["allocationId": try await w.eip().id] }),
  OperationCase(
    method: "vpc/eip/associate", outputs: ["requestId"], required: "instanceType", faultAction: "AssociateEipAddress",
    inputs: { w, _ in
      ["allocationId": try await w.eip().id, "instanceId": try await w.nat().nat, "instanceType": "Nat"]
    }),
  OperationCase(
    method: "vpc/eip/un-associate", outputs: ["requestId"], required: "instanceId",
    faultAction: "UnassociateEipAddress",
    inputs: { w, _ in
      let fields: [String: JSONValue] = [
        "allocationId": try await w.eip().id, "instanceId": try await w.nat().nat, "instanceType": "Nat",
      ]
      _ = try await w.make("vpc/eip/associate", fields)
      return fields
    }),
  OperationCase(
    method: "cen/create", outputs: ["cenId", "requestId"], required: "name", faultAction: "DescribeCens",
    inputs: { _, n in ["name": .string("c\(n)")] }, again: rerun("cenId")),
  OperationCase(
    method: "cen/delete", outputs: ["requestId"], required: "cenId", faultAction: "DeleteCen",
    inputs: { w, n in
      let cen = try await w.cen()
      _ = try await w.make("cen/attach", ["cenId": cen, "childInstanceId": try await w.vpc(n)])
      return ["cenId": cen]
    }),
  OperationCase(
    method: "cen/attach", outputs: ["requestId"], required: "childInstanceId", faultAction: "AttachCenChildInstance",
    inputs: { w, n in ["cenId": try await w.cen(), "childInstanceId": try await w.vpc(n)] }),
  OperationCase(
    method: "cen/detach", outputs: ["requestId"], required: "cenId", faultAction: "DetachCenChildInstance",
    inputs: { w, n in
      let fields: [String: JSONValue] = ["cenId": try await w.cen(), "childInstanceId": try await w.vpc(n)]
      _ = try await w.make("cen/attach", fields)
      return fields
    }),
]

/// A NAT gateway with an SNAT entry over `ips` fresh EIPs.
func snatEntry(_ w: Estate, ips count: Int) async throws -> (fields: [String: JSONValue], ips: [String]) {
  let nat = try await w.nat()
  var ips: [String] = []
  for _ in 0..<count { ips.append(try await w.eip().ip.stringValue!) }
  let out = try await w.make(
    "vpc/nat/snat_entry/create",
    [
      "natId": nat.nat, "snatTableId": nat.snatTable, "snatIp": .string(ips.joined(separator: ",")),
      "sourceVSwitchId": nat.vswitch,
    ])
  return (["natId": nat.nat, "snatTableId": nat.snatTable, "snatEntryId": out["snatEntryId"]!], ips)
}
