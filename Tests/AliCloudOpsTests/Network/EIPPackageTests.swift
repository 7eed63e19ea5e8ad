import AliCloudAPI
import AliCloudCore
import AliCloudSim
import Testing

@testable import TestSupport

/// An EIP's common bandwidth package goes with it: a release interrupted at any step is finished
/// by its re-send, and a package made by an allocate that failed is reported and released with
/// the EIP, so no fault leaves a package that no operation deletes.
@Suite struct EIPPackageTests {
  /// Two attempts per call, so two scripted failures fail a call.
  static func fixture() throws -> CloudFixture {
    try CloudFixture(delayMs: 5, retry: RetryPolicy(maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2))
  }

  static func failing(_ action: String, _ f: CloudFixture) throws {
    var faults = SimFaults()
    faults.actions = [action]
    faults.script = [.internalError, .internalError]
    try f.sim.simulator.setFaults(faults)
  }

  @Test(arguments: [nil, "shared"] as [String?]) func releaseFailingAtThePackageIsFinishedByItsResend(name: String?)
    async throws
  {
    let f = try Self.fixture()
    let named: [String: JSONValue] = name.map { ["cbpName": .string($0)] } ?? [:]
    let eip = try await f.one("vpc/eip/allocate", named)
    try #require(eip["errorCode"] == "0", "\(eip)")
    #expect(f.resources("bandwidthpackage").count == 1)
    try Self.failing("DeleteCommonBandwidthPackage", f)
    let release: [String: JSONValue] = ["allocationId": eip["allocationId"]!]
    let first = try await f.one("vpc/eip/release", release)
    #expect(first["errorCode"] == "1", "\(first)")
    try f.sim.simulator.setFaults(SimFaults())
    let again = try await f.one("vpc/eip/release", release)
    #expect(again["errorCode"] == "0", "\(again)")
    #expect(f.resources().map(\.id) == [])
    await f.stop()
  }

  @Test(arguments: [nil, "shared"] as [String?]) func packageOfAFailedAllocateIsReportedAndReleasedWithTheEIP(
    name: String?
  ) async throws {
    let f = try Self.fixture()
    let named: [String: JSONValue] = name.map { ["cbpName": .string($0)] } ?? [:]
    try Self.failing("AddCommonBandwidthPackageIp", f)
    let failed = try await f.one("vpc/eip/allocate", named)
    #expect(failed["errorCode"] == "1", "\(failed)")
    let package = try #require(f.resources("bandwidthpackage").first?.id)
    #expect(failed["allocationId"] != nil && failed["cbpId"]?.stringValue == package, "\(failed)")
    try f.sim.simulator.setFaults(SimFaults())
    let release = try await f.one(
      "vpc/eip/release", named.merging(["allocationId": failed["allocationId"]!]) { a, _ in a })
    #expect(release["errorCode"] == "0", "\(release)")
    #expect(f.resources().map(\.id) == [])
    await f.stop()
  }

  @Test func resentFailedAllocateUsesThePackageItMade() async throws {
    let f = try Self.fixture()
    try Self.failing("AddCommonBandwidthPackageIp", f)
    let failed = try await f.one("vpc/eip/allocate", [:])
    #expect(failed["errorCode"] == "1", "\(failed)")
    try f.sim.simulator.setFaults(SimFaults())
    let again = try await f.one("vpc/eip/allocate", ["allocationId": failed["allocationId"]!])
    #expect(again["errorCode"] == "0" && again["cbpId"] == failed["cbpId"], "\(again) after \(failed)")
    #expect(f.resources("bandwidthpackage").count == 1 && f.resources("eip").count == 1)
    await f.stop()
  }
}
