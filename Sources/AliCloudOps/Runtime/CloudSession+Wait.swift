import AliCloudAPI
import AliCloudCore
import Synchronization

/// Waiting for resources on the shared Waiter, reporting every observed state change through
/// the call's progress as `<id>: <old> -> <new>`.
extension CloudSession {
  public typealias Read = @Sendable () async throws -> Observation

  /// Waits until `id` (a resource of `kind`, e.g. `vpc`) reaches one of `targets`. A failure keeps
  /// `partial` in the output, so a created resource is always reported. `startingFrom` is the
  /// state already seen, so progress reports the change from it.
  public func wait(
    for id: String, kind: WaitKind, until targets: Set<String>, failOn: Set<String> = [],
    startingFrom seen: String? = nil, keeping partial: [String: JSONValue] = [:], read: @escaping Read
  ) async throws(OperationFailure) {
    let spec = WaitSpec(
      resource: id, targets: targets, failOn: failOn, timeoutMs: env.waits.timeoutMs(kind),
      pollBaseMs: env.waits.pollBaseMs, pollMaxMs: env.waits.pollMaxMs)
    try await run(spec, goal: "become \(targets.sorted().joined(separator: " or "))", partial, read, seen: seen)
  }

  /// Waits until `id` is gone (NotFound), within the delete timeout of `kind`.
  public func waitGone(
    _ id: String, kind: WaitKind, keeping partial: [String: JSONValue] = [:], read: @escaping Read
  ) async throws(OperationFailure) {
    var spec = WaitSpec.deletion(resource: id, timeoutMs: env.waits.timeoutMs(kind, deleting: true))
    spec.pollBaseMs = env.waits.pollBaseMs
    spec.pollMaxMs = env.waits.pollMaxMs
    try await run(spec, goal: "be deleted", partial, read)
  }

  /// Waits until `id` leaves the transitional `states` (e.g. `Associating`), whatever it becomes.
  public func waitWhile(
    _ id: String, kind: WaitKind, in states: Set<String>, keeping partial: [String: JSONValue] = [:],
    read: @escaping Read
  ) async throws(OperationFailure) {
    // The Waiter waits for target states; every state outside `states` counts as one target,
    // reported under its real name.
    let lastReal = Mutex<String>("")
    let settled: Read = {
      let seen = try await read()
      if case .state(let s) = seen, !states.contains(s) {
        lastReal.withLock { $0 = s }
        return .state(CloudSession.settledState)
      }
      return seen
    }
    let spec = WaitSpec(
      resource: id, targets: [CloudSession.settledState], timeoutMs: env.waits.timeoutMs(kind),
      pollBaseMs: env.waits.pollBaseMs, pollMaxMs: env.waits.pollMaxMs)
    try await run(spec, goal: "leave \(states.sorted().joined(separator: "/"))", partial, settled) {
      $0 == CloudSession.settledState ? lastReal.withLock { $0 } : $0
    }
  }

  static let settledState = "\u{1}settled"

  private func run(
    _ spec: WaitSpec, goal: String, _ partial: [String: JSONValue], _ read: @escaping Read, seen: String? = nil,
    name: @escaping @Sendable (String) -> String = { $0 }
  ) async throws(OperationFailure) {
    let progress = context.progress
    let id = spec.resource
    do {
      _ = try await Waiter.wait(
        spec,
        onTransition: { old, new in
          let now = name(new)
          switch old ?? seen {
          case let before? where before != now: progress("\(id): \(name(before)) -> \(now)")
          case .some: break
          case nil: progress("\(id): \(now)")
          }
        }, read: read)
    } catch {
      switch error.kind {
      case .cancelled:
        throw OperationFailure("cancelled while waiting for \(id) to \(goal)", partial: partial)
      case .waitFailed:
        throw OperationFailure("waiting for \(id) to \(goal) failed: \(error.message)", partial: partial)
      default:
        throw OperationFailure.cloud(error, partial: partial)
      }
    }
  }
}

/// Reading a resource's state from a Describe answer.
extension Observation {
  /// `.state(item[field])` for a found item, `.notFound` for nil.
  public static func of(_ item: JSONValue?, field: String = "Status") -> Observation {
    guard let item else { return .notFound }
    return .state(item[field]?.stringValue ?? "")
  }
}
