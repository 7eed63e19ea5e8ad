import AliCloudCatalog
import AliCloudCore
import AliCloudJournal
import AliCloudSigning
import Foundation
import Synchronization

/// Makes a re-sent input the same mutation as the first (docs/operations.md, "Re-sending").
///
/// An input's identity is its operation, guid, canonical input (secrets and the fields that do not
/// reach the cloud left out), region and access key id. Its journal entry, on disk before the
/// first cloud call, seeds its ClientTokens, so a re-send after a timeout, a lost answer or a
/// daemon restart sends the same tokens and AliCloud answers with the same resource. A create
/// that finished within the journal's window answers its recorded outputs; an identical input
/// that arrives while the first runs joins it (one set of cloud calls, every caller answered).
public final class Mutations: Sendable {
  public let journal: MutationJournal
  private let running = Mutex<[JournalKey: Shared]>([:])

  public init(journal: MutationJournal) { self.journal = journal }

  /// Fields of an input that never reach the cloud, so they do not make a call a new mutation.
  static let ignoredFields: Set<String> = ["callbackParameter", "requestId", "operator", "progressToken"]

  /// An input's fields as compared between calls: sorted JSON, secrets and ignored fields left out.
  static func canonical(_ input: [String: JSONValue]) -> String {
    var fields = input
    for f in ignoredFields { fields[f] = nil }
    return Redaction.redact(.object(fields)).jsonString()
  }

  /// An input's place among a call's inputs: its canonical fields and how many identical inputs
  /// come before it. Identical inputs in one call are distinct mutations (the guide's batch of two
  /// EIP allocations makes two), and a re-send of the call pairs each with its own.
  public struct Occurrence: Sendable {
    public let canonical: String
    public let index: Int
  }

  /// Each input's `Occurrence`, in input order.
  public static func occurrences(_ params: JSONValue) -> [Occurrence] {
    var seen: [String: Int] = [:]
    return (params["inputs"]?.arrayValue ?? []).map { input in
      let c = canonical(input.objectValue ?? [:])
      defer { seen[c, default: 0] += 1 }
      return Occurrence(canonical: c, index: seen[c, default: 0])
    }
  }

  /// The key of `session`'s input for `spec` at `occurrence` (nil: the first of its kind).
  public static func key(_ spec: OperationSpec, _ session: CloudSession, occurrence: Occurrence? = nil) -> JournalKey {
    var material = occurrence?.canonical ?? canonical(session.input.fields)
    if let n = occurrence?.index, n > 0 { material += "#\(n)" }
    return JournalKey(
      operation: spec.method, guid: session.input.guid, digest: String(Digest.sha256Hex(material).prefix(32)),
      region: session.region, accessKeyId: session.credential.accessKeyId)
  }

  /// Runs `body` for `session` as one mutation: joined with an identical one in flight,
  /// answered from the journal when it already finished, resumed when it did not.
  public func run(
    _ spec: OperationSpec, _ session: CloudSession, occurrence: Occurrence? = nil, _ body: @escaping SessionBody
  ) async throws -> [String: JSONValue] {
    let key = Self.key(spec, session, occurrence: occurrence)
    let waiter = Shared.nextWaiter.add(1, ordering: .relaxed).newValue
    var joined: (shared: Shared, started: Bool)
    while true {
      joined = running.withLock { (map: inout [JournalKey: Shared]) -> (Shared, Bool) in
        if let s = map[key] { return (s, false) }
        let s = Shared()
        map[key] = s
        return (s, true)
      }
      // A mutation being cancelled (its callers gave up) is not joined: once it has stopped,
      // this call continues it from the journal.
      guard !joined.started, joined.shared.isCancelling else { break }
      await joined.shared.settled()
    }
    let (shared, started) = joined
    if started {
      // Where the caller runs (its connection's event loop, say): the mutation's own task
      // prefers the same executor.
      let executor = withUnsafeCurrentTask { $0?.unownedTaskExecutor?.asTaskExecutor() }
      let task = Task(executorPreference: executor) { [self] in
        let result: Result<[String: JSONValue], any Error>
        do {
          result = .success(try await perform(spec, key, session, body))
        } catch {
          result = .failure(error)
        }
        running.withLock { $0[key] = nil }
        shared.finish(result)
      }
      shared.attach(task)
    } else {
      session.context.logger.info(
        "joined an identical input in flight", ["operation": spec.method, "guid": session.input.guid])
    }
    return try await withTaskCancellationHandler {
      try await shared.wait(waiter)
    } onCancel: {
      shared.leave(waiter)
    }
  }

  private func perform(
    _ spec: OperationSpec, _ key: JournalKey, _ session: CloudSession, _ body: SessionBody
  ) async throws -> [String: JSONValue] {
    let log = session.context.logger
    let fields = ["operation": spec.method, "guid": key.guid]
    let previous = journal.entry(for: key)
    if spec.effect == .create, let previous, case .succeeded(let outputs) = previous.outcome {
      log.info("answered from the journal: this create already finished", fields)
      return outputs.objectValue ?? [:]
    }
    let entry: JournalEntry
    if let previous {
      entry = previous
      log.info("resuming an earlier mutation with its ClientTokens", fields.merging(["entry": entry.id]) { a, _ in a })
    } else {
      if let other = journal.others(like: key).first {
        log.notice(
          "a guid sent again with other parameters: a new mutation, not a re-send",
          fields.merging(["earlier": other.id, "earlierResource": other.resourceId ?? ""]) { a, _ in a })
      }
      entry = journal.reserve(key)
    }
    // The begin record is on disk before the first call that may change the cloud (reads of the
    // resources the input names come first, see JournalSlot).
    let slot = JournalSlot(begun: previous != nil, journal: journal) { [journal] () throws(JournalError) in
      try journal.begin(entry)
    }
    let journaled = session.journaled(entry.id, slot: slot) { [journal] id in
      do throws(JournalError) {
        try await journal.offDisk { () throws(JournalError) in try journal.noteResource(entry.id, id) }
      } catch {
        log.warning("could not record a resource id in the journal", ["error": error.description, "resource": id])
      }
    }
    let refused = { () -> OperationFailure? in
      guard let failure = slot.failure else { return nil }
      log.error("mutation refused: the journal cannot be written", ["error": failure.description])
      return OperationFailure(failure.description)
    }
    do {
      let out = try await body(journaled)
      if let refusal = refused() { throw refusal }
      // Flushed records are written off this thread; a create that sent nothing writes its
      // unflushed records here.
      await record(log, offDisk: slot.begun || spec.effect == .delete) { [journal] () throws(JournalError) in
        switch spec.effect {
        case .create:
          if slot.begun {
            try journal.finish(entry.id, .succeeded(.object(out)))
          } else {
            try journal.finishUnsent(entry, .succeeded(.object(out)))
          }
        case .change, .read: if slot.begun { try journal.forget(entry.id) }
        case .delete:
          if slot.begun { try journal.forget(entry.id) }
          let named = Set(session.input.fields.compactMap { $0.value.stringValue }.filter { !$0.isEmpty })
          try journal.forget(guid: key.guid, resources: named)
        }
      }
      return out
    } catch let failure as OperationFailure where !failure.uncertain && !Task.isCancelled {
      if let refusal = refused() { throw refusal }
      // A definite failure: a re-send is a new attempt (with the same tokens for a create).
      await record(log, offDisk: slot.begun) { [journal] () throws(JournalError) in
        switch (spec.effect, slot.begun) {
        case (.create, true): try journal.finish(entry.id, .failed(failure.message))
        case (.create, false): try journal.finishUnsent(entry, .failed(failure.message))
        case (_, true): try journal.forget(entry.id)
        case (_, false): break
        }
      }
      throw failure
    } catch {
      if let refusal = refused() { throw refusal }
      throw error
    }
    // Cancelled, or an outcome the cloud left unknown: the entry stays unfinished (when a call
    // that may change the cloud was sent), shown as pending, and a re-send continues it with the
    // same tokens.
  }

  private func record(
    _ log: Logger, offDisk: Bool, _ write: @escaping @Sendable () throws(JournalError) -> Void
  ) async {
    do throws(JournalError) {
      if offDisk { try await journal.offDisk(write) } else { try write() }
    } catch {
      log.warning("could not record an outcome in the journal", ["error": error.description])
    }
  }
}

/// One mutation in flight and the callers waiting for it.
final class Shared: Sendable {
  private typealias Waiter = CheckedContinuation<[String: JSONValue], any Error>
  private struct State {
    var result: Result<[String: JSONValue], any Error>?
    var waiters: [UInt64: Waiter] = [:]
    var task: Task<Void, Never>?
    /// The last caller gave up: the mutation is being cancelled.
    var cancelRequested = false
    /// Calls waiting for a cancelled mutation to stop before they continue it.
    var observers: [CheckedContinuation<Void, Never>] = []

    /// The task to cancel now (nil before it is attached: `attach` cancels it then).
    mutating func cancellation() -> Task<Void, Never>? {
      cancelRequested = true
      return task
    }
  }
  private let state = Mutex(State())

  /// Names each waiting caller (a counter: no random draw per call).
  static let nextWaiter = Atomic<UInt64>(0)

  /// What a caller gets that gives up while an identical call still waits for the mutation.
  static let leftToOthers = OperationFailure(
    "cancelled: an identical call in flight carries on with this input; re-send it to get its outputs")

  /// Whether the mutation was cancelled and has not stopped yet.
  var isCancelling: Bool { state.withLock { $0.cancelRequested && $0.result == nil } }

  /// Returns once the mutation has stopped, whatever its outcome.
  func settled() async {
    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
      let done = state.withLock { s -> Bool in
        if s.result != nil { return true }
        s.observers.append(c)
        return false
      }
      if done { c.resume() }
    }
  }

  func attach(_ task: Task<Void, Never>) {
    let cancel = state.withLock { s -> Bool in
      s.task = task
      return s.cancelRequested && s.result == nil
    }
    if cancel { task.cancel() }
  }

  func wait(_ id: UInt64) async throws -> [String: JSONValue] {
    try await withCheckedThrowingContinuation { (c: Waiter) in
      let (ready, cancel) = state.withLock { s -> (Result<[String: JSONValue], any Error>?, Task<Void, Never>?) in
        if let r = s.result { return (r, nil) }
        if Task.isCancelled && !s.waiters.isEmpty { return (.failure(Self.leftToOthers), nil) }
        s.waiters[id] = c
        // Cancelled before it could wait, and no one else waits: cancel the mutation, whose
        // answer (naming what it already made) this caller then gets.
        return (nil, Task.isCancelled ? s.cancellation() : nil)
      }
      cancel?.cancel()
      if let ready { c.resume(with: ready) }
    }
  }

  /// A caller gave up. The last one cancels the mutation and gets its answer (which names what
  /// it already made); one that leaves others waiting is answered at once.
  func leave(_ id: UInt64) {
    let (c, task) = state.withLock { s -> (Waiter?, Task<Void, Never>?) in
      guard s.result == nil, s.waiters[id] != nil else { return (nil, nil) }
      if s.waiters.count == 1 { return (nil, s.cancellation()) }
      return (s.waiters.removeValue(forKey: id), nil)
    }
    c?.resume(throwing: Self.leftToOthers)
    task?.cancel()
  }

  func finish(_ result: Result<[String: JSONValue], any Error>) {
    let (waiters, observers) = state.withLock { s -> ([Waiter], [CheckedContinuation<Void, Never>]) in
      s.result = result
      defer {
        s.waiters = [:]
        s.observers = []
      }
      return (Array(s.waiters.values), s.observers)
    }
    for w in waiters { w.resume(with: result) }
    for o in observers { o.resume() }
  }
}
