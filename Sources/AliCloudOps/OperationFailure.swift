import AliCloudCore

/// A per-input business failure: becomes `errorCode "1"` with `message` in that input's output.
/// `partial` carries output fields already known when the failure happened (for example the id of
/// a VPC that was created but did not become available in time), so nothing obtained is lost.
public struct OperationFailure: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var partial: [String: JSONValue]
  /// The cloud may have carried the failed call out without its answer arriving: a re-send of
  /// the input continues the mutation (with the same ClientTokens) rather than starting anew.
  public var uncertain: Bool

  public init(_ message: String, partial: [String: JSONValue] = [:], uncertain: Bool = false) {
    self.message = message
    self.partial = partial
    self.uncertain = uncertain
  }

  public var description: String { message }

  /// An input that fails validation before any cloud call.
  public static func invalid(_ field: String, _ problem: String) -> OperationFailure {
    OperationFailure("invalid \(field): \(problem)")
  }

  public static func missing(_ fields: [String]) -> OperationFailure {
    OperationFailure(
      fields.count == 1
        ? "missing required input: \(fields[0])" : "missing required inputs: \(fields.joined(separator: ", "))")
  }
}
