import AliCloudAPI
import AliCloudCore
import AliCloudDaemon
import AliCloudSigning
import AliCloudSim
import Foundation
import Synchronization
import TestSupport
import Testing

/// The API client against the simulator over real HTTP on 127.0.0.1.
@Suite struct SimulatorHTTPTests {
  /// Polls DescribeVpcs until `id` has `status` (or is gone, for nil), moving the simulator's
  /// clock on by 10 ms before each further poll.
  func waitVpc(_ sim: SimClientFixture, _ id: String, status: String?) async throws {
    for _ in 0..<200 {
      let r = try await sim.call(.vpc, "DescribeVpcs", ["VpcId": .string(id)])
      let vpc = r["Vpcs"]?["Vpc"]?.arrayValue?.first { $0["VpcId"]?.stringValue == id }
      if vpc?["Status"]?.stringValue == status { return }
      sim.clock.advance(.milliseconds(10))
    }
    Issue.record("\(id) never reached \(status ?? "gone")")
  }

  @Test(arguments: [OpenAPIClient.SignatureVersion.v3, .v1])
  func createDescribeDeleteVpc(signature: OpenAPIClient.SignatureVersion) async throws {
    let sim = try SimClientFixture(signature: signature)
    defer { sim.stop() }
    let created = try await sim.call(
      .vpc, "CreateVpc", ["VpcName": "sandbox-test", "CidrBlock": "10.0.0.0/16"], clientToken: "tok-\(signature)")
    let id = try #require(created["VpcId"]?.stringValue)
    #expect(id.hasPrefix("vpc-"))
    #expect(created["RequestId"]?.stringValue?.isEmpty == false)
    try await waitVpc(sim, id, status: "Available")
    let described = try await sim.call(.vpc, "DescribeVpcAttribute", ["VpcId": .string(id)])
    #expect(described["VpcName"] == "sandbox-test" && described["CidrBlock"] == "10.0.0.0/16")
    _ = try await sim.call(.vpc, "DeleteVpc", ["VpcId": .string(id)])
    try await waitVpc(sim, id, status: nil)
    #expect(sim.simulator.resource(id) == nil)
    let signings = Set(sim.simulator.requests().map(\.signing))
    #expect(signings == [signature.rawValue])
  }

  @Test func concurrentCreatesUnderThrottlingMakeNoDuplicates() async throws {
    let sim = try SimClientFixture(retry: RetryPolicy(maxAttempts: 15, baseDelayMs: 1, maxDelayMs: 10)) { c in
      c.seed = 7
      c.faults.throttleRate = 0.3
      // Applied, then the answer is lost: only the kept ClientToken prevents a second VPC.
      c.faults.lostResponseRate = 0.1
      c.faults.actions = ["CreateVpc"]
    }
    defer { sim.stop() }
    let ids = try await withThrowingTaskGroup(of: String.self) { group in
      for i in 0..<100 {
        group.addTask {
          let r = try await sim.call(
            .vpc, "CreateVpc", ["VpcName": .string("v\(i)"), "CidrBlock": "10.0.0.0/16"], clientToken: "token-\(i)")
          return r["VpcId"]?.stringValue ?? ""
        }
      }
      var all: [String] = []
      for try await id in group { all.append(id) }
      return all
    }
    #expect(ids.count == 100 && Set(ids).count == 100 && !ids.contains(""))
    #expect(sim.simulator.resources(kind: "vpc").count == 100)
    let faults = sim.simulator.stats.faults
    #expect((faults["throttle"] ?? 0) > 0 && (faults["lostResponse"] ?? 0) > 0, "\(faults)")
    #expect(sim.client.metrics.retries > 0)
  }

  @Test func sequentialCallsReuseAHandfulOfConnections() async throws {
    let sim = try SimClientFixture()
    defer { sim.stop() }
    for _ in 0..<1000 {
      _ = try await sim.call(.vpc, "DescribeVpcs", region: "cn-shanghai")
    }
    let http = sim.server.http.stats
    #expect(http.requestsServed >= 1000)
    #expect(http.connectionsAccepted >= 1 && http.connectionsAccepted <= 4, "\(http)")
  }

  @Test func wrongSecretSurfacesSignatureDoesNotMatch() async throws {
    let sim = try SimClientFixture()
    defer { sim.stop() }
    let wrong = Credential(accessKeyId: Sandbox.credential.accessKeyId, accessKeySecret: "not-the-right-secret")
    do {
      _ = try await sim.call(.vpc, "DescribeVpcs", credential: wrong)
      Issue.record("a wrong secret was accepted")
    } catch {
      #expect(error.code == "SignatureDoesNotMatch")
      #expect(error.kind == .service && !error.retryable)
      #expect(error.requestId?.isEmpty == false)
      #expect(!error.description.contains("not-the-right-secret"))
    }
    #expect(sim.simulator.stats.byCode["SignatureDoesNotMatch"] == 1)
  }
}
