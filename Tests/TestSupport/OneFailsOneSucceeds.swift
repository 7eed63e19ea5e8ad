import AliCloudCore
import Testing

/// What `CloudFixture.expectOneFailsOneSucceeds` saw.
public struct SplitOutcome: Sendable {
  /// Every output of the call, in input order.
  public var outputs: [[String: JSONValue]]
  /// The position of the output that succeeded.
  public var succeeded: Int
  /// The errorMessage of the output that failed.
  public var failure: String
}

extension CloudFixture {
  /// Calls `method` with two inputs (guids `g0` and `g1`) while the cloud answers the first call of
  /// the faulted action with `error`. Expects both outputs in order, exactly one failed with
  /// `error` in its message and reported by the envelope, and the other carrying every field of
  /// `outputs`.
  public func expectOneFailsOneSucceeds(
    _ method: String, _ inputs: [[String: JSONValue]], error: String, outputs: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws -> SplitOutcome {
    let result = try await call(method, inputs.enumerated().map { CloudFixture.input($1, guid: "g\($0)") })
    let outs = result["results"]?["outputs"]?.arrayValue?.compactMap(\.objectValue) ?? []
    try #require(outs.count == 2, sourceLocation: sourceLocation)
    #expect(outs.map { $0["guid"] } == ["g0", "g1"], sourceLocation: sourceLocation)
    let failed = outs.filter { $0["errorCode"] == "1" }
    let succeeded = outs.indices.filter { outs[$0]["errorCode"] == "0" }
    #expect(failed.count == 1 && succeeded.count == 1, "\(outs)", sourceLocation: sourceLocation)
    let failure = failed.first?["errorMessage"]?.stringValue ?? ""
    #expect(failure.contains(error), "\(failure)", sourceLocation: sourceLocation)
    #expect(
      result["resultCode"] == "1" && result["resultMessage"] == failed.first?["errorMessage"],
      sourceLocation: sourceLocation)
    let i = try #require(succeeded.first, sourceLocation: sourceLocation)
    for name in outputs {
      #expect(
        outs[i][name]?.stringValue?.isEmpty == false, "\(method) lacks \(name): \(outs[i])",
        sourceLocation: sourceLocation)
    }
    return SplitOutcome(outputs: outs, succeeded: i, failure: failure)
  }
}
