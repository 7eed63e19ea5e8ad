import AliCloudClient
import AliCloudCore
import AliCloudJournal
import AliCloudSim
import Foundation
import TestSupport
import Testing

/// A re-sent input is the same mutation: after a finished call, while the first still runs,
/// after the caller gave up, and after the daemon restarted on the same journal.
@Suite struct ResendTests {
  static let vpc: [String: JSONValue] = ["vpcName": "resend", "cidrBlock": "10.0.0.0/16"]

  func creates(_ f: CloudFixture, _ action: String = "CreateVpc") -> Int {
    f.sim.simulator.requests().filter { $0.action == action && $0.code == nil }.count
  }

  /// Sends one vpc/create and gives up after `timeout`; the VPC id its final reply names, when it
  /// timed out.
  func giveUp(_ f: CloudFixture, after timeout: Duration) async -> String? {
    do {
      _ = try await f.client.call("vpc/create", params: ["inputs": [CloudFixture.input(Self.vpc)]], timeout: timeout)
      return nil
    } catch {
      guard error.name == "alicloudd.TimedOut" else { return nil }
      return error.data["result"]?["results"]?["outputs"]?[0]?["vpcId"]?.stringValue
    }
  }

  @Test func aFinishedCreateSentAgainAnswersTheSameResource() async throws {
    let f = try CloudFixture(journal: MutationJournal(directory: nil))
    let first = try await f.one("vpc/create", Self.vpc)
    let again = try await f.one("vpc/create", Self.vpc)
    #expect(first["errorCode"] == "0" && again == first)
    #expect(f.resources("vpc").count == 1 && creates(f) == 1)
    // A different input with the same guid is a new mutation.
    let other = try await f.one("vpc/create", ["vpcName": "other", "cidrBlock": "10.1.0.0/16"])
    #expect(other["vpcId"] != first["vpcId"] && f.resources("vpc").count == 2)
    #expect(f.daemon.logs.records.contains { $0.message.contains("a guid sent again with other parameters") })
    await f.stop()
  }

  @Test func identicalInputsOfOneCallAreDistinctAndARerunPairsThem() async throws {
    let f = try CloudFixture(journal: MutationJournal(directory: nil))
    let inputs = [CloudFixture.input(Self.vpc), CloudFixture.input(Self.vpc)]
    let ids = { (r: JSONValue) in (r["results"]?["outputs"]?.arrayValue ?? []).compactMap { $0["vpcId"]?.stringValue } }
    let first = ids(try await f.call("vpc/create", inputs))
    #expect(first.count == 2 && Set(first).count == 2)
    #expect(ids(try await f.call("vpc/create", inputs)) == first)
    #expect(f.resources("vpc").count == 2)
    await f.stop()
  }

  @Test func anIdenticalCallWhileTheFirstRunsJoinsIt() async throws {
    let f = try CloudFixture(delayMs: 300, journal: MutationJournal(directory: nil))
    async let a = f.one("vpc/create", Self.vpc)
    async let b = f.one("vpc/create", Self.vpc)
    let (ra, rb) = try await (a, b)
    #expect(ra["errorCode"] == "0" && ra["vpcId"] == rb["vpcId"])
    #expect(f.resources("vpc").count == 1 && creates(f) == 1)
    await f.stop()
  }

  /// A caller gives up after 1 s on a slow create and re-sends at once: one VPC, named by both
  /// the first call's final reply and the second's.
  @Test func aCallerThatTimesOutAndResendsAtOnceGetsTheSameResource() async throws {
    let f = try CloudFixture(delayMs: 1500, journal: MutationJournal(directory: nil))
    let known = await giveUp(f, after: .seconds(1))
    let again = try await f.one("vpc/create", Self.vpc)
    #expect(again["errorCode"] == "0", "\(again)")
    #expect(known != nil && again["vpcId"]?.stringValue == known)
    #expect(f.resources("vpc").count == 1 && creates(f) <= 2)
    #expect(try await f.client.call("daemon.pending")["pending"] == [])
    await f.stop()
  }

  @Test func aCallerThatGaveUpIsListedAsPendingUntilItResends() async throws {
    let f = try CloudFixture(delayMs: 400, journal: MutationJournal(directory: nil))
    let known = await giveUp(f, after: .milliseconds(150))
    try await eventually("the abandoned create to be cancelled") { f.daemon.daemon.counts.inFlight == 0 }
    #expect(f.resources("vpc").count == 1 && known != nil && known == f.resources("vpc").first?.id)
    let pending = try await f.client.call("daemon.pending")
    #expect(pending["pending"]?[0]?["operation"] == "vpc/create")
    #expect(pending["pending"]?[0]?["resourceId"]?.stringValue == known)
    let again = try await f.one("vpc/create", Self.vpc)
    #expect(again["errorCode"] == "0" && again["vpcId"]?.stringValue == known)
    #expect(f.resources("vpc").count == 1)
    #expect(try await f.client.call("daemon.pending")["pending"] == [])
    await f.stop()
  }

  @Test func aDaemonRestartedOnTheSameJournalFinishesTheCreate() async throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    let first = try CloudFixture(delayMs: 400, journal: MutationJournal(directory: dir))
    #expect(await giveUp(first, after: .milliseconds(150)) != nil)
    await first.stopDaemon()
    let made = try #require(first.resources("vpc").first?.id)

    let journal = MutationJournal(directory: dir)
    #expect(journal.unfinished.count == 1 && journal.unfinished.first?.resourceId == made)
    let second = try CloudFixture(journal: journal, sim: first.sim)
    let status = try await second.client.call("daemon.status")
    #expect(status["journal"]?["unfinished"] == 1)
    let again = try await second.one("vpc/create", Self.vpc)
    #expect(again["errorCode"] == "0" && again["vpcId"]?.stringValue == made)
    #expect(second.resources("vpc").count == 1 && journal.unfinished.isEmpty)
    await second.stop()
  }

  @Test func aDeleteLetsTheSameGuidCreateAgain() async throws {
    let f = try CloudFixture(journal: MutationJournal(directory: nil))
    let first = try await f.one("vpc/create", Self.vpc)
    let id = try #require(first["vpcId"])
    #expect(try await f.one("vpc/delete", ["vpcId": id])["errorCode"] == "0")
    let second = try await f.one("vpc/create", Self.vpc)
    #expect(second["errorCode"] == "0" && second["vpcId"] != id && f.resources("vpc").count == 1)
    await f.stop()
  }

  @Test func anUnwritableJournalRefusesMutationsButTheDaemonAnswers() async throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    #expect(FileManager.default.createFile(atPath: dir + "/file", contents: Data()))
    let f = try CloudFixture(journal: MutationJournal(directory: dir + "/file/state"))
    let out = try await f.one("vpc/create", Self.vpc)
    #expect(out["errorCode"] == "1")
    #expect(out["errorMessage"]?.stringValue?.contains(dir + "/file/state") == true)
    #expect(f.resources("vpc").isEmpty)
    let status = try await f.client.call("daemon.status")
    #expect(status["journal"]?["problem"]?.stringValue?.contains("refused") == true)
    await f.stop()
  }
}
