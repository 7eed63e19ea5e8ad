import AliCloudCore
import Foundation

/// A JSON-RPC error object. `data` always holds `name` (see RPCErrorKind) plus any details.
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
  public var code: Int
  public var message: String
  /// An object with at least `name`.
  public var data: JSONValue

  public init(code: Int, name: String, message: String, details: [String: JSONValue] = [:]) {
    self.code = code
    self.message = message
    var d = details
    d["name"] = .string(name)
    self.data = .object(d)
  }

  public init(_ kind: RPCErrorKind, _ message: String? = nil, details: [String: JSONValue] = [:]) {
    self.init(code: kind.code, name: kind.name, message: message ?? kind.meaning, details: details)
  }

  /// The stable name, e.g. `alicloudd.Cancelled`.
  public var name: String { data["name"]?.stringValue ?? "" }

  public var description: String { "\(name) (\(code)): \(message)" }

  public var json: JSONValue { ["code": .int(code), "message": .string(message), "data": data] }

  /// Reads an error object as received; nil if it is not one.
  public init?(json: JSONValue) {
    guard let code = json["code"]?.intValue, let message = json["message"]?.stringValue else { return nil }
    self.code = code
    self.message = message
    self.data = json["data"] ?? .object([:])
  }
}

/// Errors that know their wire form. Anything else thrown by a handler becomes -32603 with a
/// correlation id and nothing of its text.
public protocol RPCErrorConvertible: Error {
  var rpcError: RPCError { get }
}

extension RPCError: RPCErrorConvertible {
  public var rpcError: RPCError { self }
}

extension RPCError {
  public static func methodNotFound(_ method: String, suggestions: [String]) -> RPCError {
    var msg = "unknown method \(method)"
    if !suggestions.isEmpty { msg += "; did you mean \(suggestions.joined(separator: ", "))?" }
    return RPCError(
      .methodNotFound, msg,
      details: ["method": .string(method), "suggestions": .array(suggestions.map { .string($0) })])
  }

  public static func invalidParams(field: String, _ message: String) -> RPCError {
    let text = field.isEmpty ? "invalid params: \(message)" : "invalid params: \(field): \(message)"
    return RPCError(.invalidParams, text, details: ["field": .string(field)])
  }

  /// An internal failure: the caller gets only a correlation id that also appears in the log.
  public static func internalError(correlationID: String) -> RPCError {
    RPCError(
      .internalError, "internal error (correlation id \(correlationID))",
      details: ["correlationId": .string(correlationID)])
  }

  /// A cancelled call; `partial` says what exists already (for example a created instance id).
  public static func cancelled(partial: JSONValue? = nil) -> RPCError {
    RPCError(.cancelled, "the call was cancelled", details: partial.map { ["partial": $0] } ?? [:])
  }

  public static func noHandler(_ method: String) -> RPCError {
    RPCError(.noHandler, "operation \(method) has no handler yet", details: ["method": .string(method)])
  }

  public static func unauthorizedPeer(uid: UInt32) -> RPCError {
    RPCError(.unauthorizedPeer, "uid \(uid) is not allowed to use this daemon", details: ["uid": .int(Int(uid))])
  }

  public static func frameTooLarge(length: Int, max: Int) -> RPCError {
    RPCError(
      .frameTooLarge, "frame of \(length) bytes exceeds the maximum of \(max) bytes",
      details: ["length": .int(length), "max": .int(max)])
  }

  /// A reply whose frame would exceed the largest frame clients read; sent instead of it.
  public static func replyTooLarge(length: Int, max: Int) -> RPCError {
    RPCError(
      .replyTooLarge,
      "the reply of \(length) bytes exceeds the maximum frame of \(max) bytes and was not sent; use fewer inputs per call",
      details: ["length": .int(length), "max": .int(max)])
  }

  public static let shuttingDown = RPCError(.shuttingDown, "the daemon is shutting down")

  /// Maps any thrown error to its wire form; unknown errors get a fresh correlation id.
  public static func from(_ error: any Error, correlationID: () -> String = { UUID().uuidString }) -> (
    RPCError, internal: Bool
  ) {
    if let e = error as? any RPCErrorConvertible { return (e.rpcError, false) }
    if error is CancellationError { return (.cancelled(), false) }
    return (.internalError(correlationID: correlationID()), true)
  }
}
