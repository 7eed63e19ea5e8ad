import AliCloudCatalog

/// `security_group`, `vm` and `disk`: `/describe` and `/list` (ECS pages by NextToken).
enum ComputeReads {
  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table(
      [
        Reading(.securityGroup, .securityGroup, pages: .nextToken(maxParam: "MaxResults", size: 100)),
        Reading(
          .vm, .instance, pages: .nextToken(maxParam: "MaxResults", size: 100),
          paths: [
            "privateIp": "VpcAttributes.PrivateIpAddress.IpAddress", "vpcId": "VpcAttributes.VpcId",
            "vSwitchId": "VpcAttributes.VSwitchId",
          ]),
        Reading(.disk, .disk, pages: .nextToken(maxParam: "MaxResults", size: 100), paths: ["volumeName": "Device"]),
      ].flatMap(env.reads))
  }
}
