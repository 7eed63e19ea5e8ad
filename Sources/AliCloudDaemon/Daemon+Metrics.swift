import AliCloudCore
import AliCloudJournal
import Foundation
import Glibc

extension Daemon {
  /// `/metrics`: the Prometheus text exposition (format 0.0.4) of the daemon's counters, the API
  /// client's, the journal's and other front ends'. The same counters `daemon.status` reports.
  public func metricsText() -> String {
    var out = MetricsText()
    stats.write(to: &out)
    if let client = configuration.operations?.client {
      client.metrics.write(to: &out)
      client.limiter.write(to: &out)
    }
    if let journal = configuration.operations?.mutations?.journal {
      out.gauge(
        "alicloudd_journal_entries_pending",
        "Mutations whose outcome the daemon does not know (daemon.pending); re-sending each completes it.",
        Double(journal.unfinished.count))
      out.gauge("alicloudd_journal_entries", "Entries in the mutation journal.", Double(journal.count))
      out.gauge(
        "alicloudd_journal_writable", "1 when the mutation journal can record mutations, else 0.",
        Self.journalProblem(journal) == nil ? 1 : 0)
    }
    for source in state.withLock({ $0.metricsSources }) { source(&out) }
    return out.text
  }

  /// Adds metric families to `/metrics` (other front ends use it).
  public func addMetrics(_ source: @escaping @Sendable (inout MetricsText) -> Void) {
    state.withLock { $0.metricsSources.append(source) }
  }

  /// `/healthz`: ready when the socket is listening and the mutation journal (when there is
  /// one) can be written; the body says what was checked.
  public func health() -> (ready: Bool, body: JSONValue) {
    let (listening, phase) = state.withLock { s in (s.listener != nil && s.phase == .running, s.phase) }
    var ready = listening
    var body: [String: JSONValue] = [
      "socket": listening ? "listening" : .string(phase == .idle ? "not started" : "shutting down")
    ]
    if let journal = configuration.operations?.mutations?.journal {
      if let problem = Self.journalProblem(journal) {
        ready = false
        body["journal"] = .string("not writable: \(problem)")
      } else {
        body["journal"] = journal.path == nil ? "memory" : "writable"
      }
    } else {
      body["journal"] = "none"
    }
    body["status"] = ready ? "ready" : "unavailable"
    return (ready, .object(body))
  }

  /// Why the journal cannot record mutations now, or nil: its last error, else its file or
  /// directory refusing writes.
  static func journalProblem(_ journal: MutationJournal) -> String? {
    if let p = journal.problem { return p.description }
    guard let path = journal.path else { return nil }
    let target = FileManager.default.fileExists(atPath: path) ? path : (path as NSString).deletingLastPathComponent
    guard access(target, W_OK) == 0 else { return "\(target): \(String(cString: strerror(errno)))" }
    return nil
  }
}
