import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

extension Resource {
  /// Deleted with Force, which also removes the gateway's SNAT entries and frees its EIPs (they
  /// stay allocated).
  static let nat = Resource(
    kind: .nat, noun: "NAT gateway", product: .vpc, describe: "DescribeNatGateways", list: "NatGateways.NatGateway",
    idField: "NatGatewayId", ready: ["Available"], deleteAction: "DeleteNatGateway", deleteExtra: ["Force": "true"],
    notFoundCodes: ["InvalidNatGatewayId.NotFound"])
}

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
        if let spec = try s.input.oneOf("spec") { p["Spec"] = .string(spec) }
        let charge = try s.input.oneOf("instanceChargeType")
        if let charge { p["InstanceChargeType"] = .string(charge) }
        if let cycle = try s.input.oneOf("pricingCycle") { p["PricingCycle"] = .string(cycle) }
        if let duration = try s.input.int("duration") { p["Duration"] = .string(String(duration)) }
        if (s.input.string("natType") ?? "Enhanced") == "Enhanced" && p["VSwitchId"] == nil {
          throw OperationFailure.invalid("vSwitchId", "an enhanced NAT gateway needs the vSwitch it belongs to")
        }
        p["AutoPay"] = "true"
        return try await s.findOrCreate(
          .nat, existing: "natGatewayId", output: "natGatewayId", fields: { nat, _ in NATOperations.output(nat) },
          create: .call("CreateNatGateway", p)
        ).out
      },
      env.operation(.vpcNatDelete) { s in
        let id = try s.input.require("natGatewayId")
        guard try await s.lookup(.nat, id) != nil else { return [:] }
        let out = try await s.delete(.nat, id)
        try await s.wait(for: "EIPs of \(id)", kind: .eip, until: ["0"]) {
          let eips = try await s.send(.vpc, "DescribeEipAddresses", ["AssociatedInstanceId": .string(id)])
          return .state(String(eips.items("EipAddresses.EipAddress").count))
        }
        return out
      },
    ])
  }

  /// The output of a create answer or a DescribeNatGateways item (same field names).
  static func output(_ nat: JSONValue) -> [String: JSONValue] {
    outputs([
      "snatTableId": nat.items("SnatTableIds.SnatTableId").first?.stringValue,
      "forwardTableId": nat.items("ForwardTableIds.ForwardTableId").first?.stringValue,
    ])
  }
}
