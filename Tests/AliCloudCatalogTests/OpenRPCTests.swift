import AliCloudCatalog
import AliCloudCore
import Foundation
import Testing

/// protocol/openrpc.json is generated from the catalogue: run the tests with
/// ALICLOUDD_REGENERATE=1 to rewrite it; otherwise a difference fails.
@Suite struct OpenRPCTests {
  static let committedURL = GuideTable.repositoryRoot.appendingPathComponent("protocol/openrpc.json")

  static func committedText() throws -> String {
    try String(contentsOf: committedURL, encoding: .utf8)
  }

  static var generatedText: String { OpenRPC.document().jsonString(pretty: true) + "\n" }

  @Test func committedDocumentIsCurrent() throws {
    if ProcessInfo.processInfo.environment["ALICLOUDD_REGENERATE"] == "1" {
      try FileManager.default.createDirectory(
        at: Self.committedURL.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Self.generatedText.write(to: Self.committedURL, atomically: true, encoding: .utf8)
    }
    let committed = try Self.committedText()
    #expect(
      committed == Self.generatedText,
      "protocol/openrpc.json is stale: run ALICLOUDD_REGENERATE=1 swift test --filter OpenRPCTests")
  }

  @Test func documentDescribesEveryMethod() throws {
    let doc = OpenRPC.document()
    #expect(doc["openrpc"] == "1.2.6")
    #expect(doc["info"]?["title"] == "alicloudd")
    #expect(doc["info"]?["version"] == .string(Version.product))
    let methods = try #require(doc["methods"]?.arrayValue)
    #expect(methods.compactMap { $0["name"]?.stringValue } == Catalog.allMethodNames)
    for op in Catalog.operations {
      let method = try #require(methods.first { $0["name"]?.stringValue == op.method })
      let inputs = try #require(method["params"]?[0])
      #expect(inputs["name"] == "inputs" && inputs["required"] == true)
      let item = try #require(inputs["schema"]?["items"])
      let required = item["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
      #expect(required == op.inputs.filter(\.required).map(\.name), "\(op.method)")
      let properties = try #require(item["properties"]?.objectValue)
      for field in op.inputs {
        #expect(properties[field.name]?["description"] == .string(field.description), "\(op.method).\(field.name)")
      }
      let outputs = try #require(
        method["result"]?["schema"]?["properties"]?["results"]?["properties"]?["outputs"]?["items"]?["properties"]?
          .objectValue)
      #expect(Set(outputs.keys) == Set(op.outputs.map(\.name)), "\(op.method)")
      #expect(method["x-path"] == .string("/alicloud/v1/" + op.method))
    }
  }

  @Test func aliasesAppearInTheSchema() throws {
    let methods = try #require(OpenRPC.document()["methods"]?.arrayValue)
    let authorize = try #require(methods.first { $0["name"] == "security_group/authorize" })
    let properties = authorize["params"]?[0]?["schema"]?["items"]?["properties"]
    #expect(properties?["policyType"]?["description"] == "Alias of actionType")
  }

  @Test func committedDocumentParses() throws {
    let parsed = try JSONValue.parse(try Self.committedText())
    #expect(parsed == OpenRPC.document())
  }
}
