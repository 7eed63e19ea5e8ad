import AliCloudCore

/// JSON Schema fragments for the OpenRPC document, built from the catalogue's field lists.
enum JSONSchema {
  static func schema(for field: FieldSpec) -> JSONValue {
    ["type": .string(field.type.rawValue), "description": .string(field.description)]
  }

  /// An open object schema (unknown properties allowed) with the fields, their aliases and the
  /// required list.
  static func object(_ fields: [FieldSpec], description: String? = nil) -> JSONValue {
    var properties: [String: JSONValue] = [:]
    for field in fields {
      properties[field.name] = schema(for: field)
      for alias in field.aliases {
        properties[alias] = [
          "type": .string(field.type.rawValue), "description": .string("Alias of \(field.name)"),
        ]
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
