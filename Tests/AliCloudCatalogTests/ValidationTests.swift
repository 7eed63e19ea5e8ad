import AliCloudCatalog
import AliCloudCore
import Testing

@Suite struct ValidationTests {
  static let vpcCreate = Catalog.operation(named: "vpc/create")!

  static func parse(_ text: String) -> JSONValue {
    (try? JSONValue.parse(text)) ?? .null
  }

  /// (params, field named by the error or nil when the params are fine)
  @Test(
    arguments: [
      (#"{"inputs":[]}"#, nil),
      (#"{"inputs":[{"vpcName":"a","cidrBlock":"10.0.0.0/16"}]}"#, nil),
      (#"{"inputs":[{"vpcName":5,"cidrBlock":true,"description":1.5}]}"#, nil),
      (#"{"inputs":[{"vpcName":null}],"requestId":"r","operator":"me","progressToken":7}"#, nil),
      (#"{"inputs":[{"unknownField":{"deep":[1]}}],"extra":{"x":1}}"#, nil),
      (#"[]"#, "params"),
      (#""inputs""#, "params"),
      (#"{}"#, "inputs"),
      (#"{"inputs":{}}"#, "inputs"),
      (#"{"inputs":[{},{},"x"]}"#, "inputs[2]"),
      (#"{"inputs":[{},{},{"vpcName":{"a":1}}]}"#, "inputs[2].vpcName"),
      (#"{"inputs":[{"cidrBlock":["10.0.0.0/16"]}]}"#, "inputs[0].cidrBlock"),
      (#"{"inputs":[],"progressToken":{"t":1}}"#, "progressToken"),
      (#"{"inputs":[],"progressToken":1.5}"#, "progressToken"),
      (#"{"inputs":[],"requestId":[1]}"#, "requestId"),
    ] as [(String, String?)])
  func structure(params: String, errorField: String?) {
    let value = Self.parse(params)
    do {
      try Self.vpcCreate.validateStructure(value)
      #expect(errorField == nil, "expected an error naming \(errorField ?? "")")
    } catch {
      #expect(error.field == errorField, "\(error)")
      #expect(!error.message.isEmpty)
    }
  }

  @Test func inputsBeyondTheMaximumAreRefused() throws {
    let atMost = JSONValue.object(["inputs": .array(Array(repeating: [:], count: OperationSpec.defaultMaxInputs))])
    try Self.vpcCreate.validateStructure(atMost)
    let over = JSONValue.object(["inputs": .array(Array(repeating: [:], count: OperationSpec.defaultMaxInputs + 1))])
    do {
      try Self.vpcCreate.validateStructure(over)
      Issue.record("\(OperationSpec.defaultMaxInputs + 1) inputs were accepted")
    } catch {
      #expect(error.field == "inputs")
      #expect(error.message.contains("1001") && error.message.contains("\(OperationSpec.defaultMaxInputs)"))
    }
    #expect(throws: ParamsError.self) {
      try Self.vpcCreate.validateStructure(Self.parse(#"{"inputs":[{},{},{}]}"#), maxInputs: 2)
    }
    try Self.vpcCreate.validateStructure(Self.parse(#"{"inputs":[{},{}]}"#), maxInputs: 2)
  }

  @Test func aliasesAreCheckedToo() throws {
    let op = try #require(Catalog.operation(named: "security_group/authorize"))
    #expect(throws: ParamsError(field: "inputs[0].policyType", message: "expected a string, got array")) {
      try op.validateStructure(Self.parse(#"{"inputs":[{"policyType":["ingress"]}]}"#))
    }
  }

  @Test func scalarsAreConvertedToStrings() throws {
    let out = try Self.vpcCreate.normalized(
      Self.parse(#"{"inputs":[{"vpcName":5,"cidrBlock":true,"description":1.5,"vpcId":2.0,"other":3}]}"#))
    let input = try #require(out["inputs"]?[0])
    #expect(input["vpcName"] == "5")
    #expect(input["cidrBlock"] == "true")
    #expect(input["description"] == "1.5")
    #expect(input["vpcId"] == "2")
    #expect(input["other"] == 3, "unknown fields are left alone")
  }

  @Test(
    arguments: [
      ([:], ["cloudParams", "vpcName", "cidrBlock"]),
      (["cloudParams": "regionId=x", "vpcName": "", "cidrBlock": "  "], ["vpcName", "cidrBlock"]),
      (["cloudParams": "regionId=x", "vpcName": "a", "cidrBlock": .null], ["cidrBlock"]),
      (["cloudParams": "regionId=x", "vpcName": 7, "cidrBlock": "10.0.0.0/8"], []),
    ] as [([String: JSONValue], [String])])
  func missingRequired(input: [String: JSONValue], missing: [String]) {
    #expect(Self.vpcCreate.missingRequired(in: input) == missing)
  }

  @Test func missingRequiredHonoursAliases() throws {
    let op = try #require(Catalog.operation(named: "security_group/revoke"))
    var input: [String: JSONValue] = [
      "cloudParams": "regionId=x", "securityGroupId": "sg-1", "policy": "accept", "cidrIp": "10.0.0.0/8",
      "ipProtocol": "tcp", "portRange": "22",
    ]
    #expect(op.missingRequired(in: input) == ["actionType"])
    input["policyType"] = "ingress"
    #expect(op.missingRequired(in: input).isEmpty)
    #expect(op.string("actionType", in: input) == "ingress")
    #expect(op.string("policyType", in: input) == "ingress")
  }
}
