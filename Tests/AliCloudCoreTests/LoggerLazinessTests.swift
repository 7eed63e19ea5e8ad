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
