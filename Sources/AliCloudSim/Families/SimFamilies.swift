/// Every resource family the simulator serves. Adding a family: write a type conforming to
/// `SimFamily` in its own file and list it here.
enum SimFamilies {
  static let all: [any SimFamily.Type] = [
    RegionFamily.self,
    VpcFamily.self,
    VSwitchFamily.self,
    RouteTableFamily.self,
    RouteEntryFamily.self,
    NatGatewayFamily.self,
    SnatFamily.self,
    EipFamily.self,
    BandwidthPackageFamily.self,
    CenFamily.self,
    SecurityGroupFamily.self,
    EcsCatalogFamily.self,
    InstanceFamily.self,
    DiskFamily.self,
    CloudAssistantFamily.self,
    LoadBalancerFamily.self,
    ListenerFamily.self,
    VServerGroupFamily.self,
    RdsCatalogFamily.self,
    RdsInstanceFamily.self,
    RdsAccessFamily.self,
    RdsBackupFamily.self,
    RedisCatalogFamily.self,
    RedisFamily.self,
    RedisSecurityIps.self,
  ]
}
