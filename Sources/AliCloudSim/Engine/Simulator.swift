import AliCloudCore
import AliCloudHTTP
import Foundation

/// The simulated cloud: decodes OpenAPI requests, authenticates them, validates them against the
/// action table, injects faults, runs the family handlers on the state, and answers in AliCloud's
/// JSON shapes. Thread-safe; one lock guards all state.
public final class Simulator: @unchecked Sendable {
  public let config: SimConfig
  let registry: SimRegistry
  let lock = NSLock()
  var state: SimState
  var auth: Authenticator
  var faults: SimFaults
  var script: [SimFaultKind]
  var faultRNG: SeededGenerator
  var idRNG: SeededGenerator
  var tokens: [String: (fingerprint: String, members: [String: JSONValue])] = [:]
  var log: [SimRequestRecord] = []
  /// Tokens of the metadata server (`PUT /latest/api/token`), until they expire.
  var metadataTokens: [String: Date] = [:]
  var sequence = 0
  var counters = SimStats()
  /// API requests let in and not yet answered, per action and in all; when the last second's
  /// were let in, per action (for `flowPerSecond`).
  var inFlight: [String: Int] = [:]
  var inFlightTotal = 0
  var letIn: [String: [Date]] = [:]
  /// Connection counters of the HTTP server in front, when there is one.
  var httpStats: (@Sendable () -> HTTPServerStats)?

  public init(config: SimConfig = SimConfig()) {
    self.config = config
    self.registry = SimRegistry.standard
    self.state = SimState(now: config.clock.now)
    self.auth = Authenticator(config: config)
    self.faults = config.faults
    self.script = config.faults.script
    self.faultRNG = SeededGenerator(seed: config.seed)
    self.idRNG = SeededGenerator(seed: config.seed ^ 0x5EED_1D5)
  }

  /// Answers one HTTP request: an OpenAPI call, or an inspection call under `/__sim/`.
  public func handle(_ http: HTTPRequest) -> HTTPResponse {
    if http.path.hasPrefix("/__sim/") || http.path == "/__sim" { return inspect(http) }
    if http.path.hasPrefix("/latest/") { return lock.withLock { metadata(http) } }
    if http.path == Simulator.credentialsURIPath { return lock.withLock { credentialsURI(http) } }
    return handleAPI(http)
  }

  /// What phase one decided: answer now, or apply after an optional delay.
  private enum Admission {
    case answer(HTTPResponse)
    case apply(SimRequest, SimActionSpec, FaultDecision)
  }

  private func handleAPI(_ http: HTTPRequest) -> HTTPResponse {
    let requestId = UUID().uuidString
    let admission = lock.withLock { admit(http, requestId: requestId) }
    guard case .apply(let request, let spec, let decision) = admission else {
      if case .answer(let r) = admission { return r }
      return .text(500, "unreachable")
    }
    if decision.latencyMillis > 0 { Thread.sleep(forTimeInterval: Double(decision.latencyMillis) / 1000) }
    return lock.withLock {
      defer { leave(spec.action) }
      return apply(http, request, spec, decision, requestId: requestId)
    }
  }

  /// Phase one, under the lock: decode, find the action, authenticate, validate, draw faults.
  private func admit(_ http: HTTPRequest, requestId: String) -> Admission {
    var request: SimRequest
    do {
      request = try SimRequest.decode(http)
    } catch {
      return .answer(errorResponse(error, requestId: requestId, host: http.headers["host"] ?? "", product: ""))
    }
    if request.version == Simulator.stsVersion { return .answer(sts(request, http, requestId: requestId)) }
    let product = SimActionCatalog.product(version: request.version) ?? ""
    let fail = { (e: SimError) -> Admission in
      self.record(request, product: product, status: e.httpStatus, code: e.code, fault: nil)
      return .answer(self.errorResponse(e, requestId: requestId, host: request.host, product: product))
    }
    guard let spec = SimActionCatalog.spec(version: request.version, action: request.action) else {
      let knownElsewhere = SimActionCatalog.all.contains { $0.action == request.action }
      if knownElsewhere && !SimActionCatalog.isKnownVersion(request.version) {
        return fail(.invalidVersion(request.version))
      }
      return fail(.actionNotFound(request.action))
    }
    do {
      let cred = try auth.verify(request, http: http, now: config.clock.now)
      request.accessKeyId = cred.accessKeyId
      try Validation.check(request.params, spec: spec)
    } catch {
      return fail(error)
    }
    let decision = faults.decide(action: spec.action, rng: &faultRNG, script: &script)
    if overFlowLimit(spec.action) {
      counters.flowThrottled += 1
      return fail(.throttled(retryAfterMillis: faults.retryAfterMillis))
    }
    if let kind = decision.kind { counters.faults[kind.rawValue, default: 0] += 1 }
    enter(spec.action)
    return .apply(request, spec, decision)
  }

  /// Phase two, under the lock: answer an injected fault, or run the handler.
  private func apply(
    _ http: HTTPRequest, _ request: SimRequest, _ spec: SimActionSpec, _ decision: FaultDecision, requestId: String
  ) -> HTTPResponse {
    let fault: SimError?
    switch decision.kind {
    case .throttle: fault = .throttled(retryAfterMillis: faults.retryAfterMillis)
    case .serviceUnavailable: fault = .serviceUnavailable
    case .internalError: fault = .internalError
    case .drop:
      record(request, product: spec.product, status: 0, code: nil, fault: .drop)
      return .drop
    case .lostResponse, nil: fault = nil
    }
    if let fault {
      record(request, product: spec.product, status: fault.httpStatus, code: fault.code, fault: decision.kind)
      return errorResponse(fault, requestId: requestId, host: request.host, product: spec.product)
    }
    state.advance(to: config.clock.now)
    let result = run(request, spec)
    switch result {
    case .success(var members):
      members["RequestId"] = .string(requestId)
      record(request, product: spec.product, status: 200, code: nil, fault: decision.kind)
      if decision.kind == .lostResponse { return .drop }
      var headers = HTTPHeaders()
      headers.add("x-acs-request-id", requestId)
      return .json(200, .object(members), headers: headers)
    case .failure(let e):
      record(request, product: spec.product, status: e.httpStatus, code: e.code, fault: decision.kind)
      if decision.kind == .lostResponse { return .drop }
      return errorResponse(e, requestId: requestId, host: request.host, product: spec.product)
    }
  }

  /// Runs the handler with ClientToken de-duplication; state changes only on success.
  private func run(_ request: SimRequest, _ spec: SimActionSpec) -> Result<[String: JSONValue], SimError> {
    guard let handler = registry.handler(for: spec) else {
      return .failure(
        SimError("UnsupportedOperation", "The simulator does not implement \(spec.product) \(spec.action) yet."))
    }
    var tokenKey: String?
    var fingerprint = ""
    if !spec.tokenParam.isEmpty, let token = request.params[spec.tokenParam], !token.isEmpty {
      tokenKey = [request.accessKeyId, spec.version, spec.action, token].joined(separator: "|")
      fingerprint = request.params.filter { $0.key != spec.tokenParam }.sorted { $0.key < $1.key }
        .map { "\($0.key)=\($0.value)" }.joined(separator: "&")
      if let seen = tokens[tokenKey!] {
        guard seen.fingerprint == fingerprint else { return .failure(.idempotentMismatch) }
        counters.idempotentReplays += 1
        return .success(seen.members)
      }
    }
    var ctx = SimContext(
      request: request, spec: spec, state: state, delays: config.delays, accountId: config.accountId,
      dependencies: registry.dependencies, ids: idRNG)
    do {
      let members = try handler(&ctx)
      state = ctx.state
      idRNG = ctx.ids
      if let tokenKey { tokens[tokenKey] = (fingerprint, members) }
      return .success(members)
    } catch {
      return .failure(error)
    }
  }

  func errorResponse(_ e: SimError, requestId: String, host: String, product: String) -> HTTPResponse {
    var headers = HTTPHeaders()
    headers.add("x-acs-request-id", requestId)
    if let ms = e.retryAfterMillis { headers.add("x-acs-retry-after", "\(ms)") }
    let hostId = host.isEmpty ? "\(product.lowercased()).aliyuncs.com" : host
    return .json(e.httpStatus, e.body(requestId: requestId, hostId: hostId, product: product), headers: headers)
  }

  func record(_ r: SimRequest, product: String, status: Int, code: String?, fault: SimFaultKind?) {
    sequence += 1
    counters.requests += 1
    counters.byAction[r.action, default: 0] += 1
    if let code {
      counters.errors += 1
      counters.byCode[code, default: 0] += 1
    }
    var params: [String: String] = [:]
    for (k, v) in r.params { params[k] = Redaction.isSecretKey(k) ? Redaction.placeholder : v }
    log.append(
      SimRequestRecord(
        sequence: sequence, time: config.clock.now, connectionID: r.connectionID, action: r.action, product: product,
        version: r.version, signing: r.signing.rawValue, accessKeyId: r.accessKeyId, params: params,
        httpStatus: status, code: code, fault: fault))
    if log.count > config.requestLogLimit { log.removeFirst(log.count - config.requestLogLimit) }
  }
}
