import AliCloudAPI
import AliCloudCore
import Synchronization

/// Reading, waiting for, deleting and finding-or-creating resources, on their descriptions.
/// `scope` adds the parameters that select a resource inside its parent (the SNAT table of an
/// SNAT entry); it is sent with the Describe and the delete.
extension CloudSession {
  /// The item with `id`, and the RequestId of the Describe call; nil item when it does not exist.
  /// Failures other than NotFound are thrown as they are (for use inside waits). A read: it does
  /// not write the journal's begin record.
  func describe(_ r: Resource, _ id: String, in scope: [String: JSONValue] = [:]) async throws(AliCloudError)
    -> (item: JSONValue?, requestId: String?)
  {
    do {
      let answer = try await sendUnjournaled(r.product, r.describe, r.query(id).merging(scope) { _, s in s })
      return (r.items(in: answer).first { $0[r.idField]?.stringValue == id }, answer.text("RequestId"))
    } catch  where r.isNotFound(error) {
      return (nil, nil)
    }
  }

  /// The item with `id`, or nil when it does not exist.
  public func find(_ r: Resource, _ id: String, in scope: [String: JSONValue] = [:]) async throws(AliCloudError)
    -> JSONValue?
  {
    try await describe(r, id, in: scope).item
  }

  /// `find`, with failures becoming this input's failure (keeping `partial`).
  public func lookup(
    _ r: Resource, _ id: String, in scope: [String: JSONValue] = [:], keeping partial: [String: JSONValue] = [:]
  ) async throws(OperationFailure) -> JSONValue? {
    do { return try await find(r, id, in: scope) } catch { throw OperationFailure.cloud(error, partial: partial) }
  }

  /// The item with `id`; a failure saying it does not exist in this region when it is absent.
  public func require(_ r: Resource, _ id: String, in scope: [String: JSONValue] = [:]) async throws(OperationFailure)
    -> JSONValue
  {
    guard let item = try await lookup(r, id, in: scope) else {
      throw OperationFailure("\(r.noun) \(id) does not exist in \(region)")
    }
    return item
  }

  /// Waits until `id` is in one of `targets` (default: the kind's ready states), failing at once
  /// in one of `failOn` (default: its failed states). `seen` is an item already read: when its
  /// state is a target the wait costs no call. Returns the last item read (`seen` when no poll
  /// was needed). A failure keeps `partial` in the output, so a created resource is reported.
  @discardableResult
  public func wait(
    _ r: Resource, _ id: String, in scope: [String: JSONValue] = [:], until targets: Set<String>? = nil,
    failOn: Set<String>? = nil, from seen: JSONValue? = nil, keeping partial: [String: JSONValue] = [:]
  ) async throws(OperationFailure) -> JSONValue? {
    let targets = targets ?? r.ready
    let failOn = failOn ?? r.failed
    if targets.isEmpty { return seen }
    if let seen {
      let state = r.state(of: seen)
      if targets.contains(state) { return seen }
      if failOn.contains(state) {
        throw OperationFailure(
          "waiting for \(id) to become \(Self.either(targets)) failed: it is \(state)", partial: partial)
      }
    }
    let last = Mutex<JSONValue?>(seen)
    try await wait(
      for: id, kind: r.kind, until: targets, failOn: failOn, startingFrom: seen.map(r.state(of:)), keeping: partial
    ) {
      let item = try await self.find(r, id, in: scope)
      last.withLock { $0 = item }
      return .of(item, field: r.stateField)
    }
    return last.withLock { $0 }
  }

  /// Waits until `id` leaves the transitional `states` (e.g. `Associating`), whatever it becomes.
  public func waitWhile(
    _ r: Resource, _ id: String, in scope: [String: JSONValue] = [:], leaving states: Set<String>,
    keeping partial: [String: JSONValue] = [:]
  ) async throws(OperationFailure) {
    try await waitWhile(id, kind: r.kind, in: states, keeping: partial) {
      .of(try await self.find(r, id, in: scope), field: r.stateField)
    }
  }

  /// Waits until `id` is gone, within the kind's delete timeout.
  public func waitGone(
    _ r: Resource, _ id: String, in scope: [String: JSONValue] = [:], keeping partial: [String: JSONValue] = [:]
  ) async throws(OperationFailure) {
    try await waitGone(id, kind: r.kind, keeping: partial) { .of(try await self.find(r, id, in: scope)) }
  }

  /// Deletes `id` with the kind's delete action (retrying while dependents or a concurrent change
  /// block it), then waits until it is gone. `extra` adds parameters to the delete. An id already
  /// gone answers nothing, and so does a delete whose answer was lost when the id is gone after. The output carries the delete's `requestId`.
  public func delete(
    _ r: Resource, _ id: String, in scope: [String: JSONValue] = [:], extra: [String: JSONValue] = [:],
    waitGone: Bool = true, what: String? = nil
  ) async throws(OperationFailure) -> [String: JSONValue] {
    guard let action = r.deleteAction else { throw OperationFailure("\(r.noun) has no delete action") }
    var params = scope.merging(r.deleteExtra) { a, _ in a }.merging(extra) { _, b in b }
    params[r.idField] = .string(id)
    let answer = try await callRetryingConflicts(
      r.product, action, params, kind: r.kind, what: what ?? "deleting \(id)", idempotent: r.deleteTakesToken,
      alsoRetry: r.busy, gone: r.notFoundCodes,
      done: { () throws(OperationFailure) in
        guard let item = try await self.lookup(r, id, in: scope) else { return true }
        return ["Deleting", "Releasing"].contains(r.state(of: item))
      })
    if waitGone { try await self.waitGone(r, id, in: scope) }
    return outputs(["requestId": answer?.text("RequestId")])
  }

  /// Deletes `id` when it exists: a lookup, then `delete`. An absent one answers nothing.
  public func deleteIfPresent(
    _ r: Resource, _ id: String, in scope: [String: JSONValue] = [:], extra: [String: JSONValue] = [:],
    waitGone: Bool = true, what: String? = nil
  ) async throws(OperationFailure) -> [String: JSONValue] {
    guard try await lookup(r, id, in: scope) != nil else { return [:] }
    return try await delete(r, id, in: scope, extra: extra, waitGone: waitGone, what: what)
  }

  static func either(_ states: Set<String>) -> String { states.sorted().joined(separator: " or ") }

  /// A `DoneCheck`: whether `id` is in one of `states` now (absent counts as not done).
  public func isIn(_ r: Resource, _ id: String, _ states: Set<String>, in scope: [String: JSONValue] = [:])
    -> DoneCheck
  {
    { () throws(OperationFailure) -> Bool in
      guard let item = try await self.lookup(r, id, in: scope) else { return false }
      return states.contains(r.state(of: item))
    }
  }
}

/// What `findOrCreate` found or made.
public struct Made: Sendable {
  public var id: String
  /// The output so far: the id, the fields of the answer or item, and the `requestId`.
  public var out: [String: JSONValue]
  /// Whether this call created it (false: the input named an existing one).
  public var created: Bool
  /// The last item read (nil when the create was not followed by a wait).
  public var item: JSONValue?
}

/// How `findOrCreate` makes a resource when the input names none that exists.
public enum Creation: Sendable {
  /// One idempotent call of the action (its ClientToken the same on every retry), retrying the
  /// kind's busy codes.
  case call(_ action: String, _ params: [String: JSONValue])
  /// The operation's own steps; their answer carries the new id under the kind's id field.
  case steps(@Sendable () async throws(OperationFailure) -> JSONValue)
}

extension CloudSession {
  /// The one find-or-create path. When the input field `existing` names a resource that exists,
  /// it is used (its Describe's RequestId is the output's `requestId`); otherwise `create` makes
  /// one (its answer carries the new id under the kind's id field, and its `RequestId`). Either
  /// way the output gets the id as `output` and the `fields` of the item or answer, and the wait
  /// for `until` (default: the kind's ready states) starts from the state already seen: an
  /// existing ready resource costs one call.
  public func findOrCreate(
    _ r: Resource, existing: String, output: String, in scope: [String: JSONValue] = [:],
    until targets: Set<String>? = nil,
    fields:
      @Sendable (_ itemOrAnswer: JSONValue, _ created: Bool) async throws(OperationFailure) -> [String: JSONValue] =
      { _, _ in [:] },
    create: Creation
  ) async throws(OperationFailure) -> Made {
    var found: (id: String, item: JSONValue, requestId: String?)? = nil
    if let id = input.string(existing) {
      do {
        let d = try await describe(r, id, in: scope)
        found = d.item.map { (id, $0, d.requestId) }
      } catch {
        throw OperationFailure.cloud(error)
      }
    }
    let (id, source, requestId): (String, JSONValue, String?)
    if let found {
      (id, source, requestId) = found
    } else {
      let answer: JSONValue
      switch create {
      case .call(let action, let params):
        answer = try await call(r.product, action, params, idempotent: true, retryOn: r.busy)
      case .steps(let steps):
        answer = try await steps()
      }
      guard let new = answer.text(r.idField) else {
        throw OperationFailure("the create of a \(r.noun) answered without a \(r.idField)")
      }
      await onResource?(new)
      (id, source, requestId) = (new, answer, answer.text("RequestId"))
    }
    let created = found == nil
    var out = try await fields(source, created)
    out[output] = .string(id)
    if let requestId { out["requestId"] = .string(requestId) }
    let last = try await wait(r, id, in: scope, until: targets, from: created ? JSONValue?.none : source, keeping: out)
    return Made(id: id, out: out, created: created, item: last)
  }
}
