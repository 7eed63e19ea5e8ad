import AliCloudCore
import AliCloudWire
import Synchronization

/// The reply to a JSON-RPC 2.0 batch: one array frame holding a response for every member that
/// asked for one (requests with an id, and invalid members), in the order they finish, sent once
/// the last one is in. A batch of notifications only gets no reply.
final class BatchReply: Sendable {
  private let state: Mutex<(expected: Int, responses: [RPCResponse])>

  init(expected: Int) { state = Mutex((expected, [])) }

  /// Adds one member's response; the last one gives the batch's frame, for the caller to send.
  func add(_ response: RPCResponse) -> [UInt8]? {
    let done = state.withLock { s -> [RPCResponse]? in
      s.responses.append(response)
      return s.responses.count == s.expected ? s.responses : nil
    }
    return done.map(Self.frame)
  }

  /// One frame with the array, unless its body would pass what every client reads: then each
  /// member's own error says the reply was too large.
  static func frame(_ responses: [RPCResponse]) -> [UInt8] {
    var out: [UInt8] = []
    let length = FrameEncoder.append(responses, to: &out)
    guard length > FrameLimits.hardCeiling else { return out }
    let errors = responses.map {
      RPCResponse(id: $0.id, error: .replyTooLarge(length: length, max: FrameLimits.hardCeiling))
    }
    return FrameEncoder.encode(errors)
  }
}
