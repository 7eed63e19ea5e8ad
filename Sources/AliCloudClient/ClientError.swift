import AliCloudCore
import AliCloudWire
import Glibc

/// A failed call: the daemon's error object (code, stable name, message, data), or a client-side
/// failure with a name under `alicloudd.client.`.
public struct ClientError: Error, Sendable, Hashable, CustomStringConvertible {
  public var code: Int
  public var name: String
  public var message: String
  public var data: JSONValue

  public init(code: Int, name: String, message: String, data: JSONValue = [:]) {
    self.code = code
    self.name = name
    self.message = message
    self.data = data
  }

  public init(_ error: RPCError) {
    self.init(code: error.code, name: error.name, message: error.message, data: error.data)
  }

  public var description: String { "\(message) [\(name) \(code)]" }

  /// No daemon at the path (missing socket, nobody listening, or no permission).
  public static func daemonUnreachable(path: String, errno: Int32) -> ClientError {
    let reason = String(cString: strerror(errno))
    return ClientError(
      code: -32099, name: "alicloudd.client.DaemonUnreachable",
      message: "cannot reach alicloudd at \(path): \(reason) (errno \(errno)); is the daemon running?",
      data: ["path": .string(path), "errno": .int(Int(errno))])
  }

  /// The connection closed before the reply arrived.
  public static let connectionClosed = ClientError(
    code: -32098, name: "alicloudd.client.ConnectionClosed",
    message: "the connection to alicloudd closed before the reply")

  /// The reply could not be decoded into the requested type (or params could not be encoded).
  public static func decoding(_ detail: String) -> ClientError {
    ClientError(code: -32097, name: "alicloudd.client.DecodingFailed", message: detail)
  }

  /// No reply within the caller's timeout: the call was cancelled on the daemon. `reply` is the
  /// daemon's final answer to the cancelled call, when it came within the cancel grace: its result
  /// (an operation's envelope, naming whatever was created) is kept in `data.result`, an error
  /// object in `data.error` (and its `partial` in `data.partial`).
  public static func timedOut(_ timeout: Duration, reply: Result<JSONValue, ClientError>? = nil) -> ClientError {
    var data: [String: JSONValue] = [:]
    var message = "no reply within \(timeout); the call was cancelled"
    switch reply {
    case .success(let result)?:
      data["result"] = result
      message += "; its final reply is in data.result"
    case .failure(let e)? where e != .connectionClosed:
      data["error"] = ["code": .int(e.code), "message": .string(e.message), "data": e.data]
      if let partial = e.data["partial"] { data["partial"] = partial }
      message += "; the daemon answered \(e.name)"
    default:
      message += " (no final reply came)"
    }
    return ClientError(
      code: RPCErrorKind.timedOut.code, name: RPCErrorKind.timedOut.name, message: message, data: .object(data))
  }

  public var isDaemonUnreachable: Bool { name == "alicloudd.client.DaemonUnreachable" }
  public var isCancelled: Bool { name == RPCErrorKind.cancelled.name }
}
