// ECS virtual machines.
extension Catalog {
  static let vmOperations: [OperationSpec] = [
    .vmCreate, .vmDelete, .vmStart, .vmStop, .vmSecurityGroupBind, .vmSecurityGroupUnbind,
  ]
}

/// The operations of this family, each a symbol that its handler names.
extension OperationSpec {
  public static let vmCreate: OperationSpec = .make(
    "vm/create", family: "vm", effect: .create, "Create an ECS instance, start it and wait until it is running",
    inputs: [
      .existing("instanceId", "instance"),
      .req("seed", "Seed for encrypting the returned password ({cipher_a})"),
      .opt("password", "Root password; generated when empty"),
      .opt("instanceName", "Instance name"),
      .opt("hostName", "Host name of the instance's operating system"),
      .req("instanceSpec", "Cores and memory, e.g. 1C1G"),
      .req("instanceFamily", "Instance type family, e.g. c5"),
      .opt("systemDiskSize", "System disk size in GiB"),
      .opt("systemDiskCategory", "System disk category: cloud_efficiency, cloud_ssd, cloud, ephemeral_ssd").oneOf([
        "cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "ephemeral_ssd",
      ]),
      .req("imageId", "Image ID"),
      .opt("vSwitchId", "vSwitch ID"),
      .opt("privateIpAddress", "Private IP address"),
      .opt("securityGroupId", "ID of the security group the instance joins"),
      .opt("zoneId", "Zone ID; default: the zone of vSwitchId"),
      .opt("instanceChargeType", "Billing method: PrePaid or PostPaid (default)").oneOf(["PrePaid", "PostPaid"]),
      .opt("period", "Subscription length"),
      .opt("periodUnit", "Subscription unit: Week or Month (default)").oneOf(["Week", "Month"]),
      .opt("autoRenew", "Renew automatically: true or false (default)"),
      .opt("autoRenewPeriod", "Length of each automatic renewal"),
      .opt("resourceTag", "Tags, e.g. [key1=value1;key2=value2]", maxBytes: FieldSpec.listMaxBytes),
    ],
    outputs: [
      .opt("instanceId", "Instance ID"),
      .opt("instanceType", "Instance type chosen, e.g. ecs.c5.large"),
      .opt("cpu", "Number of vCPUs"),
      .opt("memory", "Memory size in GiB"),
      .opt("password", "Root password, encrypted ({cipher_a})"),
      .opt("privateIp", "Private IP address"),
      .opt("hostName", "Host name of the instance's operating system"),
    ])

  public static let vmDelete: OperationSpec = .make(
    "vm/delete", family: "vm", effect: .delete, "Delete an ECS instance and wait until it is gone",
    inputs: [.req("instanceId", "Instance ID")])

  public static let vmStart: OperationSpec = .make(
    "vm/start", family: "vm", "Start an ECS instance and wait until it is running",
    inputs: [.req("instanceId", "Instance ID")])

  public static let vmStop: OperationSpec = .make(
    "vm/stop", family: "vm", "Stop an ECS instance and wait until it is stopped",
    inputs: [
      .req("instanceId", "Instance ID"),
      .opt("forceStop", "Stop at once, like a power cut: true or false (default)").oneOf(["true", "false"]),
    ])

  public static let vmSecurityGroupBind: OperationSpec = .make(
    "vm/security-group/bind", family: "vm", "Add security groups to an ECS instance",
    inputs: [
      .req("instanceId", "Instance ID"),
      .req("securityGroupId", "Security group ID(s) to add; several as [a,b]"),
    ])

  public static let vmSecurityGroupUnbind: OperationSpec = .make(
    "vm/security-group/unbind", family: "vm", "Remove security groups from an ECS instance",
    inputs: [
      .req("instanceId", "Instance ID"),
      .req("securityGroupId", "Security group ID(s) to remove; several as [a,b]"),
    ])
}
