import AliCloudCore
import Synchronization
import Testing

/// A level that is off builds neither the message nor the metadata; a level that is on builds each once.
@Suite struct LoggerLazinessTests {
  final class Builds: Sendable {
    let count = Mutex(0)
    func message(_ text: String) -> String {
      count.withLock { $0 += 1 }
      return text
    }
    func fields() -> [String: String] {
      count.withLock { $0 += 1 }
      return ["k": "v"]
    }
    var value: Int { count.withLock { $0 } }
  }

  @Test func fieldsGivenLaterReplaceEarlierOnesAndReachEveryRecord() {
    let records = MemoryLogHandler()
    var logger = Logger(label: "t", level: .info, handler: records).with("a", "1").with("b", "2").with("a", "3")
    #expect(logger.metadata == ["a": "3", "b": "2"])
    logger.info("line", ["c": "4", "b": "5"])
    #expect(records.records.map(\.metadata) == [["a": "3", "b": "5", "c": "4"]])
    for i in 0..<1_000 { logger = logger.with("n", String(i)) }
    #expect(logger.metadata == ["a": "3", "b": "2", "n": "999"])
    logger.metadata["a"] = nil
    #expect(logger.metadata == ["b": "2", "n": "999"])
  }

  @Test func disabledLevelsBuildNothing() {
    let records = MemoryLogHandler()
    let logger = Logger(label: "t", level: .info, handler: records)
    let builds = Builds()
    logger.trace(builds.message("a"), builds.fields())
    logger.debug(builds.message("b"), builds.fields())
    logger.log(.debug, builds.message("c"), builds.fields())
    #expect(builds.value == 0)
    #expect(records.records.isEmpty)
    #expect(!logger.isEnabled(.debug) && logger.isEnabled(.info))
  }

  @Test func enabledLevelsBuildOnce() {
    let records = MemoryLogHandler()
    let logger = Logger(label: "t", level: .debug, handler: records).with("rpc.id", "7")
    let builds = Builds()
    logger.debug(builds.message("one"), builds.fields())
    logger.error(builds.message("two"))
    #expect(builds.value == 3)
    #expect(records.records.map(\.message) == ["one", "two"])
    #expect(records.records[0].metadata == ["k": "v", "rpc.id": "7"])
  }
}
