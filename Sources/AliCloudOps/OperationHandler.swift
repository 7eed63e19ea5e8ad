import AliCloudCore

/// What an operation handler gets besides its params.
public struct OperationContext: Sendable {
  /// The JSON-RPC id of the call, as text; stable across the call, used to derive idempotency tokens.
  public var callID: String
  /// Reports an observed state change (`i-xxx: Pending -> Starting`); sent as `$/progress` when the
  /// caller asked for progress, otherwise dropped.
  public var progress: @Sendable (String) -> Void
  /// Reports that `done` of the call's `total` inputs have their output (failed ones included).
  public var inputsDone: @Sendable (_ done: Int, _ total: Int) -> Void
  public var logger: Logger

  public init(
    callID: String, progress: @escaping @Sendable (String) -> Void = { _ in },
    inputsDone: @escaping @Sendable (Int, Int) -> Void = { _, _ in }, logger: Logger = .silent
  ) {
    self.callID = callID
    self.progress = progress
    self.inputsDone = inputsDone
    self.logger = logger
  }
}

/// Performs one operation: `params` is the guide's request body (`{"inputs":[...]}`), the result the
/// guide's response envelope. Cancellation arrives as Swift task cancellation.
public typealias OperationHandler =
  @Sendable (_ params: JSONValue, _ context: OperationContext) async throws -> JSONValue
