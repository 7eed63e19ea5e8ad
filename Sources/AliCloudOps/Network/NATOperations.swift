import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

/// `vpc/nat/create`, `vpc/nat/delete`.
enum NATOperations {
  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.vpcNatCreate) { s in
        var p = s.input.forward([
          "name": "Name", "vSwitchId": "VSwitchId", "description": "Description", "natType": "NatType",
          "internetChargeType": "InternetChargeType",
        ])
        p["VpcId"] = .string(try s.input.require("vpcId"))
        if let spec = try s.input.oneOf("spec", ["Small", "Middle", "Large", "XLarge.1"]) { p["Spec"] = .string(spec) }
        let charge = try s.input.oneOf("instanceChargeType", ["PrePaid", "PostPaid"])
        if let charge { p["InstanceChargeType"] = .string(charge) }
        if let cycle = try s.input.oneOf("pricingCycle", ["Month", "Year"]) { p["PricingCycle"] = .string(cycle) }
        if let duration = try s.input.int("duration") { p["Duration"] = .string(String(duration)) }
        if (s.input.string("natType") ?? "Enhanced") == "Enhanced" && p["VSwitchId"] == nil {
          throw OperationFailure.invalid("vSwitchId", "an enhanced NAT gateway needs the vSwitch it belongs to")
        }
        p["AutoPay"] = "true"
        if let id = s.input.string("natGatewayId"), let nat = try await s.lookupNat(id) {
          let out = NATOperations.output(nat, requestId: nil)
          try await s.waitNat(id, keeping: out)
          return out
        }
        let r = try await s.call(.vpc, "CreateNatGateway", p, idempotent: true)
        guard let id = r.text("NatGatewayId") else { throw OperationFailure("CreateNatGateway answered without an id") }
        let out = NATOperations.output(r, requestId: r.text("RequestId"))
        try await s.waitNat(id, keeping: out)
        return out
      },
      env.operation(.vpcNatDelete) { s in
        let id = try s.input.require("natGatewayId")
        guard try await s.lookupNat(id) != nil else { return [:] }
        // Force also removes the gateway's SNAT entries and frees its EIPs (which stay allocated).
        let r = try await s.callRetryingConflicts(
          .vpc, "DeleteNatGateway", ["NatGatewayId": .string(id), "Force": "true"], kind: "nat",
          what: "deleting \(id)")
        try await s.waitGone(id, kind: "nat") { .of(try await s.findNat(id)) }
        try await s.wait(for: "EIPs of \(id)", kind: "eip", until: ["0"]) {
          let eips = try await s.send(.vpc, "DescribeEipAddresses", ["AssociatedInstanceId": .string(id)])
          return .state(String(eips.items("EipAddresses.EipAddress").count))
        }
        return outputs(["requestId": r?.text("RequestId")])
      },
    ])
  }

  /// The output of a create answer or a DescribeNatGateways item (same field names).
  static func output(_ nat: JSONValue, requestId: String?) -> [String: JSONValue] {
    outputs([
      "natGatewayId": nat.text("NatGatewayId"),
      "snatTableId": nat.items("SnatTableIds.SnatTableId").first?.stringValue,
      "forwardTableId": nat.items("ForwardTableIds.ForwardTableId").first?.stringValue,
      "requestId": requestId,
    ])
  }
}

extension CloudSession {
  func findNat(_ id: String) async throws(AliCloudError) -> JSONValue? {
    try await find(
      .vpc, "DescribeNatGateways", ["NatGatewayId": .string(id)], list: "NatGateways.NatGateway",
      idField: "NatGatewayId", id: id)
  }

  func lookupNat(_ id: String) async throws(OperationFailure) -> JSONValue? {
    try await lookup(
      .vpc, "DescribeNatGateways", ["NatGatewayId": .string(id)], list: "NatGateways.NatGateway",
      idField: "NatGatewayId", id: id)
  }

  func waitNat(_ id: String, keeping out: [String: JSONValue]) async throws(OperationFailure) {
    try await wait(for: id, kind: "nat", until: ["Available"], keeping: out) { .of(try await self.findNat(id)) }
  }
}
