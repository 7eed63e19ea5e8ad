import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Foundation
import Glibc
import Testing

@testable import AliCloudDaemon
@testable import TestSupport

@Suite struct FilesAndLevelsTests {
  /// A symbolic link planted where the lock file goes is not followed (it could point the daemon's
  /// create-and-lock at any file its user may write).
  @Test func lockFileSymlinkIsRefused() throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/d.sock"
    let target = dir + "/elsewhere"
    #expect(symlink(target, path + ".lock") == 0)
    let d = Daemon(configuration: DaemonConfiguration(socketPath: path, logger: .silent))
    #expect(throws: TransportError.self) { try d.start() }
    #expect(access(target, F_OK) != 0, "the link's target was created")
  }

  @Test func traceLogsFramesAndRequestsAndDebugDoesNot() async throws {
    for level in [LogLevel.trace, .debug] {
      let logs = MemoryLogHandler()
      let f = try DaemonFixture { $0.logger = Logger(label: "test", level: level, handler: logs) }
      let c = try f.client()
      _ = try await c.call("daemon.ping")
      let messages = logs.records.map(\.message)
      #expect(messages.contains("frame received") == (level == .trace), "\(level)")
      #expect(messages.contains("request") == (level == .trace), "\(level)")
      await f.stop()
    }
  }
}
