import AliCloudCore
import Foundation
import Synchronization

/// Counters reported by `daemon.status`.
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

  func callFinished(error: String?) {
    counters.withLock { c in
      c.inFlight -= 1
      if let error { c.errorsByName[error, default: 0] += 1 }
    }
  }

  /// A call answered at once (never in flight).
  func served(_ method: String, error: String?) {
    counters.withLock { c in
      c.callsByMethod[method, default: 0] += 1
      if let error { c.errorsByName[error, default: 0] += 1 }
    }
  }

  func error(_ name: String) {
    counters.withLock { $0.errorsByName[name, default: 0] += 1 }
  }

  var inFlight: Int { counters.withLock { $0.inFlight } }

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
