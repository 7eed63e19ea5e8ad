// Elastic IP addresses (with their common bandwidth package).
extension Catalog {
  static let eipOperations: [OperationSpec] = [.vpcEipAllocate, .vpcEipRelease, .vpcEipAssociate, .vpcEipUnAssociate]
}

/// The operations of this family, each a symbol that its handler names.
extension OperationSpec {
  public static let vpcEipAllocate: OperationSpec = .make(
    "vpc/eip/allocate", family: "eip", effect: .create, "Allocate an EIP and add it to a common bandwidth package",
    inputs: [
      .existing("allocationId", "EIP"),
      .opt("cbpName", "Common bandwidth package name"),
      .opt("bandwidth", "Peak bandwidth in Mbps; default 5"),
      .opt("instanceChargeType", "Billing method: PrePaid or PostPaid (default)").oneOf(["PrePaid", "PostPaid"]),
      .opt("internetChargeType", "Metering: PayByBandwidth (default) or PayByTraffic").oneOf([
        "PayByBandwidth", "PayByTraffic",
      ]),
      .opt("period", "Subscription length: 1-3 (Year) or 1-9 (Month)"),
      .opt("pricingCycle", "Subscription cycle: Month or Year").oneOf(["Month", "Year"]),
    ],
    outputs: [
      .opt("allocationId", "EIP ID"),
      .opt("eipAddress", "The public IP address"),
      .opt("cbpId", "Common bandwidth package ID"),
      .opt("cbpName", "Common bandwidth package name"),
    ])

  public static let vpcEipRelease: OperationSpec = .make(
    "vpc/eip/release", family: "eip", effect: .delete, "Remove an EIP from its bandwidth package and release it",
    inputs: [
      .opt("allocationId", "EIP ID"),
      .opt("cbpName", "Common bandwidth package name"),
    ])

  public static let vpcEipAssociate: OperationSpec = .make(
    "vpc/eip/associate", family: "eip", "Associate an EIP with an instance",
    inputs: [
      .req("allocationId", "EIP ID"),
      .req("instanceId", "ID of the instance to associate"),
      .req("instanceType", "Instance type: Nat, SlbInstance, EcsInstance, HaVip, NetworkInterface"),
      .opt("instanceRegionId", "Region of the instance"),
    ])

  public static let vpcEipUnAssociate: OperationSpec = .make(
    "vpc/eip/un-associate", family: "eip", "Unassociate an EIP from an instance",
    inputs: [
      .req("allocationId", "EIP ID"),
      .req("instanceId", "ID of the associated instance"),
    ])
}
