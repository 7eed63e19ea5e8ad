import AliCloudCore

/// A request or, when `id` is nil, a notification.
public struct RPCRequest: Sendable, Hashable {
  public var id: RPCID?
  public var method: String
  /// An object or array, or nil when absent.
  public var params: JSONValue?

  public init(id: RPCID?, method: String, params: JSONValue? = nil) {
    self.id = id
    self.method = method
    self.params = params
  }

  public var isNotification: Bool { id == nil }

  public var json: JSONValue {
    var o: [String: JSONValue] = ["jsonrpc": "2.0", "method": .string(method)]
    if let id { o["id"] = id.json }
    if let params { o["params"] = params }
    return .object(o)
  }
}

/// A reply: a result or an error, for the given id.
public struct RPCResponse: Sendable, Hashable {
  public var id: RPCID
  public var outcome: Result<JSONValue, RPCError>

  public init(id: RPCID, outcome: Result<JSONValue, RPCError>) {
    self.id = id
    self.outcome = outcome
  }

  public init(id: RPCID, result: JSONValue) { self.init(id: id, outcome: .success(result)) }
  public init(id: RPCID, error: RPCError) { self.init(id: id, outcome: .failure(error)) }

  public var json: JSONValue {
    switch outcome {
    case .success(let r): return ["jsonrpc": "2.0", "id": id.json, "result": r]
    case .failure(let e): return ["jsonrpc": "2.0", "id": id.json, "error": e.json]
    }
  }
}

/// Why a frame body is not a usable message, with the id to answer (null when not recoverable).
public struct RPCDecodeFailure: Error, Sendable {
  public var error: RPCError
  public var id: RPCID
}

/// One incoming message.
public enum RPCMessage: Sendable {
  case request(RPCRequest)
  case response(RPCResponse)

  /// What one frame body holds: one message, or a JSON-RPC 2.0 batch of them (each decoded on
  /// its own, so an invalid member gets its own error).
  public enum Frame: Sendable {
    case single(Result<RPCMessage, RPCDecodeFailure>)
    case batch([Result<RPCMessage, RPCDecodeFailure>])
  }

  /// Decodes one frame body, batches included. An empty array is one invalid request.
  public static func decodeFrame(_ body: UnsafeRawBufferPointer) -> Frame {
    let value: JSONValue
    do {
      value = try JSONValue.parse(bytes: body)
    } catch {
      return .single(.failure(RPCDecodeFailure(error: RPCError(.parseError, "parse error: \(error)"), id: .null)))
    }
    guard case .array(let members) = value else { return .single(decode(value)) }
    guard !members.isEmpty else {
      return .single(
        .failure(RPCDecodeFailure(error: RPCError(.invalidRequest, "invalid request: empty batch"), id: .null)))
    }
    return .batch(members.map(decode))
  }

  /// Decodes one frame body.
  public static func decode(_ body: UnsafeRawBufferPointer) -> Result<RPCMessage, RPCDecodeFailure> {
    let value: JSONValue
    do {
      value = try JSONValue.parse(bytes: body)
    } catch {
      return .failure(RPCDecodeFailure(error: RPCError(.parseError, "parse error: \(error)"), id: .null))
    }
    return decode(value)
  }

  public static func decode(_ body: [UInt8]) -> Result<RPCMessage, RPCDecodeFailure> {
    body.withUnsafeBytes { decode($0) }
  }

  public static func decode(_ value: JSONValue) -> Result<RPCMessage, RPCDecodeFailure> {
    func invalid(_ message: String, _ id: RPCID = .null) -> Result<RPCMessage, RPCDecodeFailure> {
      .failure(RPCDecodeFailure(error: RPCError(.invalidRequest, "invalid request: \(message)"), id: id))
    }
    guard case .object(let o) = value else {
      return invalid("expected a JSON object, got \(value.typeName)")
    }
    var id: RPCID? = nil
    if let rawID = o["id"] {
      guard let parsed = RPCID(json: rawID) else { return invalid("id must be a string, number or null") }
      id = parsed
    }
    guard o["jsonrpc"] == "2.0" else { return invalid("\"jsonrpc\" must be \"2.0\"", id ?? .null) }
    if let m = o["method"] {
      guard case .string(let method) = m, !method.isEmpty else {
        return invalid("\"method\" must be a non-empty string", id ?? .null)
      }
      let params = o["params"]
      if let params {
        switch params {
        case .object, .array: break
        default: return invalid("\"params\" must be an object or an array", id ?? .null)
        }
      }
      return .success(.request(RPCRequest(id: id, method: method, params: params)))
    }
    if let result = o["result"], o["error"] == nil {
      return .success(.response(RPCResponse(id: id ?? .null, result: result)))
    }
    if let e = o["error"], o["result"] == nil, let err = RPCError(json: e) {
      return .success(.response(RPCResponse(id: id ?? .null, error: err)))
    }
    return invalid("missing \"method\"", id ?? .null)
  }
}
