/// What one poll of a resource saw.
public enum Observation: Sendable, Equatable {
  case state(String)
  case notFound
}

/// How to wait for a resource: target states, states that fail at once, polling with backoff,
/// a timeout, NotFound handling.
public struct WaitSpec: Sendable {
  /// For messages, e.g. `VPC vpc-123`.
  public var resource: String
  /// Done when the state is one of these.
  public var targets: Set<String>
  /// Fail at once when the state is one of these.
  public var failOn: Set<String>
  /// NotFound means done (waiting for a delete).
  public var notFoundIsSuccess: Bool
  /// NotFound reads tolerated in a row before failing (eventual consistency after a create).
  public var notFoundTolerance: Int
  /// Target state seen this many times in a row before done (for states known to flap).
  public var confirmations: Int
  /// Reads whose answers were lost (connection failures, timeouts, answers to a replay; after
  /// the call's own retries) tolerated in a row.
  public var errorTolerance: Int
  public var timeoutMs: Int
  public var initialDelayMs: Int
  public var pollBaseMs: Int
  public var pollMaxMs: Int

  public init(
    resource: String, targets: Set<String>, failOn: Set<String> = [], notFoundIsSuccess: Bool = false,
    notFoundTolerance: Int = 5, confirmations: Int = 1, errorTolerance: Int = 3, timeoutMs: Int = 600_000,
    initialDelayMs: Int = 0,
    pollBaseMs: Int = 3_000, pollMaxMs: Int = 15_000
  ) {
    self.resource = resource
    self.targets = targets
    self.failOn = failOn
    self.notFoundIsSuccess = notFoundIsSuccess
    self.notFoundTolerance = notFoundTolerance
    self.confirmations = max(1, confirmations)
    self.errorTolerance = max(0, errorTolerance)
    self.timeoutMs = timeoutMs
    self.initialDelayMs = initialDelayMs
    self.pollBaseMs = pollBaseMs
    self.pollMaxMs = pollMaxMs
  }

  /// Waiting for a resource to be gone: NotFound is success.
  public static func deletion(resource: String, timeoutMs: Int = 300_000, pollBaseMs: Int = 2_000) -> WaitSpec {
    WaitSpec(
      resource: resource, targets: [], notFoundIsSuccess: true, timeoutMs: timeoutMs, pollBaseMs: pollBaseMs)
  }
}

/// The end of a successful wait.
public struct WaitOutcome: Sendable, Equatable {
  /// The last observation: the target state, or `.notFound` for a deletion.
  public var final: Observation
  public var polls: Int
  public var elapsedMs: Int
}

/// The shared waiter.
public enum Waiter {
  /// Polls `read` until the spec is met. Reports each change of state through `onTransition`
  /// (old state or nil, new state; NotFound is reported as `"NotFound"`). Errors from `read`
  /// that say NotFound count as `.notFound`; a read whose answer was lost (`RetryPolicy.mayHaveApplied`,
  /// its call's own retries used up) is a poll without news, up to
  /// `errorTolerance` in a row; other errors, service errors included, end the wait. Cancelling the task ends
  /// the wait with a `.cancelled` error.
  public static func wait(
    _ spec: WaitSpec, onTransition: @Sendable (String?, String) -> Void = { _, _ in },
    read: @Sendable () async throws -> Observation
  ) async throws(AliCloudError) -> WaitOutcome {
    let clock = ContinuousClock()
    let start = clock.now
    func elapsedMs() -> Int {
      let d = clock.now - start
      return Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }
    var last: String? = nil
    var polls = 0
    var notFoundRun = 0
    var confirmRun = 0
    var delay = spec.pollBaseMs
    var lastError: AliCloudError? = nil
    var errorRun = 0
    if spec.initialDelayMs > 0 { try await sleep(ms: min(spec.initialDelayMs, spec.timeoutMs)) }
    while true {
      if Task.isCancelled { throw cancelled(spec) }
      let seen: Observation?
      do {
        seen = try await read()
      } catch let e as AliCloudError where e.isNotFound {
        seen = .notFound
      } catch let e as AliCloudError
        where e.retryable && RetryPolicy.mayHaveApplied(e) && errorRun < spec.errorTolerance
      {
        seen = nil
        lastError = e
      } catch let e as AliCloudError {
        throw e
      } catch is CancellationError {
        throw cancelled(spec)
      } catch {
        throw AliCloudError(kind: .waitFailed, code: "WaitFailed", message: "\(spec.resource): \(error)")
      }
      polls += 1
      errorRun = seen == nil ? errorRun + 1 : 0
      if let seen {
        let name: String
        switch seen {
        case .state(let s): name = s
        case .notFound: name = "NotFound"
        }
        if name != last {
          onTransition(last, name)
          last = name
        }
        switch seen {
        case .notFound:
          confirmRun = 0
          if spec.notFoundIsSuccess { return WaitOutcome(final: .notFound, polls: polls, elapsedMs: elapsedMs()) }
          notFoundRun += 1
          if notFoundRun > spec.notFoundTolerance {
            throw AliCloudError(
              kind: .waitFailed, code: "ResourceNotFound",
              message: "\(spec.resource) was not found \(notFoundRun) times in a row after \(elapsedMs()) ms")
          }
        case .state(let s):
          notFoundRun = 0
          if spec.targets.contains(s) {
            confirmRun += 1
            if confirmRun >= spec.confirmations {
              return WaitOutcome(final: seen, polls: polls, elapsedMs: elapsedMs())
            }
          } else {
            confirmRun = 0
          }
          if spec.failOn.contains(s) {
            throw AliCloudError(
              kind: .waitFailed, code: "UnexpectedState",
              message:
                "\(spec.resource) entered state \(s) while waiting for \(describe(spec)) (after \(elapsedMs()) ms)"
            )
          }
        }
      }
      let elapsed = elapsedMs()
      if elapsed >= spec.timeoutMs {
        throw AliCloudError(
          kind: .waitFailed, code: "WaitTimeout",
          message:
            "\(spec.resource) did not reach \(describe(spec)) within \(spec.timeoutMs) ms; last state \(last ?? "none") after \(elapsed) ms and \(polls) polls"
            + (lastError.map { "; the last failed read: \($0)" } ?? "")
        )
      }
      try await sleep(ms: min(delay, spec.timeoutMs - elapsed))
      delay = min(spec.pollMaxMs, max(1, delay * 3 / 2))
    }
  }

  static func describe(_ spec: WaitSpec) -> String {
    spec.notFoundIsSuccess && spec.targets.isEmpty ? "deletion" : spec.targets.sorted().joined(separator: " or ")
  }

  static func cancelled(_ spec: WaitSpec) -> AliCloudError {
    AliCloudError(kind: .cancelled, code: "Cancelled", message: "waiting for \(spec.resource) was cancelled")
  }

  static func sleep(ms: Int) async throws(AliCloudError) {
    guard ms > 0 else { return }
    do {
      try await Task.sleep(for: .milliseconds(ms))
    } catch {
      throw AliCloudError(kind: .cancelled, code: "Cancelled", message: "cancelled while waiting")
    }
  }
}
