import AliCloudCatalog
import AliCloudCore
import Testing

@testable import AliCloudOps

let demoSpec = OperationSpec(
  method: "demo/create", family: "demo", summary: "demo",
  inputs: [
    FieldSpec("guid", required: false, "id"), FieldSpec("name", required: true, "name"),
    FieldSpec("size", required: true, "n"),
  ],
  outputs: [FieldSpec("guid", required: false, "id"), FieldSpec("id", required: false, "made")])

@Test func envelopeKeepsOrderEchoesAndAggregates() async {
  let params: JSONValue = [
    "inputs": [
      ["guid": "g1", "name": "a", "size": "1", "callbackParameter": "cb1"],
      ["guid": "g2", "name": "", "size": 2],
      ["guid": "g3", "name": "c", "size": "3"],
      ["guid": "g4", "name": "boom", "size": "4", "callbackParameter": nil],
    ]
  ]
  let result = await Envelope.run(params, spec: demoSpec, limiter: RegionLimiter(perRegion: 2), regionOf: { _ in "r" })
  {
    input in
    let name = try input.require("name")
    if name == "boom" { throw OperationFailure("it broke", partial: ["id": "half-made"]) }
    // Later inputs finish first: order must still follow the inputs. (A deliberate delay, not
    // synchronisation.)
    try await Task.sleep(for: .milliseconds(40 - input.index * 10))
    return ["id": .string("id-" + name)]
  }
  let outputs = result["results"]?["outputs"]?.arrayValue ?? []
  #expect(outputs.count == 4)
  #expect(outputs.map { $0["guid"] } == ["g1", "g2", "g3", "g4"])
  #expect(outputs[0]["id"] == "id-a" && outputs[0]["errorCode"] == "0" && outputs[0]["errorMessage"] == "")
  #expect(outputs[0]["callbackParameter"] == "cb1")
  #expect(outputs[1]["errorCode"] == "1" && outputs[1]["errorMessage"] == "missing required input: name")
  #expect(outputs[1]["callbackParameter"] == "")
  #expect(outputs[3]["id"] == "half-made" && outputs[3]["callbackParameter"] == JSONValue.null)
  #expect(result["resultCode"] == "1")
  #expect(result["resultMessage"] == "missing required input: name")
}

@Test func envelopeAllSucceededAndEmpty() async {
  let ok = await Envelope.run(
    ["inputs": [["guid": "x", "name": "n", "size": "1"]]], spec: demoSpec,
    limiter: RegionLimiter(), regionOf: { _ in "r" }
  ) { _ in [:] }
  #expect(ok["resultCode"] == "0" && ok["resultMessage"] == "Success")
  let empty = await Envelope.run(["inputs": []], spec: demoSpec, limiter: RegionLimiter(), regionOf: { _ in "r" }) {
    _ in [:]
  }
  #expect(empty["results"]?["outputs"] == JSONValue.array([]))
}

@Test func limiterBoundsConcurrencyPerRegion() async {
  actor Peak {
    var now = 0, max = 0
    func enter() { now += 1; max = Swift.max(max, now) }
    func leave() { now -= 1 }
  }
  let peak = Peak()
  let inputs = JSONValue.array((0..<12).map { i in ["guid": .string("g\(i)"), "name": "n", "size": "1"] })
  _ = await Envelope.run(
    ["inputs": inputs], spec: demoSpec, limiter: RegionLimiter(perRegion: 3), regionOf: { _ in "r" }
  ) {
    _ in
    await peak.enter()
    // A deliberate delay, not synchronisation: each input stays inside long enough to overlap.
    try await Task.sleep(for: .milliseconds(5))
    await peak.leave()
    return [:]
  }
  #expect(await peak.max == 3)
}

@Test(arguments: [
  ("[a, b, c]", ["a", "b", "c"]), ("a,b", ["a", "b"]), ("", []), ("[]", []), (" [ x ] ", ["x"]), ("a,,b,", ["a", "b"]),
])
func listSyntaxSplits(text: String, expected: [String]) {
  #expect(ListSyntax.split(text) == expected)
}

@Test(arguments: [
  ("10.0.0.0/16", true), ("192.168.1.0/24", true), ("0.0.0.0/0", true), ("10.0.0.0", false), ("10.0.0.0/33", false),
  ("10.0.0/16", false), ("a.b.c.d/8", false), ("010.0.0.0/8", false), ("10.0.0.0/", false), ("256.0.0.0/8", false),
])
func cidrCheck(text: String, valid: Bool) {
  #expect(Checks.isIPv4CIDR(text) == valid)
}

@Test func inputAccessorsConvertAndValidate() throws {
  let input = Input(["n": 5, "b": "TRUE", "s": "  x ", "bad": "abc", "c": "postpaid"])
  #expect(input.string("n") == "5")
  #expect(try input.int("n") == 5)
  #expect(try input.bool("b") == true)
  #expect(input.string("s") == "x")
  #expect(throws: OperationFailure.self) { try input.int("bad") }
  #expect(try input.oneOf("c", ["PrePaid", "PostPaid"]) == "PostPaid")
  #expect(throws: OperationFailure.self) { try input.require("missing") }
}
