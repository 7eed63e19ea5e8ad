import AliCloudCore

/// Turns JSON parameters into AliCloud's flat `name=value` form: lists become `Name.1`,
/// `Name.2`; objects `Name.Field`; lists of objects `Name.1.Field` (e.g. `Tag.1.Key`). For a
/// known action, a structured value of a parameter that AliCloud takes as a string (e.g. ECS
/// `DescribeInstances` `InstanceIds`, `RunCommand` `Parameters`) is sent as JSON text instead.
public enum ParameterFlattening {
  public static func flatten(_ params: [String: JSONValue], product: Product, action: String) -> [String: String] {
    let flattenable = ActionStyles.flattened["\(product.code):\(action)"]
    let known = ActionStyles.tokenParameter.keys.contains("\(product.code):\(action)")
    var out: [String: String] = [:]
    for (name, value) in params {
      switch value {
      case .array, .object:
        if known && !(flattenable?.contains(name) ?? false) {
          out[name] = value.jsonString()
        } else {
          add(name, value, into: &out)
        }
      default:
        add(name, value, into: &out)
      }
    }
    return out
  }

  static func add(_ name: String, _ value: JSONValue, into out: inout [String: String]) {
    switch value {
    case .null: return
    case .array(let items):
      for (i, item) in items.enumerated() { add("\(name).\(i + 1)", item, into: &out) }
    case .object(let members):
      for (k, v) in members { add("\(name).\(k)", v, into: &out) }
    default:
      if let s = scalarText(value) { out[name] = s }
    }
  }

  /// The wire text of a scalar: strings as they are, integers without a fraction, booleans
  /// `true`/`false`.
  public static func scalarText(_ value: JSONValue) -> String? {
    switch value {
    case .string(let s): return s
    case .int(let i): return String(i)
    case .bool(let b): return b ? "true" : "false"
    case .double(let d):
      if d.rounded() == d && abs(d) < 9.0e15 { return String(Int(d)) }
      return String(d)
    default: return nil
    }
  }
}
