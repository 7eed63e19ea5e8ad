// SLB load balancers and their backend servers.
extension Catalog {
  static let loadBalancerOperations: [OperationSpec] = [
    .loadBalancerCreate, .loadBalancerDelete, .loadBalancerBackendServerAdd, .loadBalancerBackendServerRemove,
  ]

  /// The backend servers of a load balancer operation.
  static let backendHosts: [FieldSpec] = [
    .req("hostIds", "Backend instance IDs, e.g. [i-a,i-b]", maxBytes: FieldSpec.listMaxBytes),
    .req("hostPorts", "Backend ports, one per host, e.g. [80,8080]", maxBytes: FieldSpec.listMaxBytes),
  ]

  /// The listener a load balancer operation works on.
  static let listener: [FieldSpec] = [
    .req("listenerPort", "Listener port"),
    .req("listenerProtocol", "Listener protocol: TCP, UDP, HTTP, HTTPS").oneOf(["TCP", "UDP", "HTTP", "HTTPS"]),
  ]
}

/// The operations of this family, each a symbol that its handler names.
extension OperationSpec {
  public static let loadBalancerCreate: OperationSpec = .make(
    "load_balancer/create", family: "load_balancer", effect: .create, "Create an SLB load balancer",
    inputs: [
      .existing("loadBalancerId", "load balancer"),
      .req("addressType", "Network type: internet or intranet").oneOf(["internet", "intranet"]),
      .opt("internetChargeType", "Internet metering: paybybandwidth or paybytraffic (default)").oneOf([
        "paybybandwidth", "paybytraffic",
      ]),
      .opt("bandWidth", "Peak bandwidth: -1 (unlimited) or 1-5120", aliases: ["bandwidth"]),
      .opt("loadBalancerName", "Load balancer name"),
      .opt("vpcId", "VPC ID"),
      .opt("vSwitchId", "vSwitch ID"),
      .opt("masterZoneId", "Primary zone ID"),
      .opt("slaveZoneId", "Secondary zone ID"),
      .opt("loadBalancerSpec", "Load balancer specification"),
      .opt("payType", "Billing method: PostPaid or PrePaid"),
      .opt("pricingCycle", "Subscription cycle: month or year").oneOf(["month", "year"]),
      .opt("duration", "Subscription length: 1-9 (month) or 1-3 (year)"),
      .opt("address", "Private IP address"),
    ],
    outputs: [.opt("loadBalancerId", "Load balancer ID"), .opt("address", "IP address of the load balancer")])

  public static let loadBalancerDelete: OperationSpec = .make(
    "load_balancer/delete", family: "load_balancer", effect: .delete, "Delete an SLB load balancer",
    inputs: [.req("loadBalancerId", "Load balancer ID")])

  public static let loadBalancerBackendServerAdd: OperationSpec = .make(
    "load_balancer/backend_server/add", family: "load_balancer",
    "Add backend servers to a listener's server group, creating listener and group when needed",
    inputs: [.req("loadBalancerId", "Load balancer ID")] + Catalog.backendHosts + [
      .opt("vServerGroupName", "Server group name"),
      .req("bandwidth", "Listener peak bandwidth: -1 (unlimited) or 1-5120"),
    ] + Catalog.listener,
    outputs: [.opt("vServerGroupId", "Server group ID")])

  public static let loadBalancerBackendServerRemove: OperationSpec = .make(
    "load_balancer/backend_server/remove", family: "load_balancer",
    "Remove backend servers from a server group, optionally deleting the listener",
    inputs: [.req("loadBalancerId", "Load balancer ID"), .req("vServerGroupId", "Server group ID")]
      + Catalog.backendHosts + Catalog.listener + [
        .req("deleteListener", "Delete the listener and server group too: Y or N")
      ],
    outputs: [
      .opt("vServerGroupId", "Server group ID"),
      .opt("backendServers", "The servers removed, as [instanceId:port,...]"),
    ])
}
