// Reads: `<kind>/describe` and `<kind>/list` for every resource kind the operations create.
// They make no change in the cloud, so they are never journaled and a re-send simply reads again.

/// One resource kind as the reads show it: the input and output naming one, the parent inputs
/// that select where it lives, the filters its list takes, and the fields each one shows.
public struct ReadKind: Sendable, Hashable {
  /// The path the two methods share (`vpc`, `vpc/nat/snat_entry`).
  public let base: String
  public let family: String
  /// How summaries name one and many (`VPC`, `VPCs`).
  public let noun: String
  public let plural: String
  /// The input of a describe and the output field naming one (`vpcId`).
  public let id: FieldSpec
  /// Required inputs of both methods that select the parent (`routeTableId` of route entries).
  public let scope: [FieldSpec]
  /// Optional inputs of a list that narrow it (`vpcId`, `vSwitchName`).
  public let filters: [FieldSpec]
  /// The fields each one shows besides its id and `status`.
  public let fields: [FieldSpec]

  /// The most resources one list input returns; more are reported with `truncated` "true".
  public static let listLimit = 1000

  init(
    _ base: String, family: String, _ noun: String, plural: String? = nil, id: FieldSpec, scope: [FieldSpec] = [],
    filters: [FieldSpec] = [], fields: [FieldSpec]
  ) {
    self.base = base
    self.family = family
    self.noun = noun
    self.plural = plural ?? noun + "s"
    self.id = id
    self.scope = scope
    self.filters = filters
    self.fields = fields
  }

  /// What each resource shows: its id, its fields, its state and AliCloud's whole record.
  public var resourceFields: [FieldSpec] {
    [id] + fields + [
      .opt("status", "State as AliCloud reports it; empty for kinds without states"),
      FieldSpec("attributes", .object, "The resource as AliCloud's Describe action reports it, every field"),
    ]
  }

  /// `<base>/describe`: one resource by id per input; NotFound as this input's failure.
  public var describe: OperationSpec {
    .make(
      base + "/describe", family: family, effect: .read,
      "Show a \(noun) by id: its fields, state and AliCloud's record; fails with NotFound when it does not exist",
      inputs: scope + [FieldSpec(id.name, .string, required: true, id.description)], outputs: resourceFields)
  }

  /// `<base>/list`: the resources of the input's region (and parent), every page followed.
  public var list: OperationSpec {
    .make(
      base + "/list", family: family, effect: .read,
      "List the \(plural) of a region, every page followed, at most \(Self.listLimit) per input",
      inputs: scope + filters + [
        .opt("limit", "Most \(plural) to return, 1-\(Self.listLimit) (default \(Self.listLimit))")
      ],
      outputs: [
        .opt("count", "How many items were returned"),
        .opt("truncated", "\"true\" when more exist than the limit allowed, else \"false\""),
        FieldSpec(
          "items", .array,
          "The \(plural), each with the fields of \(base)/describe: "
            + resourceFields.map(\.name).joined(separator: ", ")),
      ])
  }
}

extension FieldSpec {
  /// The `tag` filter of a list: AliCloud's `Tag.N.Key`/`Tag.N.Value`.
  static func tags(_ plural: String) -> FieldSpec {
    .opt(
      "tag", "Only \(plural) with every one of these tags: key=value (a bare key: any value), several as [k1=v1,k2=v2]",
      maxBytes: FieldSpec.listMaxBytes)
  }
}

extension ReadKind {
  public static let vpc = ReadKind(
    "vpc", family: "vpc", "VPC", id: .opt("vpcId", "VPC ID"),
    filters: [.opt("vpcName", "Only VPCs with this name"), .tags("VPCs")],
    fields: [
      .opt("vpcName", "VPC name"), .opt("cidrBlock", "VPC CIDR block"),
      .opt("routeTableId", "ID of the VPC's system route table"), .opt("vRouterId", "ID of the VPC's router"),
      .opt("description", "VPC description"),
    ])

  public static let vswitch = ReadKind(
    "vswitch", family: "vswitch", "vSwitch", plural: "vSwitches", id: .opt("vSwitchId", "vSwitch ID"),
    filters: [
      .opt("vpcId", "Only vSwitches of this VPC"), .opt("vSwitchName", "Only vSwitches with this name"),
      .opt("zoneId", "Only vSwitches in this zone"),
      .tags("vSwitches"),
    ],
    fields: [
      .opt("vSwitchName", "vSwitch name"), .opt("vpcId", "VPC ID"), .opt("cidrBlock", "vSwitch CIDR block"),
      .opt("zoneId", "Zone ID"), .opt("routeTableId", "ID of the route table the vSwitch uses"),
      .opt("description", "vSwitch description"),
    ])

  public static let routeTable = ReadKind(
    "route_table", family: "route_table", "route table", id: .opt("routeTableId", "Route table ID"),
    filters: [.opt("vpcId", "Only route tables of this VPC"), .opt("routeTableName", "Only tables with this name")],
    fields: [
      .opt("routeTableName", "Route table name"), .opt("vpcId", "VPC ID"),
      .opt("routeTableType", "System or Custom"), .opt("description", "Route table description"),
    ])

  public static let routeEntry = ReadKind(
    "route_table/route_entry", family: "route_entry", "route entry", plural: "route entries",
    id: .opt("destinationCidrBlock", "Destination CIDR block (a route entry is known by it in its table)"),
    scope: [.req("routeTableId", "Route table ID")],
    fields: [
      .opt("routeTableId", "Route table ID"), .opt("nextHopType", "Next hop type"),
      .opt("nextHopId", "Next hop instance ID"), .opt("routeEntryName", "Route entry name"),
      .opt("type", "System or Custom"),
    ])

  public static let nat = ReadKind(
    "vpc/nat", family: "nat", "NAT gateway", id: .opt("natGatewayId", "NAT gateway ID"),
    filters: [
      .opt("vpcId", "Only NAT gateways of this VPC"), .opt("name", "Only NAT gateways with this name"),
      .tags("NAT gateways"),
    ],
    fields: [
      .opt("name", "NAT gateway name"), .opt("vpcId", "VPC ID"), .opt("vSwitchId", "vSwitch ID"),
      .opt("snatTableId", "SNAT table ID"), .opt("spec", "Specification"), .opt("natType", "NAT type"),
    ])

  public static let snatEntry = ReadKind(
    "vpc/nat/snat_entry", family: "snat_entry", "SNAT entry", plural: "SNAT entries",
    id: .opt("snatEntryId", "SNAT entry ID"), scope: [.req("snatTableId", "SNAT table ID")],
    filters: [.opt("sourceVSwitchId", "Only entries of this source vSwitch")],
    fields: [
      .opt("snatTableId", "SNAT table ID"), .opt("natGatewayId", "NAT gateway ID"),
      .opt("snatIp", "SNAT IP addresses, comma-separated"), .opt("sourceVSwitchId", "Source vSwitch ID"),
      .opt("sourceCIDR", "Source CIDR block"), .opt("snatEntryName", "SNAT entry name"),
    ])

  public static let eip = ReadKind(
    "vpc/eip", family: "eip", "EIP", id: .opt("allocationId", "EIP allocation ID"),
    filters: [.opt("name", "Only EIPs with this name"), .tags("EIPs")],
    fields: [
      .opt("eipAddress", "The EIP's address"), .opt("name", "EIP name"), .opt("bandwidth", "Bandwidth, Mbit/s"),
      .opt("instanceId", "ID of the instance it is associated with"),
      .opt("instanceType", "Type of the instance it is associated with"),
      .opt("cbpId", "ID of the common bandwidth package it is in"),
    ])

  public static let cen = ReadKind(
    "cen", family: "cen", "CEN instance", id: .opt("cenId", "CEN instance ID"),
    filters: [.tags("CEN instances")],
    fields: [.opt("name", "CEN instance name"), .opt("description", "CEN instance description")])

  public static let securityGroup = ReadKind(
    "security_group", family: "security_group", "security group", id: .opt("securityGroupId", "Security group ID"),
    filters: [
      .opt("vpcId", "Only security groups of this VPC"),
      .opt("securityGroupName", "Only security groups with this name"),
      .tags("security groups"),
    ],
    fields: [
      .opt("securityGroupName", "Security group name"), .opt("vpcId", "VPC ID"),
      .opt("securityGroupType", "normal or enterprise"), .opt("description", "Security group description"),
    ])

  public static let securityGroupRule = ReadKind(
    "security_group/rule", family: "security_group", "security group rule",
    id: .opt("securityGroupRuleId", "Rule ID"), scope: [.req("securityGroupId", "Security group ID")],
    filters: [.opt("actionType", "Only rules of this direction: ingress or egress").oneOf(["ingress", "egress"])],
    fields: [
      .opt("actionType", "ingress or egress"), .opt("ipProtocol", "Protocol"), .opt("portRange", "Port range"),
      .opt("sourceCidrIp", "Source CIDR block (ingress)"), .opt("destCidrIp", "Destination CIDR block (egress)"),
      .opt("policy", "Accept or Drop"), .opt("priority", "Priority, 1-100"), .opt("nicType", "intranet or internet"),
      .opt("description", "Rule description"),
    ])

  public static let vm = ReadKind(
    "vm", family: "vm", "VM", id: .opt("instanceId", "Instance ID"),
    filters: [
      .opt("vpcId", "Only VMs in this VPC"), .opt("vSwitchId", "Only VMs in this vSwitch"),
      .opt("instanceName", "Only VMs with this name"), .opt("zoneId", "Only VMs in this zone"),
      .tags("VMs"),
    ],
    fields: [
      .opt("instanceName", "Instance name"), .opt("instanceType", "Instance type"), .opt("cpu", "vCPUs"),
      .opt("memory", "Memory, MiB"), .opt("privateIp", "Private IP address"), .opt("vpcId", "VPC ID"),
      .opt("vSwitchId", "vSwitch ID"), .opt("zoneId", "Zone ID"), .opt("imageId", "Image ID"),
    ])

  public static let disk = ReadKind(
    "disk", family: "disk", "disk", id: .opt("diskId", "Disk ID"),
    filters: [
      .opt("instanceId", "Only disks attached to this instance"), .opt("diskName", "Only disks with this name"),
      .opt("zoneId", "Only disks in this zone"),
      .tags("disks"),
    ],
    fields: [
      .opt("diskName", "Disk name"), .opt("instanceId", "ID of the instance it is attached to"),
      .opt("volumeName", "Device name in the instance"), .opt("size", "Size, GiB"),
      .opt("category", "Disk category"), .opt("zoneId", "Zone ID"),
    ])

  public static let loadBalancer = ReadKind(
    "load_balancer", family: "load_balancer", "load balancer", id: .opt("loadBalancerId", "Load balancer ID"),
    filters: [
      .opt("vpcId", "Only load balancers of this VPC"), .opt("vSwitchId", "Only load balancers of this vSwitch"),
      .opt("loadBalancerName", "Only load balancers with this name"),
      .tags("load balancers"),
    ],
    fields: [
      .opt("loadBalancerName", "Load balancer name"), .opt("address", "Service address"),
      .opt("addressType", "internet or intranet"), .opt("vpcId", "VPC ID"), .opt("vSwitchId", "vSwitch ID"),
      .opt("loadBalancerSpec", "Specification"),
    ])

  public static let backendServer = ReadKind(
    "load_balancer/backend_server", family: "load_balancer", "backend server",
    id: .opt("hostId", "ID of the backend server's instance"),
    scope: [.req("vServerGroupId", "VServer group ID (load_balancer/backend_server/add returns it)")],
    fields: [
      .opt("port", "Backend port"), .opt("weight", "Weight"),
      .opt("type", "Server type (ecs, eni, ...)"),
    ])

  public static let rds = ReadKind(
    "rds/db", family: "rds", "RDS instance", id: .opt("dBInstanceId", "RDS instance ID"),
    filters: [.opt("vpcId", "Only instances of this VPC"), .opt("vSwitchId", "Only instances of this vSwitch")],
    fields: [
      .opt("dBInstanceDescription", "Instance description"), .opt("engine", "Database engine"),
      .opt("engineVersion", "Engine version"), .opt("dBInstanceClass", "Instance class"),
      .opt("zoneId", "Zone ID"), .opt("vpcId", "VPC ID"), .opt("vSwitchId", "vSwitch ID"),
    ])

  public static let rdsBackup = ReadKind(
    "rds/backup", family: "rds", "database backup", id: .opt("backupId", "Backup ID"),
    scope: [.req("dBInstanceId", "RDS instance ID")],
    fields: [
      .opt("dBInstanceId", "RDS instance ID"), .opt("backupType", "FullBackup or IncrementalBackup"),
      .opt("backupMethod", "Physical or Logical"), .opt("backupSize", "Size, bytes"),
      .opt("backupStartTime", "Start time"), .opt("backupEndTime", "End time"),
    ])

  public static let rdsWhitelist = ReadKind(
    "rds/security_ip", family: "rds", "whitelist", id: .opt("dBInstanceIPArrayName", "Whitelist group name"),
    scope: [.req("dBInstanceId", "RDS instance ID")],
    fields: [
      .opt("securityIps", "Addresses and CIDR blocks, comma-separated"),
      .opt("whitelistNetworkType", "Network type the group applies to"),
      .opt("securityIPType", "IPv4 or IPv6"),
    ])

  public static let redis = ReadKind(
    "redis", family: "redis", "Redis instance", id: .opt("instanceId", "Redis instance ID"),
    filters: [
      .opt("vpcId", "Only instances of this VPC"), .opt("vSwitchId", "Only instances of this vSwitch"),
      .tags("Redis instances"),
    ],
    fields: [
      .opt("instanceName", "Instance name"), .opt("instanceClass", "Instance class"),
      .opt("capacity", "Capacity, MiB"), .opt("engineVersion", "Engine version"),
      .opt("connectionDomain", "Private connection address"), .opt("port", "Port"), .opt("zoneId", "Zone ID"),
      .opt("vpcId", "VPC ID"), .opt("vSwitchId", "vSwitch ID"),
    ])
}

extension Catalog {
  /// Every kind the reads cover, in the guide's order of their families.
  public static let readKinds: [ReadKind] = [
    .vpc, .vswitch, .routeTable, .routeEntry, .nat, .snatEntry, .cen, .securityGroup, .securityGroupRule, .vm, .disk,
    .loadBalancer,
    .backendServer, .rds, .rdsBackup, .rdsWhitelist, .redis, .eip,
  ]

  /// The reads: a describe and a list for each kind.
  public static let readOperations: [OperationSpec] = readKinds.flatMap { [$0.describe, $0.list] }
}
