import AliCloudCatalog
import AliCloudCore

/// `--output json|table|value` and `--query FIELD[,FIELD]`: the result as JSON, or as rows with
/// columns. The rows are the envelope's outputs, except that a list's output gives one row per
/// item it lists; other results are one row.
enum ResultFormat: String, Equatable, CaseIterable {
  case json, table, value

  static let help = "json, table or value"

  /// The text to print for `result` of `method`.
  func render(_ result: JSONValue, method: String, query: [String]?, style: GlobalOptions.JSONStyle) -> String {
    let rows = Self.rows(result)
    switch self {
    case .json:
      guard let query else { return Output.render(result, style: style) }
      let picked = rows.map { row in
        JSONValue.object(Dictionary(query.map { ($0, Self.value(row, $0) ?? .null) }, uniquingKeysWith: { a, _ in a }))
      }
      return Output.render(.array(picked), style: style)
    case .table, .value:
      let columns = query ?? Self.defaultColumns(rows, method: method)
      let cells = rows.map { row in columns.map { Self.cell(Self.value(row, $0)) } }
      if self == .value { return cells.map { $0.joined(separator: "\t") + "\n" }.joined() }
      return Self.table([columns] + cells)
    }
  }

  /// The outputs of an envelope, each list output replaced by its items; any other result as one row.
  static func rows(_ result: JSONValue) -> [JSONValue] {
    guard let outputs = result["results"]?["outputs"]?.arrayValue else { return [result] }
    return outputs.flatMap { out -> [JSONValue] in
      guard out["errorCode"] != "1", let items = out["items"]?.arrayValue else { return [out] }
      return items
    }
  }

  /// The fields of a dotted path (`attributes.Cpu`) in a row.
  static func value(_ row: JSONValue, _ path: String) -> JSONValue? {
    var v: JSONValue? = row
    for key in path.split(separator: ".") { v = v?[String(key)] }
    return v
  }

  /// The operation's text outputs that some row has (for a list: those of each item), with
  /// `errorCode` and `errorMessage` when an output failed; for other results, their text fields.
  static func defaultColumns(_ rows: [JSONValue], method: String) -> [String] {
    let declared: [FieldSpec]?
    if let kind = Catalog.readKinds.first(where: { $0.list.method == Catalog.methodName(method) }) {
      declared = kind.resourceFields
    } else {
      declared = Catalog.operation(named: method)?.outputs
    }
    let names =
      declared?.filter { $0.type == .string }.map(\.name)
      ?? Array(Set(rows.flatMap { $0.objectValue?.keys.map { $0 } ?? [] })).sorted()
    let failed = rows.contains { $0["errorCode"] == "1" }
    let hidden: Set<String> = ["callbackParameter", "requestId", "errorCode", "errorMessage"]
    var columns = names.filter { name in
      !hidden.contains(name) && rows.contains { row in value(row, name).map(isScalar) ?? false }
    }
    if failed { columns += ["errorCode", "errorMessage"] }
    return columns
  }

  static func isScalar(_ v: JSONValue) -> Bool {
    switch v {
    case .array, .object, .null: return false
    default: return true
    }
  }

  /// One cell: text as it is, other values as compact JSON, absent as empty; on one line.
  static func cell(_ v: JSONValue?) -> String {
    let text: String
    switch v {
    case .none, .some(.null): text = ""
    case .some(.string(let s)): text = s
    case .some(let other): text = other.jsonString(pretty: false)
    }
    return String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
  }

  /// Left-aligned columns two spaces apart, the first row the header.
  static func table(_ rows: [[String]]) -> String {
    guard let header = rows.first else { return "" }
    let widths = header.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
    return rows.map { row in
      row.enumerated().map { i, text in
        i == row.count - 1 ? text : text + String(repeating: " ", count: widths[i] - text.count)
      }.joined(separator: "  ") + "\n"
    }.joined()
  }
}
