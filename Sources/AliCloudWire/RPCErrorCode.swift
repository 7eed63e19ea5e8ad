/// Every error code and name the daemon answers with. One place: the protocol README lists the
/// same table. Codes are few and stable; the `name` (in `error.data.name`) is the contract.
public struct RPCErrorKind: Sendable, Hashable, CustomStringConvertible {
  public let code: Int
  public let name: String
  public let meaning: String

  init(_ code: Int, _ name: String, _ meaning: String) {
    self.code = code
    self.name = "alicloudd." + name
    self.meaning = meaning
  }

  public var description: String { "\(code) \(name)" }

  // JSON-RPC 2.0 protocol errors.
  public static let parseError = RPCErrorKind(-32700, "ParseError", "the frame body is not valid JSON")
  public static let invalidFrame = RPCErrorKind(
    -32700, "InvalidFrame", "the byte stream is not length-prefixed frames (zero length, or plain text)")
  public static let invalidRequest = RPCErrorKind(-32600, "InvalidRequest", "the JSON is not a valid request")
  public static let methodNotFound = RPCErrorKind(-32601, "MethodNotFound", "no such method")
  public static let invalidParams = RPCErrorKind(-32602, "InvalidParams", "params are missing or of the wrong type")
  public static let internalError = RPCErrorKind(-32603, "InternalError", "an unexpected failure inside the daemon")
  public static let replyTooLarge = RPCErrorKind(
    -32603, "ReplyTooLarge", "the result does not fit in the largest frame a client reads")

  // Our own errors, outside the reserved range -32768...-32100 used by JSON-RPC itself.
  public static let providerError = RPCErrorKind(-32000, "ProviderError", "AliCloud rejected or failed the call")
  public static let cancelled = RPCErrorKind(-32001, "Cancelled", "the call was cancelled")
  public static let timedOut = RPCErrorKind(-32002, "TimedOut", "the call did not finish in time")
  public static let unauthorizedPeer = RPCErrorKind(
    -32003, "UnauthorizedPeer", "the connecting uid is not allowed to use this daemon")
  public static let noHandler = RPCErrorKind(-32004, "NoHandler", "the operation is documented but not implemented")
  public static let shuttingDown = RPCErrorKind(-32005, "ShuttingDown", "the daemon is stopping")
  public static let frameTooLarge = RPCErrorKind(-32006, "FrameTooLarge", "the frame exceeds the maximum size")
  public static let tooManyConnections = RPCErrorKind(
    -32007, "TooManyConnections", "the daemon's connection limit is reached")
  public static let frameTimeout = RPCErrorKind(
    -32008, "FrameTimeout", "a frame was begun but not completed within the frame timeout")

  /// Every kind, for documentation and tests.
  public static let all: [RPCErrorKind] = [
    parseError, invalidFrame, invalidRequest, methodNotFound, invalidParams, internalError,
    replyTooLarge, providerError, cancelled, timedOut, unauthorizedPeer, noHandler, shuttingDown, frameTooLarge,
    tooManyConnections, frameTimeout,
  ]
}
