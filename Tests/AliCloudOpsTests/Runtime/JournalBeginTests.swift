import AliCloudAPI
import AliCloudCore
import AliCloudJournal
import AliCloudOps
import Foundation
import Synchronization
import TestSupport
import Testing

/// The journal's begin record is on disk before the first call that may change the cloud, and
/// only then: a create that finds the resource its input names reads it without waiting for the
/// disk, and still answers a re-send from the journal.
@Suite struct JournalBeginTests {
  /// A scripted cloud that notes, for each request, its action and the journal's records so far.
  final class Watching: HTTPTransport {
    let cloud: ScriptedCloud
    let path: String
    let seen = Mutex<[(action: String, records: [String])]>([])

    init(_ answers: [String: [JSONValue]], journal path: String) {
      cloud = ScriptedCloud(answers)
      self.path = path
    }

    func send(_ request: HTTPRequest) async throws(AliCloudError) -> HTTPResponse {
      let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
      let records = text.split(separator: "\n").compactMap { try? JSONValue.parse(String($0))["r"]?.stringValue }
      seen.withLock { $0.append((request.headers["x-acs-action"] ?? "", records)) }
      return try await cloud.send(request)
    }
  }

  static let vpc: JSONValue = [
    "RequestId": "r-1",
    "Vpcs": ["Vpc": [["VpcId": "vpc-1", "Status": "Available", "RouterTableIds": ["RouterTableIds": ["vtb-1"]]]]],
  ]

  func run(_ transport: Watching, _ journal: MutationJournal, _ fields: [String: JSONValue], guid: String)
    async throws -> JSONValue
  {
    let env = OpsEnvironment(
      client: OpenAPIClient(
        configuration: .init(retry: RetryPolicy(maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1)), transport: transport),
      waits: .fast(timeoutMs: 2_000), defaultCredential: { nil }, journal: journal)
    let handler = try #require(Operations.handlers(env)["vpc/create"])
    var input: [String: JSONValue] = [
      "guid": .string(guid), "identityParams": "accessKeyId=AK;secret=SK", "cloudParams": "regionId=cn-test",
      "vpcName": "v", "cidrBlock": "10.0.0.0/16",
    ]
    input.merge(fields) { _, b in b }
    let result = try await handler(["inputs": [.object(input)]], OperationContext(callID: "1"))
    return result["results"]?["outputs"]?[0] ?? .null
  }

  func directory() throws -> String {
    let d = NSTemporaryDirectory() + "journal-begin-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  @Test func aCreateThatFindsItsResourceReadsBeforeAnyRecordAndIsAnsweredFromTheJournalAfter() async throws {
    let dir = try directory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let journal = MutationJournal(directory: dir)
    let t = Watching(["DescribeVpcs": [Self.vpc]], journal: dir + "/journal.jsonl")
    let out = try await run(t, journal, ["vpcId": "vpc-1"], guid: "g-1")
    #expect(out["errorCode"] == "0" && out["vpcId"] == "vpc-1" && out["routeTableId"] == "vtb-1", "\(out)")
    #expect(out["requestId"] == "r-1")
    let seen = t.seen.withLock { $0 }
    #expect(seen.map(\.action) == ["DescribeVpcs"])
    #expect(seen.first?.records == [], "a record was written before the lookup: \(seen)")
    #expect(journal.unfinished.isEmpty)
    // The same input again: answered from the journal, with the same outputs, and no call.
    let again = try await run(t, journal, ["vpcId": "vpc-1"], guid: "g-1")
    #expect(again == out)
    #expect(t.seen.withLock { $0.count } == 1)
    // And after a restart on the same file.
    let reopened = MutationJournal(directory: dir)
    #expect(try await run(t, reopened, ["vpcId": "vpc-1"], guid: "g-1") == out)
    #expect(t.seen.withLock { $0.count } == 1)
  }

  @Test func aCreateThatMakesItsResourceHasItsBeginRecordOnDiskBeforeTheCreateCall() async throws {
    let dir = try directory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let journal = MutationJournal(directory: dir)
    let made: JSONValue = ["RequestId": "r-2", "VpcId": "vpc-2", "RouteTableId": "vtb-2"]
    let t = Watching(
      [
        "DescribeVpcs": [["Vpcs": ["Vpc": []]], ["Vpcs": ["Vpc": [["VpcId": "vpc-2", "Status": "Available"]]]]],
        "CreateVpc": [made],
      ], journal: dir + "/journal.jsonl")
    // The input names a VPC that does not exist: a lookup, then the create.
    let out = try await run(t, journal, ["vpcId": "vpc-gone"], guid: "g-2")
    #expect(out["errorCode"] == "0", "\(out)")
    let seen = t.seen.withLock { $0 }
    #expect(seen.map(\.action).prefix(2) == ["DescribeVpcs", "CreateVpc"])
    #expect(seen[0].records == [])
    #expect(seen[1].records == ["begin"], "the create was sent before its begin record: \(seen)")
    let tokens = t.cloud.sent("CreateVpc").compactMap { $0["ClientToken"] }
    #expect(tokens.count == 1)
  }

  @Test func anUnwritableJournalStillRefusesACreateThatWouldMakeAResource() async throws {
    let dir = try directory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    // A journal whose path is a directory cannot be opened or written.
    try FileManager.default.createDirectory(atPath: dir + "/journal.jsonl", withIntermediateDirectories: true)
    let journal = MutationJournal(directory: dir)
    let t = Watching(
      ["DescribeVpcs": [["Vpcs": ["Vpc": []]]], "CreateVpc": [["VpcId": "vpc-3"]]], journal: dir + "/none")
    let out = try await run(t, journal, [:], guid: "g-3")
    #expect(out["errorCode"] != "0")
    #expect(out["errorMessage"]?.stringValue?.contains("cannot be written") == true, "\(out)")
    #expect(t.cloud.sent("CreateVpc").isEmpty)
  }
}
