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
  /// The batch this call's response goes into, when it came in one.
  let batch: BatchReply?
  // Two locks on purpose: `reply` is held while frames are handed to the connection (so progress
  // never follows the final reply), and a failed send may close the connection, which cancels every
  // call on it; cancelling takes only `control`, so it can never re-enter the lock held by the sender.
  private let control = Mutex(Control())
  private let reply = Mutex(Reply())

  private struct Control {
    var task: Task<Void, Never>?
    var cancelRequested = false
  }

  private struct Reply {
    var begun = false
    var finished = false
    /// Inputs with their output so far, of how many; sent with every progress value.
    var inputs: (done: Int, total: Int)?
  }

  init(id: RPCID, method: String, progressToken: JSONValue?, connection: FrameConnection, batch: BatchReply? = nil) {
    self.id = id
    self.method = method
    self.progressToken = progressToken
    self.connection = connection
    self.batch = batch
  }

  func attach(_ task: Task<Void, Never>) {
    let cancelNow = control.withLock { s in
      s.task = task
      return s.cancelRequested
    }
    if cancelNow { task.cancel() }
  }

  func cancel() {
    let task = control.withLock { s in
      s.cancelRequested = true
      return s.task
    }
    task?.cancel()
  }

  /// Sends `$/progress` (begin first, then report) unless the call has finished or no token was given.
  func progress(_ message: String) {
    guard let token = progressToken else { return }
    reply.withLock { s in
      guard !s.finished else { return }
      let kind: JSONValue = s.begun ? "report" : "begin"
      s.begun = true
      connection.send(Self.progressFrame(token, kind, message, inputs: s.inputs))
    }
  }

  /// Records how many inputs have their output and reports it as progress.
  func inputsDone(_ done: Int, _ total: Int) {
    guard progressToken != nil else { return }
    reply.withLock { $0.inputs = (done, total) }
    progress("\(done) of \(total) input" + (total == 1 ? "" : "s") + " done")
  }

  /// Sends the final reply (after an `end` progress if one was begun). Returns false if already done.
  @discardableResult
  func finish(_ outcome: Result<JSONValue, RPCError>) -> Bool {
    reply.withLock { s in
      guard !s.finished else { return false }
      s.finished = true
      var out: [UInt8] = []
      if s.begun, let token = progressToken { out = Self.progressFrame(token, "end", "done") }
      if let batch {
        if let frame = batch.add(RPCResponse(id: id, outcome: outcome)) { out += frame }
        if !out.isEmpty { connection.send(out) }
      } else {
        FrameEncoder.appendReply(RPCResponse(id: id, outcome: outcome), to: &out)
        connection.send(out)
      }
      return true
    }
  }

  static func progressFrame(
    _ token: JSONValue, _ kind: JSONValue, _ message: String, inputs: (done: Int, total: Int)? = nil
  ) -> [UInt8] {
    var value: [String: JSONValue] = ["kind": kind, "message": .string(message)]
    if let inputs, inputs.total > 0 {
      value["inputsDone"] = .int(inputs.done)
      value["inputs"] = .int(inputs.total)
      value["percentage"] = .int(inputs.done * 100 / inputs.total)
    }
    let note = RPCRequest(id: nil, method: "$/progress", params: ["token": token, "value": .object(value)])
    return FrameEncoder.encode(note)
  }
}
