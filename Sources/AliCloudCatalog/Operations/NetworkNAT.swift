// NAT gateways and their SNAT entries.
extension Catalog {
  static let natOperations: [OperationSpec] = [.vpcNatCreate, .vpcNatDelete]

  static let snatOperations: [OperationSpec] = [
    .vpcNatSnatEntryCreate, .vpcNatSnatEntryDelete, .vpcNatSnatEntryModifyAppend, .vpcNatSnatEntryModifyRemove,
  ]

  static let snatModifyInputs: [FieldSpec] = [
    .req("snatEntryId", "SNAT entry ID"),
    .req("natId", "NAT gateway ID"),
    .req("snatTableId", "SNAT table ID"),
    .req("snatIp", "Public IP address(es); several as [ip1,ip2]"),
  ]
}

/// The operations of this family, each a symbol that its handler names.
extension OperationSpec {
  public static let vpcNatCreate: OperationSpec = .make(
    "vpc/nat/create", family: "nat", effect: .create, "Create a NAT gateway in a VPC",
    inputs: [
      .existing("natGatewayId", "NAT gateway"),
      .opt("name", "NAT gateway name"),
      .req("vpcId", "VPC ID"),
      .opt("vSwitchId", "ID of the vSwitch the NAT gateway belongs to"),
      .opt("spec", "Specification: Small (default), Middle, Large, XLarge.1").oneOf([
        "Small", "Middle", "Large", "XLarge.1",
      ]),
      .opt("instanceChargeType", "Billing method: PrePaid or PostPaid (default)").oneOf(["PrePaid", "PostPaid"]),
      .opt("pricingCycle", "Subscription cycle: Month (default) or Year").oneOf(["Month", "Year"]),
      .opt("duration", "Subscription length: 1-9 (Month) or 1-3 (Year)"),
      .opt("description", "NAT gateway description"),
    ],
    outputs: [.opt("natGatewayId", "NAT gateway ID"), .opt("snatTableId", "SNAT table ID")])

  public static let vpcNatDelete: OperationSpec = .make(
    "vpc/nat/delete", family: "nat", effect: .delete, "Unassociate a NAT gateway's EIPs and delete it",
    inputs: [.req("natGatewayId", "NAT gateway ID")])

  public static let vpcNatSnatEntryCreate: OperationSpec = .make(
    "vpc/nat/snat_entry/create", family: "snat_entry", effect: .create,
    "Create an SNAT entry, binding its EIPs to the NAT gateway first",
    inputs: [
      .req("natId", "NAT gateway ID"),
      .req("snatTableId", "SNAT table ID"),
      .req("snatIp", "Public IP address(es); several as [ip1,ip2]"),
      .opt("sourceVSwitchId", "ID of the vSwitch that needs Internet access"),
      .opt("sourceCIDR", "CIDR block of the vSwitch or ECS instance; exclusive with sourceVSwitchId"),
      .opt("snatEntryName", "SNAT entry name"),
    ],
    outputs: [.opt("snatEntryId", "SNAT entry ID")])

  public static let vpcNatSnatEntryDelete: OperationSpec = .make(
    "vpc/nat/snat_entry/delete", family: "snat_entry", effect: .delete,
    "Delete an SNAT entry and unbind its EIPs from the NAT gateway",
    inputs: [
      .req("natId", "NAT gateway ID"),
      .req("snatTableId", "SNAT table ID"),
      .req("snatEntryId", "SNAT entry ID"),
    ])

  public static let vpcNatSnatEntryModifyAppend: OperationSpec = .make(
    "vpc/nat/snat_entry/modify/append", family: "snat_entry", "Add public IPs to an SNAT entry",
    inputs: Catalog.snatModifyInputs)

  public static let vpcNatSnatEntryModifyRemove: OperationSpec = .make(
    "vpc/nat/snat_entry/modify/remove", family: "snat_entry", "Remove public IPs from an SNAT entry",
    inputs: Catalog.snatModifyInputs)
}
