import AliCloudCatalog

/// `vpc`, `vswitch`, `route_table`, `route_table/route_entry`, `vpc/nat`, `vpc/nat/snat_entry`,
/// `vpc/eip` and `cen`: `/describe` and `/list`.
enum NetworkReads {
  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table(
      [
        Reading(.vpc, .vpc, paths: ["routeTableId": "RouterTableIds.RouterTableIds"]),
        Reading(.vswitch, .vswitch, paths: ["routeTableId": "RouteTable.RouteTableId"]),
        Reading(.routeTable, .routeTable),
        Reading(.routeEntry, .routeEntry, paths: ["nextHopId": "InstanceId"]),
        Reading(
          .nat, .nat,
          paths: ["vSwitchId": "NatGatewayPrivateInfo.VswitchId", "snatTableId": "SnatTableIds.SnatTableId"]),
        Reading(.snatEntry, .snatEntry, pages: .pageNumber(size: 100)),
        Reading(
          .eip, .eip, pages: .pageNumber(size: 100),
          paths: ["eipAddress": "IpAddress", "cbpId": "BandwidthPackageId"], params: ["name": "EipName"]),
        Reading(.cen, .cen),
      ].flatMap(env.reads))
  }
}
