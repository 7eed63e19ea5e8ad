import AliCloudAPI
import AliCloudCore

/// Calls that may be refused for a while because something else still depends on the resource
/// or is still changing it (`DependencyViolation*`, `IncorrectStatus*`, `OperationConflict`, ...):
/// they are retried with backoff within the kind's delete timeout, then fail naming the blocker.
extension CloudSession {
  /// Codes that mean "not now": a dependency or a concurrent change that should clear by itself.
  public static let conflictCodes: Set<String> = [
    "DependencyViolation", "OperationConflict", "IncorrectStatus", "IncorrectVpcStatus", "IncorrectVSwitchStatus",
    "IncorrectRouteTableStatus", "IncorrectRouteEntryStatus", "IncorrectEipStatus", "IncorrectInstanceStatus",
    "TaskConflict", "LastTokenProcessing", "OperationFailed.LastTokenProcessing", "Operation.Blocking",
    "InvalidOperation.CenInstanceStatus", "InvalidOperation.ChildInstanceStatus", "OperationDenied",
    "IncorretSnatEntryStatus", "InvalidBindingStatus", "BandwidthPackageOperation.conflict",
  ]

  /// Calls `action`, retrying conflict codes (plus `alsoRetry`) until the delete timeout of
  /// `kind`. A NotFound answer gives nil when `notFoundIsGone` (already deleted). The final
  /// failure says what blocked it: AliCloud's code and message.
  ///
  /// `gone` adds codes that, for this call, say the thing is already gone (a detach of what is
  /// not attached). `done`: when an attempt may have been carried out without its answer
  /// arriving, a later failure is checked with it, and counts as a success when it says so.
  public func callRetryingConflicts(
    _ product: Product, _ action: String, _ params: [String: JSONValue], kind: WaitKind, what: String,
    idempotent: Bool = false, tokenKey: String = "", alsoRetry: Set<String> = [], notFoundIsGone: Bool = true,
    gone: Set<String> = [], keeping partial: [String: JSONValue] = [:], done: DoneCheck? = nil
  ) async throws(OperationFailure) -> JSONValue? {
    let codes = CloudSession.conflictCodes.union(alsoRetry)
    let timeout = env.waits.timeoutMs(kind, deleting: true)
    let clock = ContinuousClock()
    let start = clock.now
    var delay = env.waits.pollBaseMs
    var attempts = 0
    // Whether an earlier call may have been carried out without its answer arriving.
    var uncertain = false
    // Blocked attempts in a row whose refusal named a dependent that is not going away.
    var steady = 0
    while true {
      attempts += 1
      do {
        return try await send(product, action, params, idempotent: idempotent, tokenKey: tokenKey)
      } catch  where notFoundIsGone && (error.isNotFound || (error.kind == .service && gone.contains(error.code))) {
        return nil
      } catch  where error.kind == .service && RetryPolicy.matches(error.code, codes) {
        uncertain = uncertain || error.mayHaveApplied
        var seen = error
        seen.mayHaveApplied = uncertain
        if try await carriedOut(seen, action, params, done) { return nil }
        if RetryPolicy.matches(error.code, ["DependencyViolation"]),
          let blocker = await steadyBlocker(in: error.message, besides: Set(params.values.compactMap(\.stringValue)))
        {
          steady += 1
          if steady >= Self.steadyChecks {
            var message = "\(what) is blocked by \(blocker.noun) \(blocker.id), which is "
            message += blocker.state.isEmpty ? "still there" : blocker.state
            message += " and not being deleted: delete it first (\(error.code): \(error.message)"
            if let r = error.requestId { message += ", RequestId \(r)" }
            throw OperationFailure(message + ")", partial: partial)
          }
        } else {
          steady = 0
        }
        let elapsed = clock.now - start
        let elapsedMs = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        if elapsedMs >= timeout {
          var message = "\(what) is still blocked after \(elapsedMs) ms and \(attempts) attempts: \(error.code): "
          message += error.message
          if let r = error.requestId { message += " (RequestId \(r))" }
          throw OperationFailure(message, partial: partial)
        }
        context.progress("\(what): blocked (\(error.code)), retrying")
        do {
          try await Task.sleep(for: .milliseconds(min(delay, max(1, timeout - elapsedMs))))
        } catch {
          throw OperationFailure("cancelled while \(what) was blocked by \(error)", partial: partial)
        }
        delay = min(env.waits.pollMaxMs, max(1, delay * 3 / 2))
      } catch {
        var e = error
        e.mayHaveApplied = e.mayHaveApplied || uncertain
        if try await carriedOut(e, action, params, done) { return nil }
        throw OperationFailure.cloud(e, partial: partial)
      }
    }
  }
}
