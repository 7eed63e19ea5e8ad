// Security groups and their rules.
extension Catalog {
  static let securityGroupOperations: [OperationSpec] = [
    .securityGroupCreate, .securityGroupDelete, .securityGroupAuthorize, .securityGroupRevoke,
  ]

  /// The guide's revoke table swaps the meanings of `policy` and `actionType`; both operations use
  /// the authorize meanings, and the original plugin's `policyType` is accepted for `actionType`.
  static let ruleInputs: [FieldSpec] = [
    .req("securityGroupId", "Security group ID"),
    .req("policy", "Rule action: accept or drop").oneOf(["accept", "drop"]),
    .req("cidrIp", "IPv4 CIDR block or address of the peer; several as [a,b]"),
    .req("ipProtocol", "Protocol: tcp, udp, icmp, gre, all; several as [a,b]").oneOf(
      ["tcp", "udp", "icmp", "gre", "all"], listed: true),
    .req("portRange", "Port range, e.g. 22, 80/443 or 1-1024; several as [a,b]"),
    .req("actionType", "Rule direction: ingress or egress", aliases: ["policyType"]).oneOf(["ingress", "egress"]),
  ]
}

/// The operations of this family, each a symbol that its handler names.
extension OperationSpec {
  public static let securityGroupCreate: OperationSpec = .make(
    "security_group/create", family: "security_group", effect: .create, "Create a security group",
    inputs: [
      .existing("securityGroupId", "security group"),
      .req("securityGroupName", "Security group name"),
      .opt("securityGroupType", "Security group type: normal or enterprise").oneOf(["normal", "enterprise"]),
      .opt("vpcId", "ID of the VPC the security group belongs to"),
      .opt("description", "Security group description"),
    ],
    outputs: [.opt("securityGroupId", "Security group ID")])

  public static let securityGroupDelete: OperationSpec = .make(
    "security_group/delete", family: "security_group", effect: .delete, "Delete a security group",
    inputs: [.req("securityGroupId", "Security group ID")])

  public static let securityGroupAuthorize: OperationSpec = .make(
    "security_group/authorize", family: "security_group",
    "Add security group rules; list values in cidrIp/portRange/ipProtocol give one rule each",
    inputs: Catalog.ruleInputs + [.opt("description", "Rule description")])

  public static let securityGroupRevoke: OperationSpec = .make(
    "security_group/revoke", family: "security_group",
    "Remove security group rules; list values in cidrIp/portRange/ipProtocol give one rule each",
    inputs: Catalog.ruleInputs + [.opt("description", "Rule description; accepted, rules are matched without it")])
}
