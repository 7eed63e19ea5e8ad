import AliCloudAPI
import AliCloudCore

extension JSONValue {
  /// The array at a dotted path (`Vpcs.Vpc`); empty when absent.
  public func items(_ path: String) -> [JSONValue] {
    value(at: path)?.arrayValue ?? []
  }

  /// The value at a dotted path, or nil.
  public func value(at path: String) -> JSONValue? {
    var v: JSONValue? = self
    for key in path.split(separator: ".") { v = v?[String(key)] }
    return v
  }

  /// The text at a dotted path: strings as they are, numbers as digits; nil when absent or empty.
  public func text(_ path: String) -> String? {
    guard let v = value(at: path) else { return nil }
    let s: String?
    switch v {
    case .string(let x): s = x
    case .int(let i): s = String(i)
    case .double(let d): s = ResponseNumbers.text(d)
    case .bool(let b): s = b ? "true" : "false"
    default: s = nil
    }
    return (s?.isEmpty ?? true) ? nil : s
  }

  /// This object with `fields` added (replacing those of the same name); other values unchanged.
  public func adding(_ fields: [String: JSONValue]) -> JSONValue {
    guard case .object(let o) = self else { return self }
    return .object(o.merging(fields) { _, new in new })
  }

  /// The output value for an optional text: `.string` or nil (omitted).
  static func opt(_ s: String?) -> JSONValue? { s.map(JSONValue.string) }
}

extension Input {
  /// AliCloud parameters from optional inputs: `[input name: parameter name]`, blank inputs left out.
  public func forward(_ names: KeyValuePairs<String, String>) -> [String: JSONValue] {
    var out: [String: JSONValue] = [:]
    for (field, param) in names { if let v = string(field) { out[param] = .string(v) } }
    return out
  }
}

/// Output fields from optional texts; nil and empty values are left out.
public func outputs(_ fields: [String: String?]) -> [String: JSONValue] {
  var out: [String: JSONValue] = [:]
  for (k, v) in fields { if let v, !v.isEmpty { out[k] = .string(v) } }
  return out
}
