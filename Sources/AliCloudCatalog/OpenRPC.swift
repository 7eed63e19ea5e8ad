import AliCloudCore
import AliCloudWire

/// The OpenRPC 1.2.6 document describing every method: what `rpc.discover` returns and what
/// protocol/openrpc.json holds.
public enum OpenRPC {
  public static let specVersion = "1.2.6"

  public static func document() -> JSONValue {
    [
      "openrpc": .string(specVersion),
      "info": [
        "title": "alicloudd",
        "version": .string(Version.product),
        "description": .string(
          "The AliCloud operations of the WeCube plugin API over length-prefixed JSON-RPC 2.0 on a Unix socket. "
            + "Operation methods are named by their HTTP path without /alicloud/v1/ (the full path is an alias)."),
        "x-protocolVersion": .string(Version.protocolVersion),
      ],
      "methods": .array(Catalog.operations.map(method(for:)) + Catalog.serviceMethods.map(method(for:))),
      "components": ["errors": errors],
    ]
  }

  static func method(for op: OperationSpec) -> JSONValue {
    let input = JSONSchema.object(
      op.inputs, description: "One input; validated and processed independently", limited: true)
    let output = JSONSchema.object(op.outputs, description: "The output of the input at the same position")
    var params: [JSONValue] = [
      [
        "name": "inputs", "required": true,
        "schema": JSONSchema.array(of: input, description: "The inputs of the batch"),
      ]
    ]
    for field in CommonFields.requestFields {
      var schema = JSONSchema.schema(for: field, limited: true).objectValue ?? [:]
      if field.name == "progressToken" { schema["type"] = ["string", "integer"] }
      params.append(["name": .string(field.name), "required": false, "schema": .object(schema)])
    }
    let result: JSONValue = [
      "type": "object",
      "required": ["resultCode", "resultMessage", "results"],
      "properties": [
        "resultCode": ["type": "string", "enum": ["0", "1"], "description": "\"1\" when any output failed"],
        "resultMessage": [
          "type": "string", "description": "\"Success\", or the first failed output's errorMessage",
        ],
        "results": [
          "type": "object", "required": ["outputs"],
          "properties": ["outputs": JSONSchema.array(of: output, description: "One output per input, in order")],
        ],
      ],
    ]
    return [
      "name": .string(op.method),
      "summary": .string(op.summary),
      "tags": [["name": .string(op.family)]],
      "paramStructure": "by-name",
      "params": .array(params),
      "result": ["name": "envelope", "schema": result],
      "x-path": .string(op.path),
    ]
  }

  static func method(for service: ServiceMethodSpec) -> JSONValue {
    [
      "name": .string(service.name),
      "summary": .string(service.summary),
      "tags": [["name": "daemon"]],
      "paramStructure": "by-name",
      "params": .array(
        service.params.map {
          ["name": .string($0.name), "required": .bool($0.required), "schema": JSONSchema.schema(for: $0)]
        }),
      "result": ["name": "result", "schema": JSONSchema.object(service.result)],
    ]
  }

  /// Every error the daemon answers with, keyed by its stable name.
  static var errors: JSONValue {
    var out: [String: JSONValue] = [:]
    for kind in RPCErrorKind.all {
      out[kind.name] = [
        "code": .int(kind.code), "message": .string(kind.meaning), "data": ["name": .string(kind.name)],
      ]
    }
    return .object(out)
  }
}
