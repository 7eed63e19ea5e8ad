import AliCloudClient
import AliCloudCore
import AliCloudSim
import Synchronization
import Testing

@testable import TestSupport

@Test func waitingCreateSendsProgressForEachStateChange() async throws {
  let clock = ManualClock()
  let f = try CloudFixture(delayMs: 1_500, clock: clock)
  let seen = Mutex<[JSONValue]>([])
  let call = Task {
    try await f.call(
      "vpc/create", [CloudFixture.input(["vpcName": "p", "cidrBlock": "10.0.0.0/16"])],
      progress: { v in seen.withLock { $0.append(v) } })
  }
  try await eventually("the Pending report") {
    seen.withLock { $0 }.contains { $0["message"]?.stringValue?.hasSuffix(": Pending") == true }
  }
  clock.advance(.milliseconds(1_500))
  let r = try await call.value
  let id = try #require(r["results"]?["outputs"]?[0]?["vpcId"]?.stringValue)
  let messages = seen.withLock { $0 }.compactMap { $0["message"]?.stringValue }
  #expect(messages.contains("\(id): Pending"))
  #expect(messages.contains("\(id): Pending -> Available"))
  #expect(seen.withLock { $0 }.first?["kind"] == "begin")
  await f.stop()
}

@Test func cancelledWaitingCreateReportsTheCreatedVpc() async throws {
  let f = try CloudFixture(delayMs: 60_000)
  let started = Mutex(false)
  let call = Task {
    try await f.call(
      "vpc/create", [CloudFixture.input(["vpcName": "c", "cidrBlock": "10.0.0.0/16"])],
      progress: { _ in started.withLock { $0 = true } })
  }
  try await eventually("the first progress report") { started.withLock { $0 } }
  call.cancel()
  let r = try await call.value
  let out = try #require(r["results"]?["outputs"]?[0])
  let id = try #require(out["vpcId"]?.stringValue)
  #expect(out["errorCode"] == "1")
  #expect(out["errorMessage"]?.stringValue == "cancelled while waiting for \(id) to become Available")
  #expect(f.resources("vpc").map(\.id) == [id])
  await f.stop()
}

@Test func retriesAreReportedAsProgress() async throws {
  let f = try CloudFixture()
  var faults = SimFaults()
  faults.script = [.serviceUnavailable, .throttle]
  faults.actions = ["CreateVpc"]
  try f.sim.simulator.setFaults(faults)
  let seen = Mutex<[String]>([])
  let r = try await f.call(
    "vpc/create", [CloudFixture.input(["vpcName": "r", "cidrBlock": "10.0.0.0/16"])],
    progress: { v in if let m = v["message"]?.stringValue { seen.withLock { $0.append(m) } } })
  #expect(r["results"]?["outputs"]?[0]?["errorCode"] == "0", "\(r)")
  let retries = seen.withLock { $0 }.filter { $0.contains("retrying") }
  #expect(retries.count == 2, "\(retries)")
  #expect(retries.first?.hasPrefix("vpc:CreateVpc attempt 1 failed: ServiceUnavailable; retrying in") == true)
  #expect(retries.last?.contains("attempt 2 failed: Throttling.User") == true)
  await f.stop()
}

@Test func progressCountsTheInputsDone() async throws {
  let f = try CloudFixture()
  let seen = Mutex<[JSONValue]>([])
  let r = try await f.call(
    "vpc/create",
    [
      CloudFixture.input(["vpcName": "a", "cidrBlock": "10.0.0.0/16"]),
      CloudFixture.input(["vpcName": "b", "cidrBlock": "10.1.0.0/16"]),
      CloudFixture.input(["vpcName": "c"]),  // fails its check: done at once
    ], progress: { v in seen.withLock { $0.append(v) } })
  #expect(r["resultCode"] == "1")
  let counts = seen.withLock { $0 }.compactMap { $0["inputsDone"]?.intValue }
  #expect(counts.first == 1, "the input refused by its check is done first: \(counts)")
  #expect(counts.last == 3)
  #expect(counts == counts.sorted(), "\(counts)")
  let last = seen.withLock { $0 }.last { $0["inputsDone"] != nil }
  #expect(last?["inputs"] == 3)
  #expect(last?["percentage"] == 100)
  #expect(last?["message"] == "3 of 3 inputs done")
  await f.stop()
}
