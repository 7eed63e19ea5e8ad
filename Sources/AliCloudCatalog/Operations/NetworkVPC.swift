// VPCs, vSwitches, route tables and route entries.
extension Catalog {
  static let vpcOperations: [OperationSpec] = [.vpcCreate, .vpcDelete]

  static let vswitchOperations: [OperationSpec] = [
    .vswitchCreate, .vswitchDelete, .vswitchCreateRouteTableBind, .vswitchDeleteRouteTableUnbind,
  ]

  static let vswitchCreateInputs: [FieldSpec] = [
    .existing("vSwitchId", "vSwitch"),
    .opt("vSwitchName", "vSwitch name"),
    .req("vpcId", "ID of the VPC the vSwitch belongs to"),
    .req("cidrBlock", "vSwitch CIDR block, inside the VPC's block"),
    .req("zoneId", "Zone ID of the vSwitch"),
    .opt("description", "vSwitch description"),
  ]

  static let routeTableOperations: [OperationSpec] = [
    .routeTableCreate, .routeTableDelete, .routeTableVswitchAssociate,
  ]

  static let routeEntryOperations: [OperationSpec] = [.routeTableRouteEntryCreate, .routeTableRouteEntryDelete]
}

/// The operations of this family, each a symbol that its handler names.
extension OperationSpec {
  public static let vpcCreate: OperationSpec = .make(
    "vpc/create", family: "vpc", effect: .create, "Create a VPC and wait until it is available",
    inputs: [
      .existing("vpcId", "VPC"),
      .req("vpcName", "VPC name"),
      .req("cidrBlock", "VPC CIDR block, e.g. 10.0.0.0/16"),
      .opt("description", "VPC description"),
    ],
    outputs: [.opt("vpcId", "VPC ID"), .opt("routeTableId", "ID of the VPC's system route table")])

  public static let vpcDelete: OperationSpec = .make(
    "vpc/delete", family: "vpc", effect: .delete, "Delete a VPC; succeeds when it is already gone",
    inputs: [.req("vpcId", "VPC ID")])

  public static let vswitchCreate: OperationSpec = .make(
    "vswitch/create", family: "vswitch", effect: .create, "Create a vSwitch and wait until it is available",
    inputs: Catalog.vswitchCreateInputs,
    outputs: [.opt("vSwitchId", "vSwitch ID"), .opt("routeTableId", "ID of the vSwitch's default route table")])

  public static let vswitchDelete: OperationSpec = .make(
    "vswitch/delete", family: "vswitch", effect: .delete, "Delete a vSwitch; succeeds when it is already gone",
    inputs: [.req("vSwitchId", "vSwitch ID")])

  public static let vswitchCreateRouteTableBind: OperationSpec = .make(
    "vswitch/create/route_table/bind", family: "vswitch", effect: .create,
    "Create a vSwitch with its own custom route table bound to it",
    inputs: Catalog.vswitchCreateInputs,
    outputs: [.opt("vSwitchId", "vSwitch ID"), .opt("routeTableId", "ID of the vSwitch's custom route table")])

  public static let vswitchDeleteRouteTableUnbind: OperationSpec = .make(
    "vswitch/delete/route_table/unbind", family: "vswitch", effect: .delete,
    "Unbind and delete a vSwitch's custom route table, then delete the vSwitch",
    inputs: [.req("vSwitchId", "vSwitch ID")])

  public static let routeTableCreate: OperationSpec = .make(
    "route_table/create", family: "route_table", effect: .create, "Create a custom route table in a VPC",
    inputs: [
      .existing("routeTableId", "route table"),
      .opt("routeTableName", "Route table name"),
      .req("vpcId", "VPC ID"),
      .opt("description", "Route table description"),
    ],
    outputs: [.opt("routeTableId", "Route table ID")])

  public static let routeTableDelete: OperationSpec = .make(
    "route_table/delete", family: "route_table", effect: .delete, "Delete a custom route table",
    inputs: [.req("routeTableId", "Route table ID")])

  public static let routeTableVswitchAssociate: OperationSpec = .make(
    "route_table/vswitch/associate", family: "route_table", "Associate a route table with a vSwitch",
    inputs: [.req("routeTableId", "Route table ID"), .req("vSwitchId", "vSwitch ID")])

  public static let routeTableRouteEntryCreate: OperationSpec = .make(
    "route_table/route_entry/create", family: "route_entry", effect: .create, "Add a route entry to a route table",
    inputs: [
      .req("routeTableId", "Route table ID"),
      .req("destinationCidrBlock", "Destination CIDR block"),
      .opt("nextHopType", "Next hop type: Instance, NatGateway, ...").oneOf([
        "Instance", "HaVip", "RouterInterface", "NetworkInterface", "VpnGateway", "IPv6Gateway", "NatGateway",
        "Attachment", "VpcPeer", "Ipv4Gateway", "GatewayEndpoint", "CenBasic", "Ecr",
      ]),
      .req("nextHopId", "Next hop instance ID"),
      .opt("routeEntryName", "Route entry name"),
    ])

  public static let routeTableRouteEntryDelete: OperationSpec = .make(
    "route_table/route_entry/delete", family: "route_entry", effect: .delete, "Remove a route entry from a route table",
    inputs: [
      .req("routeTableId", "Route table ID"),
      .req("destinationCidrBlock", "Destination CIDR block"),
      .req("nextHopId", "Next hop instance ID"),
    ])
}
