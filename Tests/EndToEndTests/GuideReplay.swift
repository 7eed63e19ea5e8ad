import AliCloudCatalog
import AliCloudCore
import Foundation
import TestSupport
import Testing

/// Replays the committed examples/ files (the API guide's curl bodies) through the gateway, with
/// the ids of resources created by earlier steps put in place of the guide's.
final class GuideReplay: @unchecked Sendable {
  static let examples = Repository.url("examples")

  let client: LoopbackHTTPClient
  private(set) var replayed: Set<String> = []

  init(client: LoopbackHTTPClient) { self.client = client }

  /// The guide's request body for `method`, from examples/.
  static func example(_ method: String) throws -> JSONValue {
    let url = examples.appendingPathComponent(method.replacingOccurrences(of: "/", with: "_") + ".json")
    return try JSONValue.parse(try Data(contentsOf: url))
  }

  /// POSTs the example of `method` with `overrides` merged into every input (or `perInput[i]`
  /// into input i), expects HTTP 200, `resultCode` "0", success in every output and every output
  /// field the catalogue documents; returns the outputs.
  @discardableResult
  func step(
    _ method: String, _ overrides: [String: JSONValue] = [:], perInput: [[String: JSONValue]] = [],
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws -> [JSONValue] {
    var body = try Self.example(method)
    let inputs = (body["inputs"]?.arrayValue ?? []).enumerated().map { i, input -> JSONValue in
      var o = input.objectValue ?? [:]
      o.merge(overrides) { _, new in new }
      if i < perInput.count { o.merge(perInput[i]) { _, new in new } }
      return .object(o)
    }
    if case .object(var b) = body {
      b["inputs"] = .array(inputs)
      body = .object(b)
    }
    let r = try await client.send(Catalog.pathPrefix + method, body)
    let text = String(decoding: r.body, as: UTF8.self)
    #expect(r.status == 200, "\(method): HTTP \(r.status) \(text)", sourceLocation: sourceLocation)
    #expect(r.json?["resultCode"] == "0", "\(method): \(text)", sourceLocation: sourceLocation)
    #expect(r.json?["resultMessage"] == "Success", "\(method)", sourceLocation: sourceLocation)
    let outputs = r.json?["results"]?["outputs"]?.arrayValue ?? []
    #expect(outputs.count == inputs.count, "\(method): \(text)", sourceLocation: sourceLocation)
    let documented = Catalog.operation(named: method)?.outputs.map(\.name) ?? ["?"]
    for (input, output) in zip(inputs, outputs) {
      #expect(output["errorCode"] == "0", "\(method): \(output)", sourceLocation: sourceLocation)
      #expect(output["guid"] == input["guid"], sourceLocation: sourceLocation)
      // Every documented field, `requestId` included: every operation's work calls AliCloud (a
      // re-run that finds everything in place still read it).
      for field in documented {
        #expect(output[field] != nil, "\(method) lacks \(field): \(output)", sourceLocation: sourceLocation)
      }
      #expect(
        output["requestId"]?.stringValue?.isEmpty == false, "\(method): \(output)", sourceLocation: sourceLocation)
    }
    replayed.insert(method)
    return outputs
  }

  /// `step` for a one-input example, returning the non-empty string output `field`s.
  func create(
    _ method: String, _ overrides: [String: JSONValue] = [:], gives fields: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws -> [String: JSONValue] {
    let out = try await step(method, overrides, sourceLocation: sourceLocation).first ?? [:]
    var values: [String: JSONValue] = [:]
    for f in fields {
      let v = out[f]?.stringValue ?? ""
      #expect(!v.isEmpty, "\(method) gave no \(f): \(out)", sourceLocation: sourceLocation)
      values[f] = .string(v)
    }
    return values
  }
}
