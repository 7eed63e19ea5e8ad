import AliCloudCatalog
import AliCloudCore

/// One element of a request's `inputs`, with typed, validating accessors. Every value is read as
/// text, the way the guide documents fields (numbers and booleans sent for text fields are
/// accepted); blank strings count as absent.
public struct Input: Sendable {
  public let fields: [String: JSONValue]
  /// Position in `inputs`, for messages.
  public let index: Int
  /// The operation's spec: the declared values of its fields.
  public let spec: OperationSpec?

  public init(_ fields: [String: JSONValue], index: Int = 0, spec: OperationSpec? = nil) {
    self.fields = fields
    self.index = index
    self.spec = spec
  }

  public var guid: String { raw("guid") ?? "" }
  /// Echoed back unchanged; absent stays absent only when the caller sent an explicit null.
  public var callbackParameter: JSONValue {
    switch fields["callbackParameter"] {
    case .none: return .string("")
    case .some(.null): return .null
    case .some(let v): return .string(Input.text(v) ?? "")
    }
  }

  /// The value as sent, converted to text, untrimmed; nil when absent or null.
  public func raw(_ name: String) -> String? {
    fields[name].flatMap(Input.text)
  }

  /// The trimmed value, nil when absent, null or blank.
  public func string(_ name: String) -> String? {
    guard let v = raw(name)?.trimmedOfWhiteSpace(), !v.isEmpty else { return nil }
    return v
  }

  public func string(_ name: String, default value: String) -> String {
    string(name) ?? value
  }

  /// The trimmed value; a failure naming the field when it is absent or blank.
  public func require(_ name: String) throws(OperationFailure) -> String {
    guard let v = string(name) else { throw OperationFailure.missing([name]) }
    return v
  }

  /// An integer input; nil when absent, a failure naming the field when it is not an integer.
  public func int(_ name: String) throws(OperationFailure) -> Int? {
    guard let s = string(name) else { return nil }
    guard let i = Int(s) else { throw OperationFailure.invalid(name, "\"\(s)\" is not an integer") }
    return i
  }

  /// A boolean input (`true`/`false`, any case); nil when absent.
  public func bool(_ name: String) throws(OperationFailure) -> Bool? {
    guard let s = string(name) else { return nil }
    switch s.lowercased() {
    case "true": return true
    case "false": return false
    default: throw OperationFailure.invalid(name, "\"\(s)\" is not true or false")
    }
  }

  /// One of a fixed set of values, matched case-insensitively, returned in its canonical spelling.
  /// The value of `name`, in the spelling its spec declares (`FieldSpec.values`); nil when absent.
  public func oneOf(_ name: String) throws(OperationFailure) -> String? {
    guard let field = spec?.input(named: name), !field.values.isEmpty else { return string(name) }
    return try oneOf(name, field.values)
  }

  public func oneOf(_ name: String, _ allowed: [String]) throws(OperationFailure) -> String? {
    guard let s = string(name) else { return nil }
    guard let hit = allowed.first(where: { $0.caseInsensitiveCompare(s) == .orderedSame }) else {
      throw OperationFailure.invalid(name, "\"\(s)\" is not one of \(allowed.joined(separator: ", "))")
    }
    return hit
  }

  /// A list-like input (`[a, b]` or `a,b`), trimmed, blanks dropped; empty when absent.
  public func list(_ name: String) -> [String] {
    ListSyntax.split(raw(name) ?? "")
  }

  /// Checks every required input of the operation (under its name or an alias), naming all missing
  /// fields at once.
  public func checkRequired(_ spec: OperationSpec) throws(OperationFailure) {
    let missing = spec.inputs.filter { f in f.required && f.allNames.allSatisfy { string($0) == nil } }.map(\.name)
    if !missing.isEmpty { throw OperationFailure.missing(missing) }
    // Declared values are checked before any cloud call, naming the field and what it takes.
    for f in spec.inputs where !f.values.isEmpty {
      guard let name = f.allNames.first(where: { string($0) != nil }), let text = string(name) else { continue }
      for item in f.listed ? ListSyntax.split(text) : [text] where f.canonical(item) == nil {
        throw OperationFailure.invalid(name, "\"\(item)\" is not one of \(f.values.joined(separator: ", "))")
      }
    }
  }

  /// Fields of this input that `spec` does not declare (accepted and ignored, as the original
  /// plugin does).
  public func unknownFields(_ spec: OperationSpec) -> [String] {
    // A scan, not a set of the names: an input has a handful of fields and its spec a few more.
    fields.keys.filter { key in !spec.inputs.contains { $0.name == key || $0.aliases.contains(key) } }.sorted()
  }

  static func text(_ v: JSONValue) -> String? {
    switch v {
    case .string(let s): return s
    case .int(let i): return String(i)
    case .double(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(d)
    case .bool(let b): return b ? "true" : "false"
    case .null, .array, .object: return nil
    }
  }
}
