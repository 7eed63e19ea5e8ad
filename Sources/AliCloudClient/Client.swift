import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Dispatch
import Foundation
import Synchronization

/// A connection to alicloudd. Calls may run concurrently over one connection; replies are matched
/// by id. Cancelling the calling task sends `$/cancelRequest` and waits for the daemon's reply.
/// When the daemon has closed the connection (its idle timeout, a restart), the next call
/// connects again.
public final class Client: Sendable {
  public let socketPath: String
  /// After a timeout, how long to wait for the daemon's final reply to the cancelled call (it
  /// names what the call already created) before giving up on it.
  public let cancelGrace: Duration
  /// How long a call may take when the caller gives no timeout.
  public let timeouts: Timeouts
  let link: Mutex<Link>

  /// One connection and the side that matches its replies.
  struct Link: Sendable {
    let connection: FrameConnection
    let core: ClientCore
  }

  /// Default timeouts by kind of method: service methods (`daemon.*`, `rpc.*`) answer at once,
  /// operations (`vpc/create`) may wait for resources for many minutes.
  public struct Timeouts: Sendable, Equatable {
    public var service: Duration?
    public var operation: Duration?

    public init(service: Duration?, operation: Duration?) {
      self.service = service
      self.operation = operation
    }

    /// 30 s for service methods, one hour for operations.
    public static let standard = Timeouts(service: .seconds(30), operation: .seconds(3600))
    /// Calls wait for as long as the daemon takes.
    public static let none = Timeouts(service: nil, operation: nil)

    /// The timeout of `method` when the caller gives none.
    public func timeout(for method: String) -> Duration? { method.contains("/") ? operation : service }
  }

  /// The default `cancelGrace`.
  public static let defaultCancelGrace: Duration = .seconds(5)

  /// Connects to `socketPath` (default: `ALICLOUDD_SOCKET`, else the standard location).
  public init(
    socketPath: String = SocketPath.default(), maxFrame: Int = FrameLimits.defaultMaxBody,
    cancelGrace: Duration = Client.defaultCancelGrace, timeouts: Timeouts = .standard
  ) throws(ClientError) {
    self.socketPath = socketPath
    self.cancelGrace = cancelGrace
    self.timeouts = timeouts
    link = Mutex(try Self.connect(socketPath))
  }

  static func connect(_ socketPath: String) throws(ClientError) -> Link {
    let fd: Int32
    do {
      fd = try UnixConnector.connect(path: socketPath)
    } catch {
      throw .daemonUnreachable(path: socketPath, errno: error.kind == .pathTooLong ? ENAMETOOLONG : error.errno)
    }
    let connection = FrameConnection(
      fd: fd, peer: nil,
      options: ConnectionOptions(limits: FrameLimits(maxBody: FrameLimits.hardCeiling), readsAfterWriteFailure: true))
    let core = ClientCore()
    connection.start(delegate: core)
    return Link(connection: connection, core: core)
  }

  deinit { link.withLock { $0.connection.close() } }

  /// Closes the connection; calls still waiting fail with `connectionClosed`, and so do later
  /// calls.
  public func close() {
    link.withLock { l in
      l.core.closedByOwner()
      l.connection.close()
    }
  }

  /// The live connection; a new one when the daemon closed the last (not after `close()`).
  func currentLink() throws(ClientError) -> Link {
    try link.withLock { (l: inout Link) throws(ClientError) -> Link in
      guard !l.core.isClosedByOwner else { return l }
      // A connection the daemon closed as idle may not have been noticed yet by its reader.
      if l.connection.isClosed || (!l.core.hasWaiters && l.connection.peerHasClosed) {
        l.connection.close()
        l = try Self.connect(socketPath)
      }
      return l
    }
  }

  /// Calls `method`. With `progress`, a progress token is added to `params` (which must then be
  /// an object) and each `$/progress` value is passed to it. A call not answered within
  /// `timeout` (default: the client's `timeouts` for this kind of method) is cancelled on the
  /// daemon and fails with `alicloudd.TimedOut`, after waiting up to `cancelGrace` for the
  /// daemon's final reply, which the error carries (`ClientError.timedOut`).
  /// Re-sending the same call after a timeout, a lost connection or a daemon restart is safe: the
  /// daemon's mutation journal makes it the same mutation (the same ClientTokens), which joins,
  /// continues or answers the first, and never makes a second resource.
  public func call(
    _ method: String, params: JSONValue = [:], progress: (@Sendable (JSONValue) -> Void)? = nil,
    timeout: Duration? = nil
  ) async throws(ClientError) -> JSONValue {
    let (connection, core) = try { () throws(ClientError) -> (FrameConnection, ClientCore) in
      let l = try currentLink()
      return (l.connection, l.core)
    }()
    let id = core.nextID()
    var params = params
    if progress != nil, case .object(var o) = params {
      o["progressToken"] = .string("p\(id)")
      params = .object(o)
    }
    let frame = FrameEncoder.encode(RPCRequest(id: .int(id), method: method, params: params))
    let timer = (timeout ?? timeouts.timeout(for: method)).map { t in
      Task { [core, connection, cancelGrace] in
        try? await Task.sleep(for: t)
        guard !Task.isCancelled, core.markTimedOut(id, after: t) else { return }
        connection.send(Self.cancelFrame(id))
        try? await Task.sleep(for: cancelGrace)
        core.complete(id, .failure(.connectionClosed))  // no final reply: a timeout without one
      }
    }
    defer { timer?.cancel() }
    let outcome = await withTaskCancellationHandler {
      await withCheckedContinuation { (c: CheckedContinuation<ClientCore.Outcome, Never>) in
        if let refused = core.register(id, .init(continuation: c, progress: progress)) {
          c.resume(returning: .failure(refused))
          return
        }
        guard connection.send(frame) else {
          core.complete(id, .failure(core.closingError))
          return
        }
        if Task.isCancelled { connection.send(Self.cancelFrame(id)) }
      }
    } onCancel: { [connection] in
      connection.send(Self.cancelFrame(id))
    }
    return try outcome.get()
  }

  static func cancelFrame(_ id: Int) -> [UInt8] {
    FrameEncoder.encode(RPCRequest(id: nil, method: "$/cancelRequest", params: ["id": .int(id)]))
  }
}
