import AliCloudCore

/// One daemon call as the API client sees it: set as a task-local around the call, so every
/// AliCloud request the call makes (on any of its tasks) records its RequestId here, and the
/// client's own log lines carry the call's correlation fields (its logger).
public final class CallScope: Sendable {
  @TaskLocal public static var current: CallScope?

  /// The call's logger (method, rpc id, peer, the caller's requestId and operator).
  public let logger: Logger
  private let state = Locked(State())

  private struct State {
    var requests = 0
    var requestIds: [String] = []
  }

  /// RequestIds kept per call; a call making more requests counts them all but names the first ones.
  public static let maxRequestIds = 64

  public init(logger: Logger) { self.logger = logger }

  /// One request sent (an attempt), with the RequestId of its answer when one came.
  func record(requestId: String?) {
    state.withLock { s in
      s.requests += 1
      if let requestId, !requestId.isEmpty, s.requestIds.count < Self.maxRequestIds {
        s.requestIds.append(String(requestId.prefix(128)))
      }
    }
  }

  /// AliCloud requests sent so far, retries included.
  public var requests: Int { state.withLock { $0.requests } }

  /// The RequestIds of their answers, in the order they came.
  public var requestIds: [String] { state.withLock { $0.requestIds } }
}
