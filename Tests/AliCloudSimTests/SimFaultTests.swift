import AliCloudCore
import AliCloudHTTP
import AliCloudSim
import Foundation
import TestSupport
import Testing

@Suite("Simulator: fault injection, inspection and connection reuse")
struct SimFaultTests {
  /// The fault kinds (or nil) met by `n` identical calls to a fresh simulator with this seed.
  static func faultSequence(seed: UInt64, n: Int) throws -> [String] {
    var f = SimFaults()
    f.throttleRate = 0.2
    f.serviceUnavailableRate = 0.1
    f.internalErrorRate = 0.1
    let sim = try startSim(seed: seed, faults: f)
    defer { sim.stop() }
    let c = try SimTestClient(sim)
    return try (0..<n).map { _ in try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou"]).code ?? "ok" }
  }

  @Test func faultsAreDeterministicFromTheSeed() async throws {
    try await offPool {
      let a = try Self.faultSequence(seed: 42, n: 40)
      let b = try Self.faultSequence(seed: 42, n: 40)
      let other = try Self.faultSequence(seed: 43, n: 40)
      #expect(a == b)
      #expect(a != other)
      #expect(a.contains("Throttling.User"))
      #expect(a.contains("ok"))
      #expect(Set(a).isSubset(of: ["ok", "Throttling.User", "ServiceUnavailable", "InternalError"]))
    }
  }

  @Test func faultedCreatesChangeNothing() async throws {
    try await offPool {
      var f = SimFaults()
      f.script = [.throttle, .serviceUnavailable, .internalError, .drop]
      f.retryAfterMillis = 250
      let sim = try startSim(faults: f)
      defer { sim.stop() }
      let c = try SimTestClient(sim)
      let p = ["RegionId": "cn-hangzhou", "CidrBlock": "10.0.0.0/16"]
      let t = try c.call("CreateVpc", p)
      #expect(t.status == 400)
      #expect(t.code == "Throttling.User")
      #expect(t.headers["x-acs-retry-after"] == "250")
      let u = try c.call("CreateVpc", p)
      #expect(u.status == 503)
      #expect(u.code == "ServiceUnavailable")
      let i = try c.call("CreateVpc", p)
      #expect(i.status == 500)
      #expect(i.code == "InternalError")
      #expect(throws: (any Error).self) { try c.call("CreateVpc", p) }
      #expect(sim.simulator.resources(kind: "vpc").isEmpty)
      let fresh = try SimTestClient(sim)
      #expect(try fresh.call("CreateVpc", p).status == 200)
      #expect(sim.simulator.resources(kind: "vpc").count == 1)
      #expect(sim.simulator.stats.faults == ["throttle": 1, "serviceUnavailable": 1, "internalError": 1, "drop": 1])
    }
  }

  @Test func lostResponseAppliesAndTokenRetryFindsIt() async throws {
    try await offPool {
      var f = SimFaults()
      f.script = [.lostResponse]
      let sim = try startSim(faults: f)
      defer { sim.stop() }
      let p = ["RegionId": "cn-hangzhou", "CidrBlock": "10.0.0.0/16", "ClientToken": "retry-1"]
      let c = try SimTestClient(sim)
      #expect(throws: (any Error).self) { try c.call("CreateVpc", p) }
      let retry = try SimTestClient(sim).ok("CreateVpc", p)
      #expect(sim.simulator.resources(kind: "vpc").map(\.id) == [retry["VpcId"]?.stringValue])
    }
  }

  @Test func inspectionEndpointsAndConnectionCounts() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try SimTestClient(sim)
      for _ in 0..<3 { try c.ok("CreateVpc", ["RegionId": "cn-hangzhou"]) }
      let raw = try LoopbackHTTPClient(port: sim.port, receiveTimeoutSeconds: 5)
      try raw.send("GET /__sim/stats HTTP/1.1\r\n\r\n")
      let stats = try JSONValue.parse(raw.readResponse().body)
      #expect(stats["requests"] == 3)
      #expect(stats["http"]?["connectionsAccepted"] == 2)
      try raw.send("GET /__sim/state?kind=vpc HTTP/1.1\r\n\r\n")
      #expect(try JSONValue.parse(raw.readResponse().body)["resources"]?.arrayValue?.count == 3)
      try raw.send("GET /__sim/requests?since=2 HTTP/1.1\r\n\r\n")
      let reqs = try JSONValue.parse(raw.readResponse().body)["requests"]?.arrayValue ?? []
      #expect(reqs.count == 1)
      #expect(reqs.first?["action"] == "CreateVpc")
      #expect(reqs.first?["connection"] == 1)
      let body = #"{"throttleRate": 1}"#
      try raw.send("POST /__sim/faults HTTP/1.1\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
      #expect(try raw.readResponse().status == 200)
      #expect(try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou"]).code == "Throttling.User")
      let bad = #"{"throttleRate": 7}"#
      try raw.send("POST /__sim/faults HTTP/1.1\r\nContent-Length: \(bad.utf8.count)\r\n\r\n\(bad)")
      #expect(try raw.readResponse().status == 400)
      try raw.send("POST /__sim/reset HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
      #expect(try raw.readResponse().status == 200)
      #expect(sim.simulator.resources().isEmpty)
      #expect(try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou"]).status == 200)
      try raw.send("GET /__sim/nothing HTTP/1.1\r\n\r\n")
      #expect(try raw.readResponse().status == 404)
    }
  }
}
