import AliCloudCore

/// JSON Schema fragments for the OpenRPC document, built from the catalogue's field lists.
enum JSONSchema {
  /// The field's type and description; with `limited`, a string field also carries `maxLength`,
  /// its limit in UTF-8 bytes (so at most that many characters; fewer when they are not ASCII).
  static func schema(for field: FieldSpec, limited: Bool = false) -> JSONValue {
    schema(field, description: field.description, limited: limited)
  }

  private static func schema(_ field: FieldSpec, description: String, limited: Bool) -> JSONValue {
    var schema: [String: JSONValue] = ["type": .string(field.type.rawValue), "description": .string(description)]
    if limited && field.type == .string { schema["maxLength"] = .int(field.maxBytes) }
    return .object(schema)
  }

  /// An open object schema (unknown properties allowed) with the fields, their aliases and the
  /// required list; `limited` as in `schema(for:limited:)`, for inputs.
  static func object(_ fields: [FieldSpec], description: String? = nil, limited: Bool = false) -> JSONValue {
    var properties: [String: JSONValue] = [:]
    for field in fields {
      properties[field.name] = schema(for: field, limited: limited)
      for alias in field.aliases {
        properties[alias] = schema(field, description: "Alias of \(field.name)", limited: limited)
      }
    }
    var schema: [String: JSONValue] = [
      "type": "object", "properties": .object(properties), "additionalProperties": true,
    ]
    let required = fields.filter(\.required).map { JSONValue.string($0.name) }
    if !required.isEmpty { schema["required"] = .array(required) }
    if let description { schema["description"] = .string(description) }
    return .object(schema)
  }

  static func array(of items: JSONValue, description: String) -> JSONValue {
    ["type": "array", "items": items, "description": .string(description)]
  }
}
