import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Synchronization

/// One call in flight on a connection: its task, its progress token, and the rule that nothing
/// follows the final reply.
final class Call: Sendable {
  let id: RPCID
  let method: String
  let progressToken: JSONValue?
  let connection: FrameConnection
  private let state = Mutex(State())

  private struct State {
    var task: Task<Void, Never>?
    var cancelRequested = false
    var begun = false
    var finished = false
  }

  init(id: RPCID, method: String, progressToken: JSONValue?, connection: FrameConnection) {
    self.id = id
    self.method = method
    self.progressToken = progressToken
    self.connection = connection
  }

  func attach(_ task: Task<Void, Never>) {
    let cancelNow = state.withLock { s in
      s.task = task
      return s.cancelRequested
    }
    if cancelNow { task.cancel() }
  }

  func cancel() {
    let task = state.withLock { s in
      s.cancelRequested = true
      return s.task
    }
    task?.cancel()
  }

  /// Sends `$/progress` (begin first, then report) unless the call has finished or no token was given.
  func progress(_ message: String) {
    guard let token = progressToken else { return }
    state.withLock { s in
      guard !s.finished else { return }
      let kind: JSONValue = s.begun ? "report" : "begin"
      s.begun = true
      connection.send(Self.progressFrame(token, kind, message))
    }
  }

  /// Sends the final reply (after an `end` progress if one was begun). Returns false if already done.
  @discardableResult
  func finish(_ outcome: Result<JSONValue, RPCError>) -> Bool {
    state.withLock { s in
      guard !s.finished else { return false }
      s.finished = true
      var out: [UInt8] = []
      if s.begun, let token = progressToken { out = Self.progressFrame(token, "end", "done") }
      FrameEncoder.append(RPCResponse(id: id, outcome: outcome), to: &out)
      connection.send(out)
      return true
    }
  }

  static func progressFrame(_ token: JSONValue, _ kind: JSONValue, _ message: String) -> [UInt8] {
    let note = RPCRequest(
      id: nil, method: "$/progress", params: ["token": token, "value": ["kind": kind, "message": .string(message)]])
    return FrameEncoder.encode(note)
  }
}
