import AliCloudCatalog
import AliCloudCore

/// The WeCube envelope: one output per input, in input order, each with `guid`,
/// `callbackParameter`, `errorCode` and `errorMessage`; `resultCode`/`resultMessage` aggregated.
/// Inputs run concurrently, bounded per region by the limiter; a failing input never stops the others.
public enum Envelope {
  public typealias PerInput = @Sendable (Input) async throws -> [String: JSONValue]

  public static func run(
    _ params: JSONValue, spec: OperationSpec, limiter: RegionLimiter,
    regionOf: @escaping @Sendable (Input) -> String, perInput: @escaping PerInput
  ) async -> JSONValue {
    let inputs = (params["inputs"]?.arrayValue ?? []).enumerated().map { Input($1.objectValue ?? [:], index: $0) }
    let outputs = await withTaskGroup(of: (Int, [String: JSONValue]).self) { group in
      for input in inputs {
        group.addTask {
          let fields = await limiter.withPermit(regionOf(input)) {
            await runOne(input, spec: spec, perInput: perInput)
          }
          return (input.index, fields)
        }
      }
      var byIndex = [[String: JSONValue]](repeating: [:], count: inputs.count)
      for await (i, fields) in group { byIndex[i] = fields }
      return byIndex
    }
    return envelope(outputs)
  }

  static func runOne(_ input: Input, spec: OperationSpec, perInput: PerInput) async -> [String: JSONValue] {
    var out: [String: JSONValue]
    do {
      try input.checkRequired(spec)
      out = try await perInput(input)
      out["errorCode"] = "0"
      out["errorMessage"] = ""
    } catch let failure as OperationFailure {
      out = failure.partial
      out["errorCode"] = "1"
      out["errorMessage"] = .string(failure.message)
    } catch is CancellationError {
      out = [:]
      out["errorCode"] = "1"
      out["errorMessage"] = "cancelled before this input finished"
    } catch {
      out = [:]
      out["errorCode"] = "1"
      out["errorMessage"] = .string(String(describing: error))
    }
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
