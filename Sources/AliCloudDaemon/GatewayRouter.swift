import AliCloudCatalog
import AliCloudCore
import AliCloudHTTP
import AliCloudOps
import AliCloudWire
import Foundation

/// Turns one HTTP request into one dispatcher call and its reply into an HTTP response.
struct GatewayRouter: Sendable {
  let daemon: Daemon
  let token: String?
  let calls: GatewayCalls
  let logger: Logger

  func respond(to request: HTTPRequest) async -> HTTPResponse {
    let started = ContinuousClock.now
    let response = await answer(request)
    let elapsed = ContinuousClock.now - started
    logger.debug(
      "http request",
      [
        "http.method": request.method, "http.path": request.path, "http.status": String(response.status),
        "http.connection": String(request.connectionID),
        "duration_ms": String(
          elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
      ])
    return response
  }

  private func answer(_ request: HTTPRequest) async -> HTTPResponse {
    if let token, !Self.authorized(request.headers["authorization"], token: token) {
      return GatewayError.unauthorized.response
    }
    if let r = MetricsEndpoint.response(to: request, daemon: daemon) { return r }
    let path = request.path
    guard path.hasPrefix(Catalog.pathPrefix), let spec = Catalog.operation(named: path) else {
      return GatewayError.notFound(path).response
    }
    guard request.method == "POST" else { return GatewayError.methodNotAllowed(request.method, path).response }
    let body: JSONValue
    do {
      body = try Self.body(request.body)
    } catch {
      return error.response
    }
    let callID = calls.begin()
    defer { calls.end(callID) }
    let id = "http-\(request.connectionID)-\(callID)"
    let callLogger = logger.with("http.connection", String(request.connectionID))
    switch daemon.pipeline.begin(
      method: spec.method, params: body, id: .string(id), frontEnd: "http", logger: callLogger)
    {
    case .answered(let outcome):
      return Self.response(outcome)
    case .operation(let op):
      let task = Task { await op.run() }
      calls.attach(callID) { task.cancel() }
      return Self.response(await task.value)
    }
  }

  /// A dispatcher outcome as HTTP: an envelope is 200 (even with `resultCode` "1": per-input
  /// failures live inside it, as WeCube expects); an RPC error gets the matching status.
  static func response(_ outcome: Result<JSONValue, RPCError>) -> HTTPResponse {
    switch outcome {
    case .success(let envelope): return .json(200, envelope)
    case .failure(let e): return GatewayError(rpc: e).response
    }
  }

  /// The request body as a JSON object.
  static func body(_ data: Data) throws(GatewayError) -> JSONValue {
    guard !data.isEmpty else {
      throw GatewayError(
        status: 400, name: RPCErrorKind.invalidParams.name,
        message: "the request body is empty; send the operation's JSON body, e.g. {\"inputs\":[{...}]}")
    }
    let value: JSONValue
    do {
      value = try JSONValue.parse(data)
    } catch {
      throw GatewayError(
        status: 400, name: RPCErrorKind.parseError.name, message: "the request body is not valid JSON: \(error.message)"
      )
    }
    guard case .object = value else {
      throw GatewayError(
        status: 400, name: RPCErrorKind.invalidParams.name,
        message: "the request body must be a JSON object such as {\"inputs\":[{...}]}")
    }
    return value
  }

  /// Compares the bearer token in constant time.
  static func authorized(_ header: String?, token: String) -> Bool {
    guard let header else { return false }
    let parts = header.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
    let given = Array(parts[1].trimmingCharacters(in: .whitespaces).utf8)
    let expected = Array(token.utf8)
    var diff = UInt8(given.count == expected.count ? 0 : 1)
    for i in 0..<expected.count { diff |= expected[i] ^ (i < given.count ? given[i] : 0) }
    return diff == 0
  }
}
