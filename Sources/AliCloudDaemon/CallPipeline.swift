import AliCloudAPI
import AliCloudCatalog
import AliCloudCore
import AliCloudOps
import AliCloudWire
import Synchronization

/// One call as a front end hands it to the pipeline: the Unix-socket session and the HTTP gateway
/// both describe their calls this way.
public struct CallInfo: Sendable {
  public var method: String
  /// The key the call is counted under (`Dispatcher.statsKey`).
  public var statsKey: String
  /// The call's id (the JSON-RPC id, or the gateway's own); `.null` for a notification.
  public var id: RPCID
  /// `socket` or `http`.
  public var frontEnd: String
  /// The call's logger: the front end's fields (peer or listener) and the call's correlation
  /// fields (`CallLog.correlation`), carried by every line logged for the call.
  public var logger: Logger
  /// When the pipeline took the call.
  public var began: ContinuousClock.Instant
  /// The AliCloud requests an operation made (nil for calls answered at once).
  public var cloud: CallScope?
}

/// One stage around the responder. Every call passes every stage, whichever front end it came
/// from: `admit` may refuse it before routing; calls answered at once (service methods, errors
/// found before running) reach `answered`; operations reach `started`, then `finished`.
public protocol CallStage: Sendable {
  func admit(_ call: CallInfo) -> RPCError?
  func answered(_ call: CallInfo, _ outcome: Result<JSONValue, RPCError>)
  func started(_ call: CallInfo)
  func finished(_ call: CallInfo, _ outcome: Result<JSONValue, RPCError>, elapsed: Duration)
}

extension CallStage {
  public func admit(_ call: CallInfo) -> RPCError? { nil }
  public func answered(_ call: CallInfo, _ outcome: Result<JSONValue, RPCError>) {}
  public func started(_ call: CallInfo) {}
  public func finished(_ call: CallInfo, _ outcome: Result<JSONValue, RPCError>, elapsed: Duration) {}
}

/// The daemon's one call pipeline: the stages (admission, stats, logging, and any added by the
/// configuration) around the responder, the `Dispatcher` (routing, validation, the handler,
/// error mapping). Calls answered at once stay synchronous, so the socket answers them in the
/// read that brought them; operations run in a task whose cancellation cancels the handler.
public final class CallPipeline: Sendable {
  public let dispatcher: Dispatcher
  let stages: [any CallStage]

  init(dispatcher: Dispatcher, stages: [any CallStage]) {
    self.dispatcher = dispatcher
    self.stages = stages
  }

  /// What `begin` decided.
  public enum Step: Sendable {
    /// Answered at once: refused by a stage, a service method, or an error found before running.
    case answered(Result<JSONValue, RPCError>)
    /// An operation to run (`OperationCall.run` or `start`).
    case operation(OperationCall)
  }

  /// The first half of every call: admission, then routing and validation.
  public func begin(
    method: String, params: JSONValue?, id: RPCID, frontEnd: String, logger: Logger
  ) -> Step {
    let statsKey = Dispatcher.statsKey(for: method)
    let call = CallInfo(
      method: method, statsKey: statsKey, id: id, frontEnd: frontEnd,
      logger: CallLog.correlation(
        logger, method: method, statsKey: statsKey, id: id, frontEnd: frontEnd, params: params),
      began: .now, cloud: nil)
    for stage in stages {
      if let refusal = stage.admit(call) { return answer(call, .failure(refusal)) }
    }
    switch dispatcher.route(method: method, params: params) {
    case .immediate(let outcome):
      return answer(call, outcome)
    case .operation(let spec, let handler):
      var op = call
      op.method = spec.method
      op.cloud = CallScope(logger: call.logger)
      return .operation(OperationCall(pipeline: self, call: op, spec: spec, handler: handler, params: params ?? [:]))
    }
  }

  func answer(_ call: CallInfo, _ outcome: Result<JSONValue, RPCError>) -> Step {
    for stage in stages { stage.answered(call, outcome) }
    return .answered(outcome)
  }
}

/// An admitted, validated operation call: the second half of the pipeline.
public struct OperationCall: Sendable {
  let pipeline: CallPipeline
  public let call: CallInfo
  public let spec: OperationSpec
  let handler: OperationHandler
  let params: JSONValue

  /// Runs the operation in the current task (its cancellation cancels the handler) through the
  /// stages; `progress` receives the handler's state changes.
  public func run(
    progress: @escaping @Sendable (String) -> Void = { _ in },
    inputsDone: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
  ) async -> Result<JSONValue, RPCError> {
    for stage in pipeline.stages { stage.started(call) }
    let begun = ContinuousClock.now
    let context = OperationContext(
      callID: call.id.description, progress: progress, inputsDone: inputsDone, logger: call.logger)
    let outcome = await CallScope.$current.withValue(call.cloud) {
      await pipeline.dispatcher.run(spec, handler, params: params, context: context)
    }
    let elapsed = ContinuousClock.now - begun
    for stage in pipeline.stages { stage.finished(call, outcome, elapsed: elapsed) }
    return outcome
  }

  /// Runs the operation in a new task, handing its outcome to `done`; cancel the task to cancel it.
  /// `executor`: where the task prefers to run (the connection's event loop for a socket call);
  /// nil for the default pool.
  public func start(
    on executor: (any TaskExecutor)? = nil,
    progress: @escaping @Sendable (String) -> Void = { _ in },
    inputsDone: @escaping @Sendable (Int, Int) -> Void = { _, _ in },
    done: @escaping @Sendable (Result<JSONValue, RPCError>) -> Void
  ) -> Task<Void, Never> {
    Task(executorPreference: executor) { done(await run(progress: progress, inputsDone: inputsDone)) }
  }
}

/// Admission: while the daemon is not running (before it starts, once it begins to shut down),
/// every front end's new calls get -32005.
final class AdmissionStage: CallStage {
  private let accepting = Atomic<Bool>(false)

  func admit(_ call: CallInfo) -> RPCError? {
    accepting.load(ordering: .acquiring) ? nil : .shuttingDown
  }

  func setAccepting(_ on: Bool) { accepting.store(on, ordering: .releasing) }
}

/// Counts every call in `daemon.status`: by method, errors by name, calls in flight.
struct StatsStage: CallStage {
  let stats: DaemonStats

  func answered(_ call: CallInfo, _ outcome: Result<JSONValue, RPCError>) {
    stats.served(call.statsKey, error: outcome.errorName)
  }

  func started(_ call: CallInfo) { stats.callStarted(call.statsKey) }

  func finished(_ call: CallInfo, _ outcome: Result<JSONValue, RPCError>, elapsed: Duration) {
    stats.callFinished(call.statsKey, error: outcome.errorName, elapsed: elapsed)
  }
}

/// Logs each call's end at info (`call finished`, see `CallLog.finished`), and an operation's
/// start at debug, with the same fields whichever front end it came from.
struct LoggingStage: CallStage {
  func answered(_ call: CallInfo, _ outcome: Result<JSONValue, RPCError>) {
    CallLog.finished(call, outcome, elapsed: .now - call.began)
  }

  func started(_ call: CallInfo) {
    call.logger.debug("call started")
  }

  func finished(_ call: CallInfo, _ outcome: Result<JSONValue, RPCError>, elapsed: Duration) {
    CallLog.finished(call, outcome, elapsed: elapsed)
  }
}

extension Result<JSONValue, RPCError> {
  var errorName: String? {
    if case .failure(let e) = self { return e.name }
    return nil
  }
}
