import AliCloudCore
import AliCloudSigning
import AliCloudSim
import Foundation
import TestSupport

/// Signs OpenAPI calls as the SDKs do and sends them to a simulator over loopback.
final class SimTestClient {
  let port: UInt16
  var credential: Credential
  var signing: SimRequest.Signing
  let connection: LoopbackHTTPClient
  /// The simulator's clock; requests are signed at its time.
  let clock: any TimeSource

  init(_ server: SimServer, signing: SimRequest.Signing = .v3, credential: Credential? = nil) throws {
    port = server.port
    clock = server.simulator.config.clock
    self.signing = signing
    self.credential =
      credential
      ?? Credential(
        accessKeyId: SimCredential.sandbox.accessKeyId, accessKeySecret: SimCredential.sandbox.accessKeySecret)
    connection = try LoopbackHTTPClient(port: port, receiveTimeoutSeconds: 5)
  }

  struct Reply {
    var status: Int
    var body: JSONValue
    var headers: [String: String]
    var code: String? { body["Code"]?.stringValue }
  }

  static let versions = [
    "Vpc": "2016-04-28", "Ecs": "2014-05-26", "Cbn": "2017-09-12", "Slb": "2014-05-15", "Rds": "2014-08-15",
    "R-kvstore": "2015-01-01",
  ]

  /// Calls an action; `product` picks the API version.
  func call(
    _ action: String, _ params: [String: String] = [:], product: String = "Vpc", date: Date? = nil,
    nonce: String = RequestSigner.makeNonce(), version: String? = nil
  ) throws -> Reply {
    let date = date ?? clock.now
    let v = version ?? Self.versions[product]!
    let host = "\(product.lowercased()).aliyuncs.com"
    var head = ""
    var query = params
    switch signing {
    case .v3:
      let h = RequestSigner.signV3(
        method: "POST", host: host, action: action, version: v, query: params, credential: credential, date: date,
        nonce: nonce)
      for (k, val) in h.sorted(by: { $0.key < $1.key }) { head += "\(k): \(val)\r\n" }
    case .v1:
      query = RequestSigner.signV1(
        method: "POST", action: action, version: v, params: params, credential: credential, date: date, nonce: nonce)
      head += "host: \(host)\r\n"
    }
    let target = "/?" + PercentEncoding.canonicalQuery(query)
    try connection.send("POST \(target) HTTP/1.1\r\n\(head)content-length: 0\r\n\r\n")
    let r = try connection.readResponse()
    return Reply(status: r.status, body: try JSONValue.parse(r.body), headers: r.headers)
  }

  /// Calls and expects success; returns the body.
  @discardableResult
  func ok(_ action: String, _ params: [String: String] = [:], product: String = "Vpc") throws -> JSONValue {
    let r = try call(action, params, product: product)
    guard r.status == 200 else { throw LoopbackHTTPClient.Failure(description: "\(action): \(r.status) \(r.body)") }
    return r.body
  }
}

/// A simulator with millisecond transitions on a manual clock, on an ephemeral port.
func startSim(delayMs: Int = 20, seed: UInt64 = 7, faults: SimFaults = SimFaults()) throws -> SimServer {
  var c = SimConfig(seed: seed, delays: .milliseconds(delayMs))
  c.faults = faults
  c.clock = ManualClock()
  c.credentials.append(
    SimCredential(accessKeyId: "LTAI-sts-key", accessKeySecret: "sts-secret", securityToken: "tok-1"))
  return try SimServer.start(c)
}

extension ManualClock {
  /// Moves the clock on in 10 ms steps until `condition` holds; false when it still does not
  /// after `limit` of simulated time. Nothing sleeps: the simulator applies the transitions
  /// that fell due when it is next asked.
  func settle(limit: Duration = .seconds(8), _ condition: () throws -> Bool) rethrows -> Bool {
    let step = Duration.milliseconds(10)
    var moved = Duration.zero
    while try !condition() {
      if moved >= limit { return false }
      advance(step)
      moved += step
    }
    return true
  }
}

/// The manual clock of a simulator that was started with one (`startSim`).
func manualClock(_ clock: any TimeSource) -> ManualClock {
  guard let manual = clock as? ManualClock else { preconditionFailure("the simulator was not given a ManualClock") }
  return manual
}

extension SimServer {
  /// Advances the simulator's clock until `condition` holds (see `ManualClock.settle`).
  func settle(limit: Duration = .seconds(8), _ condition: () throws -> Bool) rethrows -> Bool {
    try manualClock(simulator.config.clock).settle(limit: limit, condition)
  }
}

extension SimTestClient {
  /// Advances the simulator's clock until `condition` holds (see `ManualClock.settle`).
  func settle(limit: Duration = .seconds(8), _ condition: () throws -> Bool) rethrows -> Bool {
    try manualClock(clock).settle(limit: limit, condition)
  }
}
