import AliCloudCore
import AliCloudHTTP
import AliCloudSigning
import Foundation

/// The inspection API, in Swift and over HTTP under `/__sim/`:
/// `GET /__sim/state[?kind=vpc]`, `GET /__sim/requests[?since=N]`, `GET|POST /__sim/faults`,
/// `POST /__sim/reset`, `GET /__sim/stats`.
extension Simulator {
  /// Every resource (optionally of one kind), in creation order, after due transitions.
  public func resources(kind: String? = nil) -> [SimResource] {
    lock.withLock {
      state.advance(to: config.clock.now)
      return state.resources.values.filter { kind == nil || $0.kind == kind }.sorted { $0.sequence < $1.sequence }
    }
  }

  public func resource(_ id: String) -> SimResource? {
    lock.withLock {
      state.advance(to: config.clock.now)
      return state[id]
    }
  }

  /// Changes the state directly (tests seeding resources).
  public func withState<T>(_ body: (inout SimState) -> T) -> T {
    lock.withLock {
      state.advance(to: config.clock.now)
      return body(&state)
    }
  }

  /// Handled requests after the given sequence number, oldest first.
  public func requests(since: Int = 0) -> [SimRequestRecord] { lock.withLock { log.filter { $0.sequence > since } } }

  public var faultSettings: SimFaults { lock.withLock { faults } }

  /// Replaces the fault settings; the script starts over.
  public func setFaults(_ f: SimFaults) throws(SimError) {
    if let p = f.problem { throw SimError("InvalidParameter", p) }
    lock.withLock {
      faults = f
      script = f.script
    }
  }

  /// Forgets every resource, request, nonce, token and counter; the seed starts over.
  public func reset() {
    lock.withLock {
      state = SimState(now: config.clock.now)
      auth.reset()
      tokens = [:]
      log = []
      sequence = 0
      counters = SimStats()
      letIn = [:]
      faults = config.faults
      script = config.faults.script
      faultRNG = SeededGenerator(seed: config.seed)
      idRNG = SeededGenerator(seed: config.seed ^ 0x5EED_1D5)
    }
  }

  public var stats: SimStats { lock.withLock { counters } }

  /// Simulator counters plus the HTTP server's connection counters.
  public var statsJSON: JSONValue {
    var o = stats.json.objectValue ?? [:]
    if let h = lock.withLock({ httpStats })?() {
      o["http"] = [
        "connectionsAccepted": .int(h.connectionsAccepted), "connectionsOpen": .int(h.connectionsOpen),
        "requestsServed": .int(h.requestsServed), "requestsRejected": .int(h.requestsRejected),
      ]
    }
    return .object(o)
  }

  func inspect(_ http: HTTPRequest) -> HTTPResponse {
    guard let query = PercentEncoding.parseQuery(http.query) else {
      return .json(400, ["error": "the query string is not correctly percent-encoded"])
    }
    switch (http.method, http.path) {
    case ("GET", "/__sim/state"):
      return .json(200, ["resources": .array(resources(kind: query["kind"]).map(\.json))])
    case ("GET", "/__sim/requests"):
      let since = Int(query["since"] ?? "") ?? 0
      return .json(200, ["requests": .array(requests(since: since).map(\.json))])
    case ("GET", "/__sim/faults"):
      return .json(200, JSONValue.parseEncodable(faultSettings))
    case ("POST", "/__sim/faults"):
      guard let f = try? JSONDecoder().decode(SimFaults.self, from: http.body) else {
        return .json(400, ["error": "the body must be a JSON object of fault settings"])
      }
      do {
        try setFaults(f)
      } catch {
        return .json(400, ["error": .string(error.message)])
      }
      return .json(200, JSONValue.parseEncodable(f))
    case ("POST", "/__sim/reset"):
      reset()
      return .json(200, ["reset": true])
    case ("GET", "/__sim/stats"):
      return .json(200, statsJSON)
    case (_, "/__sim/state"), (_, "/__sim/requests"), (_, "/__sim/faults"), (_, "/__sim/reset"), (_, "/__sim/stats"):
      return .json(405, ["error": .string("method \(http.method) not allowed on \(http.path)")])
    default:
      return .json(404, ["error": .string("unknown inspection path \(http.path)")])
    }
  }
}

extension JSONValue {
  static func parseEncodable(_ v: some Encodable) -> JSONValue {
    guard let d = try? JSONEncoder().encode(v), let j = try? JSONValue.parse(d) else { return .null }
    return j
  }
}
