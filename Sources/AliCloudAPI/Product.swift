/// The six AliCloud products this project calls, with their API versions and endpoint rules.
public enum Product: String, Sendable, CaseIterable, Hashable, Codable {
  case ecs
  case vpc
  case slb
  case rds
  case rkvstore = "r-kvstore"
  case cbn

  /// The product code used in hosts, overrides and errors (`r-kvstore`, `ecs`, ...).
  public var code: String { rawValue }

  /// The RPC API version.
  public var apiVersion: String {
    switch self {
    case .ecs: return "2014-05-26"
    case .vpc: return "2016-04-28"
    case .slb: return "2014-05-15"
    case .rds: return "2014-08-15"
    case .rkvstore: return "2015-01-01"
    case .cbn: return "2017-09-12"
    }
  }

  /// Whether one central host serves every region.
  public var isCentral: Bool { self == .cbn }

  /// A product from its code, case-insensitive (`ECS`, `r-kvstore`, `redis` and `cen` also work).
  public init?(code: String) {
    let c = code.lowercased()
    switch c {
    case "redis", "kvstore", "r_kvstore": self = .rkvstore
    case "cen": self = .cbn
    default:
      guard let p = Product(rawValue: c) else { return nil }
      self = p
    }
  }

  /// The public HTTPS host for `region`, as the official SDK resolves it.
  public func host(region: String) -> String {
    if let h = Product.endpointExceptions[self]?[region] { return h }
    return isCentral ? "\(code).aliyuncs.com" : "\(code).\(region).aliyuncs.com"
  }
}
