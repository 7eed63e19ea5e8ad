import AliCloudCatalog
import AliCloudCore
import Testing

/// protocol/README.md §4: every text value of a catalogue field is at most its field's limit in
/// UTF-8 bytes and holds no C0 control character other than tab, line feed and carriage return.
@Suite struct TextLimitsTests {
  static let limit = FieldSpec.defaultMaxBytes

  static func text(_ byteCount: Int) -> JSONValue { .string(String(repeating: "v", count: byteCount)) }

  /// (method, input, field named by the error or nil, text the message must contain)
  static let cases: [(String, [String: JSONValue], String?, String)] = [
    ("vpc/create", ["vpcName": text(limit)], nil, ""),
    ("vpc/create", ["vpcName": text(limit + 1)], "inputs[0].vpcName", "\(limit + 1) UTF-8 bytes"),
    ("vpc/create", ["vpcName": text(100_000)], "inputs[0].vpcName", "maximum of \(limit) bytes"),
    // Bytes, not characters: 2 bytes each, so half the limit in characters is the most.
    ("vpc/create", ["vpcName": .string(String(repeating: "é", count: limit / 2))], nil, ""),
    ("vpc/create", ["vpcName": .string(String(repeating: "é", count: limit / 2 + 1))], "inputs[0].vpcName", "\(limit)"),
    ("vpc/create", ["vpcName": "a\u{0}b"], "inputs[0].vpcName", "U+0000 at byte 1"),
    ("vpc/create", ["description": "x\u{1B}[31m"], "inputs[0].description", "U+001B"),
    ("vpc/create", ["cidrBlock": "\u{1F}"], "inputs[0].cidrBlock", "U+001F at byte 0"),
    ("vpc/create", ["description": "one\ttwo\r\nthree\n"], nil, ""),
    ("vpc/create", ["description": "中文 😀\u{7F}"], nil, ""),
    ("vpc/create", ["guid": "g\u{8}"], "inputs[0].guid", "U+0008"),
    ("vpc/create", ["callbackParameter": text(limit + 1)], "inputs[0].callbackParameter", "\(limit)"),
    ("vpc/create", ["unknownField": .string("\u{0}" + String(repeating: "u", count: 100_000))], nil, ""),
    // Aliases carry the limits of their field.
    ("security_group/revoke", ["policyType": "in\u{0}"], "inputs[0].policyType", "U+0000"),
    // Fields that carry lists, and credentials with a security token, have larger limits.
    ("rds/security_ip/append", ["securityIps": text(FieldSpec.listMaxBytes)], nil, ""),
    (
      "rds/security_ip/append", ["securityIps": text(FieldSpec.listMaxBytes + 1)], "inputs[0].securityIps",
      "\(FieldSpec.listMaxBytes)"
    ),
    ("vpc/create", ["identityParams": text(limit * 2)], nil, ""),
  ]

  @Test(arguments: cases.indices) func textLimits(_ i: Int) throws {
    let (method, input, field, text) = Self.cases[i]
    let op = try #require(Catalog.operation(named: method), "\(method)")
    do {
      _ = try op.normalized(.object(["inputs": [.object(input)]]))
      #expect(field == nil, "expected an error naming \(field ?? "")")
    } catch {
      #expect(error.field == field, "\(error)")
      #expect(error.message.contains(text), "\(error.message)")
    }
  }

  /// The message names the limit or the character, never the value: it may be a password.
  @Test func messagesNeverCarryTheValue() throws {
    let op = try #require(Catalog.operation(named: "vm/create"))
    let secret = "s3cret" + String(repeating: "!", count: 5000)
    for value in [secret, "s3cret\u{0}"] {
      #expect(throws: ParamsError.self) { try op.validateStructure(["inputs": [["password": .string(value)]]]) }
      do { try op.validateStructure(["inputs": [["password": .string(value)]]]) } catch {
        #expect(!error.description.contains("s3cret"))
      }
    }
  }

  @Test(
    arguments: [
      (["requestId": "r\u{0}"], "requestId"), (["operator": text(limit + 1)], "operator"),
      (["progressToken": "t\u{7}"], "progressToken"),
    ] as [([String: JSONValue], String)])
  func requestFieldsHaveTheDefaultLimits(fields: [String: JSONValue], field: String) {
    var body = fields
    body["inputs"] = []
    #expect(throws: ParamsError.self) { try Catalog.operations[0].validateStructure(.object(body)) }
    do { try Catalog.operations[0].validateStructure(.object(body)) } catch { #expect(error.field == field) }
  }

  /// The OpenRPC schema states each input text field's limit as `maxLength`.
  @Test func schemaCarriesMaxLength() throws {
    let doc = OpenRPC.document()
    let vpc = try #require(doc["methods"]?.arrayValue?.first { $0["name"] == "vpc/create" })
    let input = vpc["params"]?[0]?["schema"]?["items"]?["properties"]
    #expect(input?["vpcName"]?["maxLength"] == .int(FieldSpec.defaultMaxBytes))
    #expect(input?["identityParams"]?["maxLength"]?.intValue ?? 0 > FieldSpec.defaultMaxBytes)
    let rds = try #require(doc["methods"]?.arrayValue?.first { $0["name"] == "rds/security_ip/append" })
    let rdsInput = rds["params"]?[0]?["schema"]?["items"]?["properties"]
    #expect(rdsInput?["securityIps"]?["maxLength"] == .int(FieldSpec.listMaxBytes))
  }
}
