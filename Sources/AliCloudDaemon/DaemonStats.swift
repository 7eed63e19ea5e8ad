import AliCloudCore
import Foundation
import Synchronization

/// Counters reported by `daemon.status` and `/metrics`.
final class DaemonStats: Sendable {
  struct Counters {
    var connections = 0
    var connectionsByUID: [UInt32: Int] = [:]
    var connectionsAccepted = 0
    var connectionsRefused = 0
    var peersRefused = 0
    var inFlight = 0
    var callsByMethod: [String: Int] = [:]
    var errorsByName: [String: Int] = [:]
    /// Errors of calls, by method and error name (`errorsByName` also counts message-level ones).
    var errorsByMethod: [String: [String: Int]] = [:]
    /// Errors of messages that never became a call (bad frames, bad JSON-RPC), by name.
    var messageErrors: [String: Int] = [:]
    /// Operation durations, by method.
    var durations: [String: Histogram] = [:]
  }

  let started = ContinuousClock.now
  let counters = Mutex(Counters())

  /// Registers a new connection unless a cap is reached.
  func admit(uid: UInt32, max: Int, maxPerUID: Int) -> Bool {
    counters.withLock { c in
      guard c.connections < max, c.connectionsByUID[uid, default: 0] < maxPerUID else {
        c.connectionsRefused += 1
        return false
      }
      c.connections += 1
      c.connectionsAccepted += 1
      c.connectionsByUID[uid, default: 0] += 1
      return true
    }
  }

  func release(uid: UInt32) {
    counters.withLock { c in
      c.connections -= 1
      c.connectionsByUID[uid, default: 1] -= 1
      if c.connectionsByUID[uid] == 0 { c.connectionsByUID[uid] = nil }
    }
  }

  func callStarted(_ method: String) {
    counters.withLock { c in
      c.inFlight += 1
      c.callsByMethod[method, default: 0] += 1
    }
  }

  func callFinished(_ method: String, error: String?, elapsed: Duration) {
    counters.withLock { c in
      c.inFlight -= 1
      c.durations[method, default: Histogram()].observe(elapsed.seconds)
      if let error {
        c.errorsByName[error, default: 0] += 1
        c.errorsByMethod[method, default: [:]][error, default: 0] += 1
      }
    }
  }

  /// A call answered at once (never in flight).
  func served(_ method: String, error: String?) {
    counters.withLock { c in
      c.callsByMethod[method, default: 0] += 1
      if let error {
        c.errorsByName[error, default: 0] += 1
        c.errorsByMethod[method, default: [:]][error, default: 0] += 1
      }
    }
  }

  /// An error answered to a message that never became a call.
  func error(_ name: String) {
    counters.withLock { c in
      c.errorsByName[name, default: 0] += 1
      c.messageErrors[name, default: 0] += 1
    }
  }

  var inFlight: Int { counters.withLock { $0.inFlight } }

  /// The daemon's own metric families (calls, errors, durations, connections).
  func write(to out: inout MetricsText) {
    let c = counters.withLock { $0 }
    out.gauge(
      "alicloudd_build_info", "The daemon's version and protocol version (always 1).",
      [([("version", Version.product), ("protocol", Version.protocolVersion)], 1)])
    out.gauge("alicloudd_uptime_seconds", "Seconds since the daemon started.", (ContinuousClock.now - started).seconds)
    out.counter(
      "alicloudd_calls_total", "Calls, by method (an operation's name, a service method, or (unknown)).",
      c.callsByMethod.map { ([("method", $0.key)], Double($0.value)) })
    out.counter(
      "alicloudd_call_errors_total", "Calls answered with an error, by method and error name.",
      c.errorsByMethod.flatMap { method, byName in
        byName.map { ([("method", method), ("error", $0.key)], Double($0.value)) }
      })
    out.counter(
      "alicloudd_message_errors_total",
      "Messages answered with an error before they became a call (bad frames, bad JSON-RPC), by error name.",
      c.messageErrors.map { ([("error", $0.key)], Double($0.value)) })
    out.histogram(
      "alicloudd_call_duration_seconds", "How long operations took, by method.",
      c.durations.map { ([("method", $0.key)], $0.value) })
    out.gauge("alicloudd_calls_in_flight", "Operations running now.", Double(c.inFlight))
    out.gauge("alicloudd_connections", "Client connections open on the Unix socket.", Double(c.connections))
    out.counter(
      "alicloudd_connections_accepted_total", "Client connections accepted on the Unix socket.",
      Double(c.connectionsAccepted))
    out.counter(
      "alicloudd_connections_refused_total",
      "Client connections refused: for a connection limit (limit) or an unauthorized peer (peer).",
      [([("reason", "limit")], Double(c.connectionsRefused)), ([("reason", "peer")], Double(c.peersRefused))])
  }

  func snapshot() -> JSONValue {
    let c = counters.withLock { $0 }
    let uptime = ContinuousClock.now - started
    let seconds = Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18
    return [
      "version": .string(Version.build),
      "commit": .string(Version.commit ?? "unknown"),
      "protocolVersion": .string(Version.protocolVersion),
      "pid": .int(Int(ProcessInfo.processInfo.processIdentifier)),
      "uptimeSeconds": .double((seconds * 1000).rounded() / 1000),
      "connections": .int(c.connections),
      "connectionsAccepted": .int(c.connectionsAccepted),
      "peersRefused": .int(c.peersRefused),
      "connectionsRefused": .int(c.connectionsRefused),
      "inFlight": .int(c.inFlight),
      "calls": .object(c.callsByMethod.mapValues { .int($0) }),
      "errors": .object(c.errorsByName.mapValues { .int($0) }),
    ]
  }
}
