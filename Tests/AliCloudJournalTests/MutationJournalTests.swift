import AliCloudCore
import AliCloudJournal
import Foundation
import Synchronization
import TestSupport
import Testing

/// The journal file: durable records, recovery from a torn tail, expiry, compaction, refusal when
/// it cannot be written, and no secrets.
@Suite struct MutationJournalTests {
  static func key(_ guid: String = "g1", op: String = "vpc/create") -> JournalKey {
    JournalKey(operation: op, guid: guid, digest: "d-" + guid, region: "cn-hangzhou", accessKeyId: "LTAIexample")
  }

  /// A clock tests move by hand (milliseconds since 1970).
  final class Now: Sendable {
    let ms = Mutex<Int64>(1_700_000_000_000)
    var read: @Sendable () -> Int64 { { [self] in ms.withLock { $0 } } }
    func advance(seconds: Int64) { ms.withLock { $0 += seconds * 1000 } }
  }

  func file(_ dir: String) -> String { dir + "/journal.jsonl" }

  @Test func flushedWritesRunOffTheCallersThreadAndPassErrorsBack() async throws {
    let dir = try DaemonFixture.makeTemporaryDirectory() + "/state"
    let j = MutationJournal(directory: dir)
    let caller = UInt(pthread_self())
    final class Seen: Sendable { let order = Mutex<[Int]>([]) }
    let seen = Seen()
    let entries = try await withThrowingTaskGroup(of: JournalEntry.self) { group in
      for n in 0..<8 {
        group.addTask {
          try await j.offDisk { () throws(JournalError) in
            #expect(UInt(pthread_self()) != caller)
            seen.order.withLock { $0.append(n) }
            return try j.begin(Self.key("g\(n)"))
          }
        }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(entries.count == 8 && seen.order.withLock { $0.count } == 8)
    #expect(Set(entries.map(\.key.guid)) == Set((0..<8).map { "g\($0)" }))
    let refused = JournalError(path: dir, reason: "test")
    await #expect(throws: JournalError.self) {
      try await j.offDisk { () throws(JournalError) -> Int in throw refused }
    }
  }

  @Test func recordsSurviveReopeningAndOutputsAreRedacted() throws {
    let dir = try DaemonFixture.makeTemporaryDirectory() + "/state"
    let j = MutationJournal(directory: dir)
    #expect(j.problem == nil)
    let e = try j.begin(Self.key())
    try j.noteResource(e.id, "vpc-1")
    try j.finish(e.id, .succeeded(["vpcId": "vpc-1", "password": "hunter2"]))
    let failed = try j.begin(Self.key("g2"))
    try j.finish(failed.id, .failed("InvalidCidr"))
    let open = try j.begin(Self.key("g3"))

    let again = MutationJournal(directory: dir)
    #expect(again.loaded.entries == 3 && !again.loaded.tornTail)
    let reread = try #require(again.entry(for: Self.key()))
    #expect(reread.id == e.id && reread.resourceId == "vpc-1")
    #expect(reread.outcome == .succeeded(["vpcId": "vpc-1", "password": "***"]))
    #expect(again.entry(for: Self.key("g2"))?.outcome == .failed("InvalidCidr"))
    #expect(again.unfinished.map(\.id) == [open.id])
    let text = try String(contentsOfFile: file(dir), encoding: .utf8)
    #expect(!text.contains("hunter2") && text.contains("LTAIexample"))
    var st = stat()
    stat(file(dir), &st)
    #expect(st.st_mode & 0o777 == 0o600)
  }

  @Test func aTornLastRecordIsDroppedAndTheFileRepaired() throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    let j = MutationJournal(directory: dir)
    let e = try j.begin(Self.key())
    try j.noteResource(e.id, "vpc-1")
    // A crash in the middle of appending the finish record.
    let handle = try #require(FileHandle(forWritingAtPath: file(dir)))
    handle.seekToEndOfFile()
    handle.write(Data(#"{"r":"finish","id":"\#(e.id)","at":17000"#.utf8))
    try handle.close()

    let reopened = MutationJournal(directory: dir)
    #expect(reopened.loaded.tornTail && reopened.loaded.corruptLines == 0)
    let entry = try #require(reopened.entry(for: Self.key()))
    #expect(!entry.isFinished && entry.resourceId == "vpc-1")
    let text = try String(contentsOfFile: file(dir), encoding: .utf8)
    #expect(text.hasSuffix("\n") && !text.contains("17000"))
    // Appending after the repair gives a clean file.
    try reopened.finish(entry.id, .succeeded(["vpcId": "vpc-1"]))
    let clean = MutationJournal(directory: dir).loaded
    #expect(clean.records == 3 && clean.entries == 1 && !clean.tornTail && clean.corruptLines == 0)
  }

  @Test func aCorruptLineInTheMiddleIsSkipped() throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    _ = try MutationJournal(directory: dir).begin(Self.key("a"))
    let handle = try #require(FileHandle(forWritingAtPath: file(dir)))
    handle.seekToEndOfFile()
    handle.write(Data("not json at all\n".utf8))
    try handle.close()
    let second = MutationJournal(directory: dir)
    #expect(second.loaded.corruptLines == 1 && second.count == 1)
    _ = try second.begin(Self.key("b"))
    let third = MutationJournal(directory: dir)
    #expect(third.loaded.corruptLines == 0 && third.count == 2)
  }

  @Test func finishedEntriesExpireAfterTheRetentionAndUnfinishedAfterAWeek() throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    let now = Now()
    let j = MutationJournal(directory: dir, retentionMs: 3_600_000, now: now.read)
    let done = try j.begin(Self.key("done"))
    try j.finish(done.id, .succeeded(["vpcId": "vpc-1"]))
    _ = try j.begin(Self.key("open"))
    now.advance(seconds: 3599)
    #expect(j.entry(for: Self.key("done")) != nil)
    now.advance(seconds: 1)
    #expect(j.entry(for: Self.key("done")) == nil)
    #expect(j.entry(for: Self.key("open")) != nil)
    let reopened = MutationJournal(directory: dir, retentionMs: 3_600_000, now: now.read)
    #expect(reopened.loaded.expired == 1 && reopened.count == 1)
    now.advance(seconds: 7 * 24 * 3600)
    #expect(reopened.entry(for: Self.key("open")) == nil)
    #expect(MutationJournal(directory: dir, now: now.read).count == 0)
  }

  @Test func anUnwritableDirectoryRefusesMutationsNamingThePath() throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    let blocker = dir + "/not-a-directory"
    #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
    let j = MutationJournal(directory: blocker + "/state")
    let problem = try #require(j.problem)
    #expect(problem.description.contains(blocker + "/state") && problem.description.contains("refused"))
    #expect(throws: JournalError.self) { try j.begin(Self.key()) }
    #expect(j.entry(for: Self.key()) == nil && j.unfinished.isEmpty)
    #expect(j.status["problem"]?.stringValue?.contains(blocker) == true)
  }

  @Test func aDeleteEndsTheCreatesOfItsGuidAndOfItsResources() throws {
    let j = MutationJournal(directory: nil)
    let a = try j.begin(Self.key("a"))
    try j.finish(a.id, .succeeded(["vpcId": "vpc-a", "requestId": "r"]))
    let b = try j.begin(Self.key("b"))
    try j.noteResource(b.id, "vpc-b")
    let c = try j.begin(Self.key("c"))
    try j.finish(c.id, .succeeded(["vpcId": "vpc-c"]))
    try j.forget(guid: "a")
    try j.forget(guid: "", resources: ["vpc-b", "r"])
    #expect(j.entry(for: Self.key("a")) == nil && j.entry(for: Self.key("b")) == nil)
    #expect(j.entry(for: Self.key("c")) != nil)
  }

  @Test func aGrowingFileIsCompacted() throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    let j = MutationJournal(directory: dir)
    for i in 0..<700 {
      let e = try j.begin(Self.key("g\(i)", op: "vpc/delete"))
      try j.forget(e.id)
    }
    let kept = try j.begin(Self.key("kept"))
    let lines = try String(contentsOfFile: file(dir), encoding: .utf8).split(separator: "\n").count
    #expect(lines < 1000)
    let reopened = MutationJournal(directory: dir)
    #expect(reopened.count == 1 && reopened.unfinished.map(\.id) == [kept.id])
  }
}
