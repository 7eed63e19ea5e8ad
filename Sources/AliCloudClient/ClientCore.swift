import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Synchronization

/// The client's receiving side: matches replies to waiting calls by id and routes `$/progress`.
final class ClientCore: FrameConnectionDelegate {
  typealias Outcome = Result<JSONValue, ClientError>

  struct Waiter {
    var continuation: CheckedContinuation<Outcome, Never>
    var progress: (@Sendable (JSONValue) -> Void)?
  }

  struct State {
    var nextID = 1
    var waiters: [Int: Waiter] = [:]
    /// Calls past their timeout whose final reply is still awaited, with the timeout.
    var timedOut: [Int: Duration] = [:]
    var closed = false
    /// The owner closed the connection (`Client.close()`): no new connection replaces it.
    var closedByOwner = false
    /// An error the daemon sent for the connection itself (`"id": null`: a refused peer, too many
    /// connections, a bad frame). Calls still waiting when the connection closes fail with it.
    var connectionError: ClientError?
    /// What a call fails with once the connection has closed.
    var closingError: ClientError { connectionError ?? .connectionClosed }
  }

  let state = Mutex(State())

  func nextID() -> Int {
    state.withLock { s in
      defer { s.nextID += 1 }
      return s.nextID
    }
  }

  /// Registers a waiter; when the connection is already closed, returns why.
  func register(_ id: Int, _ waiter: Waiter) -> ClientError? {
    state.withLock { s in
      guard !s.closed else { return s.closingError }
      s.waiters[id] = waiter
      return nil
    }
  }

  func closedByOwner() { state.withLock { $0.closedByOwner = true } }
  var isClosedByOwner: Bool { state.withLock { $0.closedByOwner } }

  /// Why the connection closed: the daemon's connection-level error, if it sent one.
  var closingError: ClientError { state.withLock { $0.closingError } }

  /// Completes a call once; later completions for the same id are ignored. A call past its
  /// timeout completes with `alicloudd.TimedOut` carrying whatever the daemon answered.
  func complete(_ id: Int, _ outcome: Outcome) {
    let (w, timeout) = state.withLock { ($0.waiters.removeValue(forKey: id), $0.timedOut.removeValue(forKey: id)) }
    guard let w else { return }
    guard let timeout else { return w.continuation.resume(returning: outcome) }
    w.continuation.resume(returning: .failure(.timedOut(timeout, reply: outcome)))
  }

  /// Marks a call as past its timeout; false when it is no longer waiting.
  func markTimedOut(_ id: Int, after timeout: Duration) -> Bool {
    state.withLock { s in
      guard s.waiters[id] != nil else { return false }
      s.timedOut[id] = timeout
      return true
    }
  }

  /// Whether any call waits for its reply.
  var hasWaiters: Bool { state.withLock { !$0.waiters.isEmpty } }

  func isWaiting(_ id: Int) -> Bool { state.withLock { $0.waiters[id] != nil } }

  func connection(_ connection: FrameConnection, didReceive body: UnsafeRawBufferPointer, replies: inout [UInt8]) {
    switch RPCMessage.decode(body) {
    case .success(.response(let r)):
      guard case .int(let id) = r.id else {
        if r.id == .null, case .failure(let e) = r.outcome {
          state.withLock { s in s.connectionError = s.connectionError ?? ClientError(e) }
        }
        return
      }
      complete(id, r.outcome.mapError(ClientError.init))
    case .success(.request(let note)) where note.method == "$/progress":
      guard let token = note.params?["token"]?.stringValue, token.hasPrefix("p"), let id = Int(token.dropFirst()),
        let value = note.params?["value"]
      else { return }
      let progress = state.withLock { $0.waiters[id]?.progress }
      progress?(value)
    default: return
    }
  }

  func connection(_ connection: FrameConnection, didFailFraming error: FrameError, replies: inout [UInt8]) {}

  func connectionDidReachEndOfInput(_ connection: FrameConnection) {
    connection.closeWhenFlushed()
  }

  func connectionDidClose(_ connection: FrameConnection) {
    let (ids, error) = state.withLock { s in
      s.closed = true
      return (Array(s.waiters.keys), s.closingError)
    }
    for id in ids { complete(id, .failure(error)) }
  }
}
