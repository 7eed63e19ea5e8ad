import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Dispatch
import Foundation

/// A connection to alicloudd. Calls may run concurrently over one connection; replies are matched
/// by id. Cancelling the calling task sends `$/cancelRequest` and waits for the daemon's reply.
public final class Client: Sendable {
  public let socketPath: String
  let connection: FrameConnection
  let core = ClientCore()
  /// After a timeout, how long to wait for the daemon's final reply to the cancelled call (it
  /// names what the call already created) before giving up on it.
  public let cancelGrace: Duration

  /// The default `cancelGrace`.
  public static let defaultCancelGrace: Duration = .seconds(5)

  /// Connects to `socketPath` (default: `ALICLOUDD_SOCKET`, else the standard location).
  public init(
    socketPath: String = SocketPath.default(), maxFrame: Int = FrameLimits.defaultMaxBody,
    cancelGrace: Duration = Client.defaultCancelGrace
  ) throws(ClientError) {
    self.socketPath = socketPath
    self.cancelGrace = cancelGrace
    let fd: Int32
    do {
      fd = try UnixConnector.connect(path: socketPath)
    } catch {
      throw .daemonUnreachable(path: socketPath, errno: error.kind == .pathTooLong ? ENAMETOOLONG : error.errno)
    }
    connection = FrameConnection(
      fd: fd, peer: nil, options: ConnectionOptions(limits: FrameLimits(maxBody: FrameLimits.hardCeiling)),
      queue: DispatchQueue(label: "alicloud.client"))
    connection.start(delegate: core)
  }

  deinit { connection.close() }

  /// Closes the connection; calls still waiting fail with `connectionClosed`.
  public func close() { connection.close() }

  /// Calls `method`. With `progress`, a progress token is added to `params` (which must then be
  /// an object) and each `$/progress` value is passed to it. With `timeout`, a call not answered
  /// in time is cancelled on the daemon and fails with `alicloudd.TimedOut`, after waiting up to
  /// `cancelGrace` for the daemon's final reply, which the error carries (`ClientError.timedOut`).
  /// Re-sending the same call after a timeout, a lost connection or a daemon restart is safe: the
  /// daemon's mutation journal makes it the same mutation (the same ClientTokens), which joins,
  /// continues or answers the first, and never makes a second resource.
  public func call(
    _ method: String, params: JSONValue = [:], progress: (@Sendable (JSONValue) -> Void)? = nil,
    timeout: Duration? = nil
  ) async throws(ClientError) -> JSONValue {
    let id = core.nextID()
    var params = params
    if progress != nil, case .object(var o) = params {
      o["progressToken"] = .string("p\(id)")
      params = .object(o)
    }
    let frame = FrameEncoder.encode(RPCRequest(id: .int(id), method: method, params: params))
    let timer = timeout.map { t in
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
