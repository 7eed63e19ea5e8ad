import AliCloudCatalog
import AliCloudCore
import AliCloudHTTP
import AliCloudWire

/// An HTTP error of the gateway. Its body keeps the guide's envelope shape so WeCube reads it as
/// a failure, and adds an `error` object for programs:
///
///     {"resultCode": "1", "resultMessage": "<message>", "results": {"outputs": []},
///      "error": {"status": 404, "name": "alicloudd.http.NotFound", "message": "<message>", ...}}
///
/// Errors of the dispatcher also carry their JSON-RPC `code` and `data` (e.g. `data.field`).
struct GatewayError: Error, Sendable {
  var status: Int
  var name: String
  var message: String
  var code: Int? = nil
  var data: JSONValue? = nil
  var headers = HTTPHeaders()

  init(status: Int, name: String, message: String) {
    self.status = status
    self.name = name
    self.message = message
  }

  /// An error found by the HTTP parser (bad syntax, limits, timeouts).
  init(status: Int, message: String) {
    let name: String
    switch status {
    case 413: name = "alicloudd.http.BodyTooLarge"
    case 408: name = "alicloudd.http.RequestTimeout"
    case 431: name = "alicloudd.http.HeaderTooLarge"
    case 501: name = "alicloudd.http.NotImplemented"
    case 503: name = "alicloudd.http.TooManyConnections"
    case 505: name = "alicloudd.http.VersionNotSupported"
    default: name = "alicloudd.http.BadRequest"
    }
    self.init(status: status, name: name, message: message)
  }

  /// A dispatcher error with the HTTP status that fits it.
  init(rpc e: RPCError) {
    let status: Int
    switch e.code {
    case RPCErrorKind.parseError.code, RPCErrorKind.invalidRequest.code, RPCErrorKind.invalidParams.code: status = 400
    case RPCErrorKind.methodNotFound.code: status = 404
    case RPCErrorKind.providerError.code: status = 502
    case RPCErrorKind.cancelled.code, RPCErrorKind.shuttingDown.code: status = 503
    case RPCErrorKind.timedOut.code: status = 504
    case RPCErrorKind.noHandler.code: status = 501
    default: status = 500
    }
    self.init(status: status, name: e.name, message: e.message)
    code = e.code
    data = e.data
  }

  static let unauthorized: GatewayError = {
    var e = GatewayError(
      status: 401, name: "alicloudd.http.Unauthorized",
      message: "missing or wrong bearer token (send Authorization: Bearer <token>)")
    e.headers.set("WWW-Authenticate", "Bearer realm=\"alicloudd\"")
    return e
  }()

  static func notFound(_ path: String) -> GatewayError {
    var message = "no operation at \(path); operations are POST \(Catalog.pathPrefix)<operation>"
    let suggestions = Catalog.suggestions(for: path).filter { Catalog.operation(named: $0) != nil }
    if !suggestions.isEmpty {
      message += "; did you mean " + suggestions.map { Catalog.pathPrefix + $0 }.joined(separator: ", ") + "?"
    }
    var e = GatewayError(status: 404, name: "alicloudd.http.NotFound", message: message)
    e.data = ["suggestions": .array(suggestions.map { .string(Catalog.pathPrefix + $0) })]
    return e
  }

  static func methodNotAllowed(_ method: String, _ path: String) -> GatewayError {
    var e = GatewayError(
      status: 405, name: "alicloudd.http.MethodNotAllowed", message: "\(method) is not allowed on \(path); use POST")
    e.headers.set("Allow", "POST")
    return e
  }

  var json: JSONValue {
    var error: [String: JSONValue] = ["status": .int(status), "name": .string(name), "message": .string(message)]
    if let code { error["code"] = .int(code) }
    if let data { error["data"] = data }
    return [
      "resultCode": "1", "resultMessage": .string(message), "results": ["outputs": []], "error": .object(error),
    ]
  }

  var response: HTTPResponse { .json(status, json, headers: headers) }
}
