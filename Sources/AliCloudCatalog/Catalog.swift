/// The operations (the API guide's 49, those the original plugin adds, and the reads) and the daemon's
/// service methods: the one source of truth for method names, inputs and outputs (dispatch,
/// OpenRPC, CLI help and the HTTP gateway all use it).
public enum Catalog {
  /// The prefix of every operation's HTTP path.
  public static let pathPrefix = "/alicloud/v1/"

  /// Every operation: the writes, then the reads (`readOperations`).
  public static let operations: [OperationSpec] = writeOperations + readOperations

  /// The operations that change the cloud (the API guide's 49 and the original plugin's 5 more),
  /// in the guide's order.
  public static let writeOperations: [OperationSpec] =
    vpcOperations + vswitchOperations + routeTableOperations + routeEntryOperations + natOperations
    + snatOperations + cenOperations + securityGroupOperations + vmOperations + diskOperations
    + loadBalancerOperations + rdsOperations + redisOperations + eipOperations

  /// The resource families, in the guide's order.
  public static let families: [String] = {
    var seen: [String] = []
    for op in operations where !seen.contains(op.family) { seen.append(op.family) }
    return seen
  }()

  private static let byMethod: [String: OperationSpec] = Dictionary(
    operations.map { ($0.method, $0) }, uniquingKeysWith: { first, _ in first })

  /// The operation for a method name (`vpc/create`) or its full path (`/alicloud/v1/vpc/create`).
  public static func operation(named name: String) -> OperationSpec? {
    byMethod[methodName(name)]
  }

  /// The method name for a name or a path: strips `/alicloud/v1/` (or `alicloud/v1/`) and slashes
  /// at either end.
  public static func methodName(_ name: String) -> String {
    // Already bare (a socket call's method): nothing to strip.
    let slash = UInt8(ascii: "/")
    if let first = name.utf8.first, first != slash, name.utf8.last != slash,
      !name.utf8.starts(with: pathPrefix.utf8.dropFirst())
    {
      return name
    }
    var s = Substring(name)
    while s.hasPrefix("/") { s = s.dropFirst() }
    let bare = pathPrefix.dropFirst()
    if s.hasPrefix(bare) { s = s.dropFirst(bare.count) }
    while s.hasPrefix("/") { s = s.dropFirst() }
    while s.hasSuffix("/") { s = s.dropLast() }
    return String(s)
  }

  /// The operations of one family, in the guide's order.
  public static func operations(inFamily family: String) -> [OperationSpec] {
    operations.filter { $0.family == family }
  }

  /// Every method the daemon answers: the operations and the service methods.
  public static var allMethodNames: [String] {
    operations.map(\.method) + serviceMethods.map(\.name)
  }

  /// "Did you mean" candidates for an unknown method name or path, nearest first.
  public static func suggestions(for name: String) -> [String] {
    Suggest.nearest(to: methodName(name), among: allMethodNames)
  }
}
