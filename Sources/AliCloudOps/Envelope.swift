import AliCloudCatalog
import AliCloudCore

/// The WeCube envelope: one output per input, in input order, each with `guid`,
/// `callbackParameter`, `errorCode` and `errorMessage`; `resultCode`/`resultMessage` aggregated.
/// Inputs run concurrently, bounded per region by the limiter; a failing input never stops the others.
public enum Envelope {
  public typealias PerInput = @Sendable (Input) async throws -> [String: JSONValue]

  public static func run(
    _ params: JSONValue, spec: OperationSpec, limiter: RegionLimiter,
    regionOf: @escaping @Sendable (Input) -> String, inputsDone: @escaping @Sendable (Int, Int) -> Void = { _, _ in },
    perInput: @escaping PerInput
  ) async -> JSONValue {
    let inputs = (params["inputs"]?.arrayValue ?? []).enumerated().map {
      Input($1.objectValue ?? [:], index: $0, spec: spec)
    }
    var byIndex = [[String: JSONValue]](repeating: [:], count: inputs.count)
    // Inputs that fail validation are answered at once, without waiting for a permit.
    var valid: [Input] = []
    for input in inputs {
      do {
        try input.checkRequired(spec)
        valid.append(input)
      } catch {
        byIndex[input.index] = finish(input, failure(error))
      }
    }
    // At most `window` inputs of one call wait or run at a time, so a large batch holds a bounded
    // number of tasks and takes its turn with other calls instead of queueing ahead of them all.
    var done = inputs.count - valid.count
    if done > 0 { inputsDone(done, inputs.count) }
    let window = max(1, limiter.perRegion * 2)
    @Sendable func permitted(_ input: Input) async -> [String: JSONValue] {
      do {
        return try await limiter.withPermit(regionOf(input)) { await runOne(input, perInput: perInput) }
      } catch {
        return finish(input, ["errorCode": "1", "errorMessage": "cancelled before this input started"])
      }
    }
    // One input (most calls) runs in the call's own task: no child task to create and switch to.
    if valid.count == 1, let input = valid.first {
      byIndex[input.index] = await permitted(input)
      inputsDone(inputs.count, inputs.count)
      return envelope(byIndex)
    }
    await withTaskGroup(of: (Int, [String: JSONValue]).self) { group in
      var next = valid.makeIterator()
      func startNext() {
        guard let input = next.next() else { return }
        group.addTask { (input.index, await permitted(input)) }
      }
      for _ in 0..<window { startNext() }
      for await (i, fields) in group {
        byIndex[i] = fields
        done += 1
        inputsDone(done, inputs.count)
        startNext()
      }
    }
    let outputs = byIndex
    return envelope(outputs)
  }

  static func runOne(_ input: Input, perInput: PerInput) async -> [String: JSONValue] {
    do {
      var out = try await perInput(input)
      out["errorCode"] = "0"
      out["errorMessage"] = ""
      return finish(input, out)
    } catch {
      return finish(input, failure(error))
    }
  }

  /// The output fields of a failed input: what was already known, `errorCode "1"` and the message.
  static func failure(_ error: any Error) -> [String: JSONValue] {
    var out: [String: JSONValue]
    switch error {
    case let failure as OperationFailure:
      out = failure.partial
      out["errorMessage"] = .string(failure.message)
    case is CancellationError:
      out = ["errorMessage": "cancelled before this input finished"]
    default:
      out = ["errorMessage": .string(String(describing: error))]
    }
    out["errorCode"] = "1"
    return out
  }

  /// Adds the fields every output echoes from its input.
  static func finish(_ input: Input, _ fields: [String: JSONValue]) -> [String: JSONValue] {
    var out = fields
    out["guid"] = .string(input.guid)
    out["callbackParameter"] = input.callbackParameter
    return out
  }

  /// Aggregates outputs: `resultCode "1"` with the first failure's message when any failed.
  public static func envelope(_ outputs: [[String: JSONValue]]) -> JSONValue {
    let firstFailure = outputs.first { $0["errorCode"] == "1" }
    return [
      "resultCode": firstFailure == nil ? "0" : "1",
      "resultMessage": firstFailure?["errorMessage"] ?? "Success",
      "results": ["outputs": .array(outputs.map { .object($0) })],
    ]
  }
}
