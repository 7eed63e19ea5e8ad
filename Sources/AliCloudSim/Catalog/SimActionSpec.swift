/// What the simulator knows about one AliCloud action: its product, version, parameters (wire
/// names, required flags, types) and top-level response fields. The table is generated from the
/// project's action facts (`SimActionTable.swift`).
public struct SimActionSpec: Sendable {
  public enum ParamType: String, Sendable {
    case str, int, bool, float, object, map
    case listOfStrings = "list<str>"
    case listOfObjects = "list<object>"
  }

  public struct Param: Sendable {
    public var name: String
    public var required: Bool
    public var type: ParamType
    /// Sent as one JSON string (`Name=<JSON>`) rather than flattened (`Name.1`, `Name.Field`).
    public var json: Bool
    /// Member names of objects and of list items that are objects.
    public var fields: [String]
  }

  public var product: String
  public var version: String
  public var action: String
  /// The idempotency token parameter (`ClientToken`, R-kvstore `Token`), or empty.
  public var tokenParam: String
  public var params: [Param]
  public var responseFields: [String]

  init(_ product: String, _ version: String, _ action: String, token: String, params: String, response: String) {
    self.product = product
    self.version = version
    self.action = action
    self.tokenParam = token
    self.params = params.split(separator: ",").map { Self.parseParam(String($0)) }
    self.responseFields = response.split(separator: ",").map(String.init)
  }

  /// Parses `Name[!][:type][/json][[Field|Field]]`.
  static func parseParam(_ text: String) -> Param {
    var s = Substring(text)
    var fields: [String] = []
    if let open = s.firstIndex(of: "["), s.hasSuffix("]") {
      fields = s[s.index(after: open)..<s.index(before: s.endIndex)].split(separator: "|").map(String.init)
      s = s[..<open]
    }
    var json = false
    if s.hasSuffix("/json") {
      json = true
      s = s.dropLast(5)
    }
    var type = ParamType.str
    if let colon = s.firstIndex(of: ":") {
      type = ParamType(rawValue: String(s[s.index(after: colon)...])) ?? .str
      s = s[..<colon]
    }
    let required = s.hasSuffix("!")
    if required { s = s.dropLast() }
    return Param(name: String(s), required: required, type: type, json: json, fields: fields)
  }

  public func param(_ name: String) -> Param? { params.first { $0.name == name } }
}

/// Looks actions up by (version, action): action names repeat across products (`CreateInstance`
/// is ECS and R-kvstore), versions do not.
public enum SimActionCatalog {
  static let byKey: [String: SimActionSpec] = {
    var d: [String: SimActionSpec] = [:]
    for s in SimActionSpec.table { d[s.version + "/" + s.action] = s }
    return d
  }()

  static let versions: Set<String> = Set(SimActionSpec.table.map(\.version))

  public static var all: [SimActionSpec] { SimActionSpec.table }

  public static func spec(version: String, action: String) -> SimActionSpec? { byKey[version + "/" + action] }

  /// The product name (`Vpc`, `Ecs`, …) of an API version.
  public static func product(version: String) -> String? {
    SimActionSpec.table.first { $0.version == version }?.product
  }

  public static func isKnownVersion(_ v: String) -> Bool { versions.contains(v) }
}
