import AliCloudCore
import AliCloudWire

/// A structural problem with an operation's params, naming the field (`inputs[2].vpcName`).
/// The daemon answers it with JSON-RPC -32602 and the field in `error.data.field`.
public struct ParamsError: Error, Sendable, Hashable, CustomStringConvertible {
  public var field: String
  public var message: String

  public init(field: String, message: String) {
    self.field = field
    self.message = message
  }

  public var description: String { "\(field): \(message)" }
}

extension OperationSpec {
  /// The default largest number of inputs in one call (protocol/README.md §4). Larger batches are
  /// refused before anything runs, so that no reply can outgrow the largest frame a client reads.
  public static let defaultMaxInputs = 1000

  /// Checks the shape of a request body: an object whose `inputs` is an array of at most
  /// `maxInputs` objects, whose documented fields (and aliases) are scalars of the right type when
  /// present, and whose text values stay within the field's `maxBytes` and hold no control
  /// characters other than tab, line feed and carriage return. Unknown fields are allowed (open
  /// schema) and left unchecked: no operation sends them anywhere.
  public func validateStructure(_ params: JSONValue, maxInputs: Int = OperationSpec.defaultMaxInputs)
    throws(ParamsError)
  {
    _ = try normalized(params, maxInputs: maxInputs)
  }

  /// `params` after `validateStructure`'s checks, with numbers and booleans given for string
  /// fields converted to strings (`5` → `"5"`, `true` → `"true"`); other values are unchanged.
  public func normalized(_ params: JSONValue, maxInputs: Int = OperationSpec.defaultMaxInputs) throws(ParamsError)
    -> JSONValue
  {
    guard case .object(var body) = params else {
      throw ParamsError(field: "params", message: "expected an object with an \"inputs\" array, got \(params.typeName)")
    }
    guard let inputsValue = body["inputs"] else {
      throw ParamsError(field: "inputs", message: "missing; expected an array of input objects")
    }
    guard case .array(let inputs) = inputsValue else {
      throw ParamsError(field: "inputs", message: "expected an array of objects, got \(inputsValue.typeName)")
    }
    guard inputs.count <= maxInputs else {
      throw ParamsError(
        field: "inputs", message: "\(inputs.count) inputs exceed the maximum of \(maxInputs) per call; split the batch")
    }
    for field in CommonFields.requestFields {
      guard let value = body[field.name] else { continue }
      body[field.name] = try Self.checkRequestField(field.name, value)
    }
    var converted: [JSONValue] = []
    converted.reserveCapacity(inputs.count)
    for (index, element) in inputs.enumerated() {
      guard case .object(var input) = element else {
        throw ParamsError(field: "inputs[\(index)]", message: "expected an object, got \(element.typeName)")
      }
      func check(_ spec: FieldSpec, _ name: String) throws(ParamsError) {
        guard let value = input[name] else { return }
        // The field's path is spelled out only for an error.
        input[name] = try Self.checkText(
          Self.coerce(value, to: spec.type, field: "inputs[\(index)].\(name)"), field: "inputs[\(index)].\(name)",
          maxBytes: spec.maxBytes)
      }
      for spec in self.inputs {
        try check(spec, spec.name)
        for alias in spec.aliases { try check(spec, alias) }
      }
      converted.append(.object(input))
    }
    body["inputs"] = .array(converted)
    return .object(body)
  }

  /// The required fields of this operation that an input lacks (absent, null or blank, under its
  /// name and every alias), in the catalogue's order.
  public func missingRequired(in input: [String: JSONValue]) -> [String] {
    inputs.filter { $0.required && value(of: $0, in: input) == nil }.map(\.name)
  }

  /// The non-blank text of field `name` (or one of its aliases) in an input; numbers and booleans
  /// are given as text. Nil when the field is absent, null, blank or not a scalar.
  public func string(_ name: String, in input: [String: JSONValue]) -> String? {
    if let spec = inputs.first(where: { $0.name == name || $0.aliases.contains(name) }) {
      return value(of: spec, in: input)
    }
    return input[name].flatMap(Self.scalarText).flatMap(Self.nonBlank)
  }

  private func value(of spec: FieldSpec, in input: [String: JSONValue]) -> String? {
    if let text = input[spec.name].flatMap(Self.scalarText).flatMap(Self.nonBlank) { return text }
    for name in spec.aliases {
      if let text = input[name].flatMap(Self.scalarText).flatMap(Self.nonBlank) { return text }
    }
    return nil
  }

  private static func nonBlank(_ s: String) -> String? {
    s.allSatisfy(\.isWhitespace) ? nil : s
  }

  /// The text form of a scalar: strings as they are, integers and integral doubles without a
  /// fraction, booleans as `true`/`false`. Nil for null, arrays and objects.
  public static func scalarText(_ value: JSONValue) -> String? {
    switch value {
    case .string(let s): return s
    case .int(let i): return String(i)
    case .double(let d):
      if let i = value.intValue, Double(i) == d { return String(i) }
      return String(d)
    case .bool(let b): return b ? "true" : "false"
    case .null, .array, .object: return nil
    }
  }

  static func coerce(
    _ value: JSONValue, to type: FieldType, field: @autoclosure () -> String
  ) throws(ParamsError) -> JSONValue {
    if value.isNull { return value }
    switch type {
    case .string:
      if let text = scalarText(value) { return .string(text) }
    case .integer:
      if value.intValue != nil { return value }
      if case .string(let s) = value, Int(s) != nil { return value }
    case .number:
      if value.doubleValue != nil { return value }
      if case .string(let s) = value, Double(s) != nil { return value }
    case .boolean:
      if value.boolValue != nil { return value }
      if case .string(let s) = value, s == "true" || s == "false" { return value }
    case .array:
      if value.arrayValue != nil { return value }
    case .object:
      if value.objectValue != nil { return value }
    }
    throw ParamsError(field: field(), message: "expected \(describe(type)), got \(value.typeName)")
  }

  private static func describe(_ type: FieldType) -> String {
    switch type {
    case .string: return "a string"
    case .integer: return "an integer"
    case .number: return "a number"
    case .boolean: return "a boolean"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  private static func checkRequestField(_ name: String, _ value: JSONValue) throws(ParamsError) -> JSONValue {
    if name == "progressToken" {
      switch value {
      case .string, .int: return try checkText(value, field: name, maxBytes: FieldSpec.defaultMaxBytes)
      default:
        throw ParamsError(field: name, message: "expected a string or an integer, got \(value.typeName)")
      }
    }
    return try checkText(coerce(value, to: .string, field: name), field: name, maxBytes: FieldSpec.defaultMaxBytes)
  }
}

extension ParamsError: RPCErrorConvertible {
  /// JSON-RPC -32602 with the field in `data.field`.
  public var rpcError: RPCError { .invalidParams(field: field, message) }
}
