import AliCloudCore
import Foundation

/// RDS access: CreateAccount (`Unavailable` → `Available`), DescribeAccounts, ModifySecurityIps
/// (`Cover`, `Append`, `Delete` on a named whitelist; an empty whitelist is refused) and
/// DescribeDBInstanceIPArrayList. The `default` whitelist holds the instance's creation list.
enum RdsAccessFamily: SimFamily {
  static let kind = "rdsaccount"
  static let reservedNames: Set<String> = [
    "root", "admin", "mysql", "sys", "system", "information_schema", "performance_schema", "aurora", "replicator",
  ]

  static func register(_ r: inout SimRegistry) {
    r.on("Rds", "CreateAccount", createAccount)
    r.on("Rds", "DescribeAccounts", describeAccounts)
    r.on("Rds", "ModifySecurityIps", modifyIps)
    r.on("Rds", "DescribeDBInstanceIPArrayList", describeIps)
  }

  static func createAccount(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let db = try RdsInstanceFamily.running(ctx)
    let name = try ctx.required("AccountName")
    let chars = Array(name)
    guard (2...32).contains(chars.count), chars[0].isASCII && chars[0].isLowercase,
      chars.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }), chars.last != "_",
      !reservedNames.contains(name)
    else {
      throw SimError(
        "InvalidAccountName.Malformed",
        "The account name must be 2 to 32 lower case letters, digits or underscores, start with a letter and not be "
          + "reserved.")
    }
    try Compute.checkPassword(
      try ctx.required("AccountPassword"), code: "InvalidAccountPassword.Malformed", specials: "!@#$%^&*()_+-=",
      maxLength: 32)
    let type = ctx.string("AccountType") ?? "Normal"
    guard ["Normal", "Super"].contains(type) else { throw SimError.invalidParameter("AccountType") }
    let id = "\(db.id)/account/\(name)"
    guard ctx.state[id] == nil else {
      throw SimError("InvalidAccountName.Duplicate", "The account \(name) already exists.")
    }
    ctx.state.insert(
      kind: kind, id: id, region: db.regionId,
      fields: [
        "DBInstanceId": .string(db.id), "AccountName": .string(name), "AccountStatus": "Unavailable",
        "AccountType": .string(type), "AccountDescription": .string(ctx.string("AccountDescription") ?? ""),
        "DatabasePrivileges": ["DatabasePrivilege": []], "PrivExceeded": "0",
        "CheckPolicy": .bool(ctx.bool("CheckPolicy") ?? false),
      ], statusField: "AccountStatus")
    ctx.state.scheduleStatus(id, "Available", after: ctx.delay(kind))
    return [:]
  }

  static func describeAccounts(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let db = try RdsInstanceFamily.find(ctx)
    let name = ctx.string("AccountName")
    let items = ctx.state.list(kind) {
      $0.string("DBInstanceId") == db.id && (name == nil || $0.string("AccountName") == name)
    }.map { JSONValue.object($0.fields) }
    var page = try ctx.pageNumberPage(
      items, list: "Accounts", item: "DBInstanceAccount", defaultSize: 30, maxSize: 200, totalKey: "TotalRecordCount")
    page["PageSize"] = nil
    return page
  }

  /// Whitelist entries: IPv4 addresses or CIDR blocks, comma separated, at most 1000.
  static func ipList(_ text: String) throws(SimError) -> [String] {
    let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    guard !items.isEmpty, items.count <= 1000 else {
      throw SimError("InvalidSecurityIPList.Malformed", "The whitelist must hold 1 to 1000 entries.")
    }
    for ip in items where Net.ipv4(ip) == nil && Net.cidr(ip) == nil {
      throw SimError(
        "InvalidSecurityIPList.Malformed", "The whitelist entry \"\(ip)\" is not an IP address or CIDR block.")
    }
    return items
  }

  static func arrays(_ db: SimResource) -> [[String: JSONValue]] {
    (db["SimIPArrays"]?.arrayValue ?? []).compactMap(\.objectValue)
  }

  static func modifyIps(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let db = try RdsInstanceFamily.running(ctx)
    let given = try ipList(try ctx.required("SecurityIps"))
    let name = ctx.string("DBInstanceIPArrayName") ?? "default"
    var all = arrays(db)
    let index = all.firstIndex { $0["DBInstanceIPArrayName"]?.stringValue == name }
    let current =
      index.map { (all[$0]["SecurityIPList"]?.stringValue ?? "").split(separator: ",").map(String.init) } ?? []
    let result = try SimWhitelist.apply(
      ctx, name: name, current: current, given: given, exists: index != nil,
      notFound: "InvalidDBInstanceIPArrayName.NotFound", malformed: "InvalidSecurityIPList.Malformed")
    let entry: [String: JSONValue] = [
      "DBInstanceIPArrayName": .string(name),
      "DBInstanceIPArrayAttribute": .string(ctx.string("DBInstanceIPArrayAttribute") ?? ""),
      "SecurityIPType": .string(ctx.string("SecurityIPType") ?? "ipv4"),
      "SecurityIPList": .string(result.joined(separator: ",")),
    ]
    if let index { all[index] = entry } else { all.append(entry) }
    ctx.state.update(db.id) { $0["SimIPArrays"] = .array(all.map { .object($0) }) }
    return ["TaskId": .string(String(ctx.random(in: 100_000_000...199_999_999)))]
  }

  static func describeIps(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let db = try RdsInstanceFamily.find(ctx)
    return ["Items": ["DBInstanceIPArray": .array(arrays(db).map { .object($0) })]]
  }
}
