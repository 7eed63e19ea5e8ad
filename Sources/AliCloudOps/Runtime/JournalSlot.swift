import AliCloudAPI
import AliCloudJournal
import Synchronization

/// When a mutation's journal entry is written. Its id is known from the start (it seeds the
/// ClientTokens and generated passwords); the durable begin record is written before the first
/// cloud call that may change anything, so an input that only reads (a create that finds the
/// resource its input names) never waits for the disk. Reads of a resource kind
/// (`CloudSession.describe`) come before it; every other call waits for it.
final class JournalSlot: Sendable {
  private struct State {
    var begun: Bool
    var failure: JournalError?
  }
  private let state: Mutex<State>
  private let journal: MutationJournal
  private let write: @Sendable () throws(JournalError) -> Void

  /// `begun`: the entry is already on disk (a resumed mutation). `write` runs on the journal's
  /// writer thread (`MutationJournal.offDisk`).
  init(begun: Bool, journal: MutationJournal, write: @escaping @Sendable () throws(JournalError) -> Void) {
    state = Mutex(State(begun: begun))
    self.journal = journal
    self.write = write
  }

  /// Whether the begin record was written.
  var begun: Bool { state.withLock { $0.begun } }

  /// Why the begin record could not be written, once it could not.
  var failure: JournalError? { state.withLock { $0.failure } }

  /// Writes the begin record unless it is already on disk, off the caller's thread. A journal that
  /// cannot be written stops the call (and every later one of this input), which `Mutations`
  /// answers as a refusal.
  func ensureBegun() async throws(AliCloudError) {
    let settled = state.withLock { s -> JournalError?? in
      if s.begun { return .some(nil) }
      if let f = s.failure { return .some(f) }
      return nil
    }
    let failed: JournalError?
    if let settled {
      failed = settled
    } else {
      failed = (try? await journal.offDisk { self.beginNow() }) ?? nil
    }
    if let failed {
      throw AliCloudError(kind: .invalidRequest, code: "JournalUnwritable", message: failed.description)
    }
  }

  /// On the writer thread: the begin record, written once.
  private func beginNow() -> JournalError? {
    state.withLock { s -> JournalError? in
      if s.begun { return nil }
      if let f = s.failure { return f }
      do throws(JournalError) {
        try write()
        s.begun = true
        return nil
      } catch {
        s.failure = error
        return error
      }
    }
  }
}
