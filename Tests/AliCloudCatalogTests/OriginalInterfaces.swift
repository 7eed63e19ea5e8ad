/// The original plugin's interfaces as it registers them with WeCube: path, inputs (`*` marks
/// the ones it registers as required) and outputs, written from its registration's facts.
enum OriginalInterfaces {
  static let all: [(method: String, inputs: [String], outputs: [String])] = [
    (
      "vpc/create",
      ["identityParams*", "cloudParams*", "guid*", "cidrBlock*", "vpcId", "vpcName*", "description"],
      ["guid", "vpcId", "routeTableId", "errorCode", "errorMessage"]
    ),
    (
      "vpc/delete",
      ["guid*", "identityParams*", "cloudParams*", "vpcId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "cen/create",
      ["identityParams*", "cloudParams*", "guid*", "cenId", "name*", "description"],
      ["guid", "cenId", "errorCode", "errorMessage"]
    ),
    (
      "cen/delete",
      ["guid*", "identityParams*", "cloudParams*", "cenId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "cen/attach",
      [
        "guid*", "identityParams*", "cloudParams*", "cenId*", "childInstanceId*", "childInstanceRegionId",
        "childInstanceType", "childInstanceOwnerId",
      ],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "cen/detach",
      [
        "guid*", "identityParams*", "cloudParams*", "cenId*", "childInstanceId*", "childInstanceRegionId",
        "childInstanceType", "childInstanceOwnerId", "cenOwnerId",
      ],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "vpc/nat/create",
      [
        "guid*", "identityParams*", "cloudParams*", "natGatewayId", "vpcId*", "name", "description", "spec",
        "instanceChargeType", "pricingCycle", "duration", "vSwitchId",
      ],
      ["guid", "natGatewayId", "snatTableId", "errorCode", "errorMessage"]
    ),
    (
      "vpc/nat/delete",
      ["guid*", "identityParams*", "cloudParams*", "natGatewayId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "vpc/nat/snat_entry/create",
      [
        "guid*", "identityParams*", "cloudParams*", "snatIp*", "snatTableId*", "natId*", "sourceVSwitchId",
        "sourceCIDR", "snatEntryName",
      ],
      ["guid", "snatEntryId", "errorCode", "errorMessage"]
    ),
    (
      "vpc/nat/snat_entry/delete",
      ["guid*", "identityParams*", "cloudParams*", "snatEntryId*", "snatTableId*", "natId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "vpc/nat/snat_entry/modify/append",
      ["guid*", "identityParams*", "cloudParams*", "snatEntryId*", "snatTableId*", "natId*", "snatIp*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "vpc/nat/snat_entry/modify/remove",
      ["guid*", "identityParams*", "cloudParams*", "snatEntryId*", "snatTableId*", "natId*", "snatIp*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "vswitch/create",
      [
        "identityParams*", "cloudParams*", "guid*", "cidrBlock*", "vSwitchId", "vpcId*", "zoneId*", "description",
        "vSwitchName",
      ],
      ["guid", "vSwitchId", "errorCode", "errorMessage"]
    ),
    (
      "vswitch/create/route_table/bind",
      [
        "identityParams*", "cloudParams*", "guid*", "cidrBlock*", "vSwitchId", "vpcId*", "zoneId*", "description",
        "vSwitchName",
      ],
      ["guid", "vSwitchId", "routeTableId", "errorCode", "errorMessage"]
    ),
    (
      "vswitch/delete",
      ["guid*", "identityParams*", "cloudParams*", "vSwitchId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "vswitch/delete/route_table/unbind",
      ["guid*", "identityParams*", "cloudParams*", "vSwitchId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "security_group/create",
      [
        "identityParams*", "cloudParams*", "guid*", "securityGroupId", "vpcId", "description", "securityGroupName*",
        "securityGroupType",
      ],
      ["guid", "securityGroupId", "errorCode", "errorMessage"]
    ),
    (
      "security_group/delete",
      ["guid*", "identityParams*", "cloudParams*", "securityGroupId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "security_group/authorize",
      [
        "identityParams*", "cloudParams*", "guid*", "policyType*", "cidrIp*", "ipProtocol*", "portRange*",
        "securityGroupId*", "policy*", "description",
      ],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "security_group/revoke",
      [
        "guid*", "identityParams*", "cloudParams*", "policyType*", "cidrIp*", "ipProtocol*", "portRange*",
        "securityGroupId*", "policy*", "description",
      ],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "route_table/create",
      ["identityParams*", "cloudParams*", "guid*", "vpcId*", "routeTableName", "routeTableId", "description"],
      ["guid", "routeTableId", "errorCode", "errorMessage"]
    ),
    (
      "route_table/delete",
      ["guid*", "identityParams*", "cloudParams*", "routeTableId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "route_table/vswitch/associate",
      ["guid*", "identityParams*", "cloudParams*", "routeTableId*", "vSwitchId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "route_table/route_entry/create",
      [
        "identityParams*", "cloudParams*", "guid*", "destinationCidrBlock*", "routeTableId*", "nextHopId*",
        "nextHopType", "routeEntryName",
      ],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "route_table/route_entry/delete",
      ["guid*", "identityParams*", "cloudParams*", "destinationCidrBlock*", "routeTableId*", "nextHopId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "vpc/eip/allocate",
      [
        "guid*", "identityParams*", "cloudParams*", "allocationId", "cbpName", "bandwidth", "instanceChargeType",
        "internetChargeType", "period", "pricingCycle",
      ],
      ["guid", "allocationId", "eipAddress", "cbpId", "cbpName", "errorCode", "errorMessage"]
    ),
    (
      "vpc/eip/release",
      ["guid*", "identityParams*", "cloudParams*", "allocationId*", "cbpName"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "vpc/eip/associate",
      [
        "guid*", "identityParams*", "cloudParams*", "allocationId*", "instanceId*", "instanceType*", "instanceRegionId",
      ],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "vpc/eip/un-associate",
      ["guid*", "identityParams*", "cloudParams*", "allocationId*", "instanceId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "vm/create",
      [
        "identityParams*", "cloudParams*", "guid*", "seed*", "instanceId", "instanceSpec*", "instanceFamily*",
        "imageId*", "securityGroupId", "hostName", "instanceName", "autoRenew", "autoRenewPeriod", "password", "zoneId",
        "systemDiskSize", "systemDiskCategory", "vSwitchId", "privateIpAddress", "instanceChargeType", "period",
        "periodUnit", "resourceTag",
      ],
      [
        "guid", "instanceId", "password", "instanceType", "cpu", "memory", "privateIp", "hostName", "errorCode",
        "errorMessage",
      ]
    ),
    (
      "vm/delete",
      ["guid*", "identityParams*", "cloudParams*", "instanceId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "vm/start",
      ["guid*", "identityParams*", "cloudParams*", "instanceId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "vm/stop",
      ["guid*", "identityParams*", "cloudParams*", "instanceId*", "forceStop"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "vm/security-group/bind",
      ["guid*", "identityParams*", "cloudParams*", "instanceId*", "securityGroupId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "vm/security-group/unbind",
      ["guid*", "identityParams*", "cloudParams*", "instanceId*", "securityGroupId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "disk/create_attach",
      [
        "identityParams*", "cloudParams*", "guid*", "seed*", "instanceGuid*", "password*", "fileSystemType*",
        "mountDir*", "instanceId*", "diskId", "zoneId*", "diskName", "size*", "diskCategory", "description",
      ],
      ["guid", "diskId", "volumeName", "errorCode", "errorMessage"]
    ),
    (
      "disk/detach_delete",
      [
        "guid*", "identityParams*", "cloudParams*", "diskId*", "instanceId*", "seed*", "instanceGuid*", "unmountDir*",
        "password*", "volumeName*",
      ],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "rds/db/create",
      [
        "identityParams*", "cloudParams*", "guid*", "seed*", "accountName*", "accountPassword", "accountDescription",
        "securityGroupId", "dBInstanceId", "dBInstanceSpec*", "dBInstanceClass", "dBInstanceStorage*", "engine*",
        "engineVersion*", "payType*", "securityIPList*", "dBInstanceDescription", "zoneId", "vpcId", "vSwitchId",
        "privateIpAddress", "usedTime", "period", "dBInstanceStorageType*", "autoRenew", "category", "dBTimeZone",
        "dBIsIgnoreCase*",
      ],
      [
        "guid", "accountName", "accountPassword", "dBInstanceClass", "cpu", "memory", "dBInstanceId",
        "connectionString", "port", "privateIpAddress", "errorCode", "errorMessage",
      ]
    ),
    (
      "rds/db/delete",
      ["guid*", "identityParams*", "cloudParams*", "dBInstanceId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "rds/security_group/append",
      ["guid*", "identityParams*", "cloudParams*", "dBInstanceId*", "securityGroupId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "rds/security_group/remove",
      ["guid*", "identityParams*", "cloudParams*", "dBInstanceId*", "securityGroupId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "rds/security_ip/modify",
      [
        "guid*", "identityParams*", "cloudParams*", "dBInstanceId*", "securityIps*", "dBInstanceIPArrayName",
        "whitelistNetworkType", "modifyMode*",
      ],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "rds/security_ip/append",
      [
        "guid*", "identityParams*", "cloudParams*", "dBInstanceId*", "securityIps*", "dBInstanceIPArrayName",
        "whitelistNetworkType",
      ],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "rds/security_ip/delete",
      [
        "guid*", "identityParams*", "cloudParams*", "dBInstanceId*", "securityIps*", "dBInstanceIPArrayName",
        "whitelistNetworkType",
      ],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "rds/backup/create",
      [
        "guid*", "identityParams*", "cloudParams*", "dBInstanceId*", "dBName", "backupStrategy", "backupMethod",
        "backupType",
      ],
      ["guid", "backupId", "errorCode", "errorMessage"]
    ),
    (
      "rds/backup/delete",
      ["guid*", "identityParams*", "cloudParams*", "backupId*", "dBInstanceId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "redis/create",
      [
        "identityParams*", "cloudParams*", "guid*", "seed*", "instanceId", "instanceName", "password", "capacity",
        "zoneId*", "chargeType*", "engineVersion*", "securityIps", "securityGroupId", "networkType", "vpcId",
        "vSwitchId", "period", "srcDBInstanceId", "backupId", "privateIpAddress", "autoRenew",
      ],
      ["guid", "instanceId", "password", "port", "privateIpAddr", "errorCode", "errorMessage"]
    ),
    (
      "redis/delete",
      ["guid*", "identityParams*", "cloudParams*", "instanceId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "redis/security_group/append",
      ["guid*", "identityParams*", "cloudParams*", "dBInstanceId*", "securityGroupId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "redis/security_group/remove",
      ["guid*", "identityParams*", "cloudParams*", "dBInstanceId*", "securityGroupId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "load_balancer/create",
      [
        "identityParams*", "cloudParams*", "guid*", "loadBalancerId", "addressType*", "internetChargeType", "bandWidth",
        "loadBalancerName", "vpcId", "vSwitchId", "masterZoneId", "slaveZoneId", "loadBalancerSpec", "payType",
        "pricingCycle", "duration", "address",
      ],
      ["guid", "loadBalancerId", "address", "errorCode", "errorMessage"]
    ),
    (
      "load_balancer/delete",
      ["guid*", "identityParams*", "cloudParams*", "loadBalancerId*"],
      ["guid", "errorCode", "errorMessage"]
    ),
    (
      "load_balancer/backend_server/add",
      [
        "identityParams*", "cloudParams*", "guid*", "loadBalancerId*", "hostIds*", "hostPorts*", "vServerGroupName",
        "bandwidth*", "listenerPort*", "listenerProtocol*",
      ],
      ["guid", "vServerGroupId", "errorCode", "errorMessage"]
    ),
    (
      "load_balancer/backend_server/remove",
      [
        "guid*", "identityParams*", "cloudParams*", "loadBalancerId*", "vServerGroupId*", "hostIds*", "hostPorts*",
        "listenerPort*", "listenerProtocol*", "deleteListener*",
      ],
      ["guid", "errorCode", "errorMessage"]
    ),
  ]
}
