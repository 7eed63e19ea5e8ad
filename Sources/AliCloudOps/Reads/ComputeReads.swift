import AliCloudAPI
import AliCloudCatalog

extension Resource {
  /// The rules of one security group, known by their ids: the scope is `["SecurityGroupId": group]`.
  static let securityGroupRule = Resource(
    kind: .securityGroup, noun: "security group rule", product: .ecs, describe: "DescribeSecurityGroupAttribute",
    query: { _ in [:] }, list: "Permissions.Permission", idField: "SecurityGroupRuleId", ready: [], deleteAction: nil,
    notFoundCodes: Resource.securityGroup.notFoundCodes)
}

/// `security_group`, `security_group/rule`, `vm` and `disk`: `/describe` and `/list` (ECS pages by
/// NextToken).
enum ComputeReads {
  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table(
      [
        Reading(.securityGroup, .securityGroup, pages: .nextToken(maxParam: "MaxResults", size: 100)),
        Reading(
          .securityGroupRule, .securityGroupRule, pages: .nextToken(maxParam: "MaxResults", size: 1000),
          paths: ["actionType": "Direction"], params: ["actionType": "Direction"]),
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
