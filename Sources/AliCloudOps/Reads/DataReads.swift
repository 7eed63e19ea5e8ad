import AliCloudAPI
import AliCloudCatalog

extension Resource {
  /// The backend servers of one VServer group: its scope is `["VServerGroupId": group]`.
  static let backendServer = Resource(
    kind: .loadBalancer, noun: "backend server", product: .slb, describe: "DescribeVServerGroupAttribute",
    query: { _ in [:] }, list: "BackendServers.BackendServer", idField: "ServerId", ready: [], deleteAction: nil,
    notFoundCodes: ["InvalidParameter.VServerGroupId"])

  /// The whitelist groups of one RDS instance, known by name: the scope is `["DBInstanceId": db]`.
  static let rdsWhitelist = Resource(
    kind: .rds, noun: "whitelist", product: .rds, describe: "DescribeDBInstanceIPArrayList", query: { _ in [:] },
    list: "Items.DBInstanceIPArray", idField: "DBInstanceIPArrayName", ready: [], deleteAction: nil,
    notFoundCodes: Resource.rds.notFoundCodes)
}

/// `load_balancer`, `load_balancer/backend_server`, `rds/db`, `rds/backup`, `rds/security_ip` and
/// `redis`: `/describe` and `/list`.
enum DataReads {
  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table(
      [
        Reading(.loadBalancer, .loadBalancer, pages: .pageNumber(size: 100)),
        Reading(.backendServer, .backendServer, pages: .none, paths: ["hostId": "ServerId"]),
        Reading(.rds, .rds, pages: .pageNumber(size: 100)),
        Reading(.rdsBackup, .rdsBackup, pages: .pageNumber(size: 100)),
        Reading(.rdsWhitelist, .rdsWhitelist, pages: .none, paths: ["securityIps": "SecurityIPList"]),
        Reading(.redis, .redis),
      ].flatMap(env.reads))
  }
}
