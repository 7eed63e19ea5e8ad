import AliCloudClient
import AliCloudCore
import AliCloudSim
import AliCloudTransport
import Foundation
import Glibc
import TestSupport
import Testing

@testable import AliCloudDaemon

/// The built alicloudd under a stand-in service manager: the test owns the notification socket
/// (`NOTIFY_SOCKET`), sends the signals and watches `daemon.status` and the log.
@Suite(.serialized) struct ServiceManagerTests {
  /// A datagram socket bound to a path, read without blocking.
  final class NotifySocket: Sendable {
    let path: String
    let fd: Int32

    init(path: String) throws {
      self.path = path
      fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
      guard fd >= 0 else { throw POSIXError(.EBADF) }
      let bound = try UnixAddress.with(path) { bind(fd, $0, $1) }
      guard bound == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// The next datagram, if one is queued.
    func receive() -> String? {
      var buffer = [UInt8](repeating: 0, count: 4096)
      let n = recv(fd, &buffer, buffer.count, 0)
      return n > 0 ? String(decoding: buffer[..<n], as: UTF8.self) : nil
    }

    /// Waits for a datagram containing `line`, keeping every one received in `seen`.
    func waitFor(_ line: String, seen: inout [String]) async throws -> String {
      var got: [String] = []
      let found = await waitForValue(timeout: .seconds(30)) { () -> String? in
        while let d = receive() {
          got.append(d)
          if d.split(separator: "\n").contains(Substring(line)) { return d }
        }
        return nil
      }
      seen += got
      guard let found else { throw TimedOut(what: "\(line) on NOTIFY_SOCKET (got \(seen))", timeout: .seconds(30)) }
      return found
    }

    deinit { close(fd) }
  }

  static func start(_ args: [String], dir: String, environment: [String: String] = [:]) async throws -> (
    ChildProcess, Client
  ) {
    let socket = dir + "/alicloudd.sock"
    let p = try ChildProcess(
      "alicloudd", ["--socket", socket] + args, environment: ["HOME": dir].merging(environment) { $1 },
      log: dir + "/alicloudd.log")
    return (p, try await p.daemonClient(socket: socket, log: dir + "/alicloudd.log"))
  }

  @Test func readyWatchdogReloadingAndStoppingReachTheNotifySocket() async throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let notify = try NotifySocket(path: dir + "/notify")
    let (p, client) = try await Self.start(
      ["--sandbox"], dir: dir, environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "200000"])
    var seen: [String] = []
    let ready = try await notify.waitFor("READY=1", seen: &seen)
    #expect(ready.contains("MAINPID=\(p.pid)"), "\(ready)")
    // Watchdog pings keep coming: three of them after READY=1 (each counted before the next).
    for _ in 0..<3 { _ = try await notify.waitFor("WATCHDOG=1", seen: &seen) }
    let status = try await client.call("daemon.status")
    #expect(status["service"]?["notify"] == .bool(true))
    #expect(status["service"]?["watchdogSeconds"] == .double(0.1))
    #expect((status["service"]?["watchdogPings"]?.intValue ?? 0) >= 2)
    kill(p.pid, SIGHUP)
    let reloading = try await notify.waitFor("RELOADING=1", seen: &seen)
    #expect(reloading.contains("MONOTONIC_USEC="))
    _ = try await notify.waitFor("READY=1", seen: &seen)
    client.close()
    kill(p.pid, SIGTERM)
    _ = try await notify.waitFor("STOPPING=1", seen: &seen)
    await p.waitUntilExit()
    #expect(p.process.terminationStatus == 0)
  }

  @Test func withoutWatchdogUsecNoPingsAreSent() async throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let notify = try NotifySocket(path: dir + "/notify")
    let (p, client) = try await Self.start(["--sandbox"], dir: dir, environment: ["NOTIFY_SOCKET": notify.path])
    var seen: [String] = []
    _ = try await notify.waitFor("READY=1", seen: &seen)
    let status = try await client.call("daemon.status")
    #expect(status["service"]?["watchdogSeconds"] == nil)
    client.close()
    kill(p.pid, SIGTERM)
    _ = try await notify.waitFor("STOPPING=1", seen: &seen)
    #expect(!seen.contains { $0.contains("WATCHDOG=1") }, "\(seen)")
    await p.waitUntilExit()
  }

  @Test func sighupRereadsTheConfigurationFile() async throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let conf = dir + "/alicloudd.conf"
    try "log-level = info\nsandbox = true\n".write(toFile: conf, atomically: true, encoding: .utf8)
    let (p, client) = try await Self.start(["--config", conf], dir: dir)
    let log = dir + "/alicloudd.log"
    func logText() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
    var status = try await client.call("daemon.status")
    #expect(status["service"]?["logLevel"] == "info")
    #expect(status["service"]?["reloads"] == .int(0))
    #expect(!logText().contains(" debug "), "nothing at debug before the reload")

    try "log-level = debug\nsandbox = true\nmax-inputs = 10\n".write(toFile: conf, atomically: true, encoding: .utf8)
    kill(p.pid, SIGHUP)
    try await eventually(timeout: .seconds(30), "the reload") {
      try await client.call("daemon.status")["service"]?["reloads"] == .int(1)
    }
    status = try await client.call("daemon.status")
    #expect(status["service"]?["logLevel"] == "debug")
    #expect(status["service"]?["restartNeeded"] == ["max-inputs"])
    // Debug records now appear: a new connection is logged at debug.
    let second = try Client(socketPath: dir + "/alicloudd.sock")
    _ = try await second.call("daemon.ping")
    second.close()
    try await eventually(timeout: .seconds(30), "a debug record in the log") {
      logText().contains(" debug alicloudd: connection accepted")
    }
    #expect(logText().contains("configuration reloaded"))

    // A configuration that does not parse changes nothing, and the daemon keeps serving.
    try "log-level = loud\n".write(toFile: conf, atomically: true, encoding: .utf8)
    kill(p.pid, SIGHUP)
    try await eventually(timeout: .seconds(30), "the failed reload") {
      try await client.call("daemon.status")["service"]?["failedReloads"] == .int(1)
    }
    status = try await client.call("daemon.status")
    #expect(status["service"]?["logLevel"] == "debug")
    #expect(status["service"]?["lastReloadError"]?.stringValue?.contains("alicloudd.conf:1") == true)
    #expect(logText().contains("reload failed; the running configuration stays"))
    client.close()
    await p.kill(SIGTERM)
    #expect(p.process.terminationStatus == 0)
  }

  /// Rotating the profile file the default credential comes from takes effect without a restart.
  @Test func aRotatedProfileIsUsedWithoutARestart() async throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var config = SimConfig(delays: .milliseconds(5))
    config.credentials = [SimCredential(accessKeyId: "LTAIrotatednew", accessKeySecret: "new-secret")]
    let sim = try SimServer.start(config)
    defer { sim.stop() }
    func writeProfile(_ id: String, _ secret: String) throws {
      try FileManager.default.createDirectory(atPath: dir + "/.aliyun", withIntermediateDirectories: true)
      let profile: JSONValue = [
        "current": "default",
        "profiles": [
          ["name": "default", "mode": "AK", "access_key_id": .string(id), "access_key_secret": .string(secret)]
        ],
      ]
      try profile.jsonString().write(toFile: dir + "/.aliyun/config.json", atomically: true, encoding: .utf8)
    }
    try writeProfile("LTAIrotatedold", "old-secret")
    let (p, client) = try await Self.start(
      ["--endpoint", sim.endpoint, "--retry-delay-ms", "5-20", "--wait-poll-ms", "5-20"], dir: dir)
    func create(_ name: String) async throws -> JSONValue {
      try await client.call(
        "vpc/create",
        params: [
          "inputs": [
            [
              "guid": .string(name), "cloudParams": "regionId=cn-hangzhou", "vpcName": .string(name),
              "cidrBlock": "10.0.0.0/16",
            ]
          ]
        ])
    }
    let refused = try await create("before")
    #expect(refused["resultCode"] == "1", "\(refused)")
    #expect(refused["resultMessage"]?.stringValue?.contains("AccessKey") == true, "\(refused)")
    try writeProfile("LTAIrotatednew", "new-secret")
    kill(p.pid, SIGHUP)
    try await eventually(timeout: .seconds(30), "the reload") {
      try await client.call("daemon.status")["service"]?["reloads"] == .int(1)
    }
    let accepted = try await create("after")
    #expect(accepted["resultCode"] == "0", "\(accepted)")
    client.close()
    await p.kill(SIGTERM)
  }

  @Test func changedKeysNameTheOptionsThatDiffer() {
    #expect(
      ConfigSource.changedKeys(["--log-level=info", "--grace=10"], ["--log-level=debug", "--grace=10"]) == ["log-level"]
    )
    #expect(ConfigSource.changedKeys(["--grace", "10"], ["--grace=10"]) == [])
    #expect(
      ConfigSource.changedKeys(["--allow-uid=1"], ["--allow-uid=1", "--allow-uid=2", "--sandbox"]) == [
        "allow-uid", "sandbox",
      ])
  }

  @Test func notifierSendsToAnAbstractSocket() throws {
    let name = "alicloudd-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_un()
    addr.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &addr.sun_path) { dst in for (i, b) in name.utf8.enumerated() { dst[i + 1] = b } }
    let length = socklen_t(MemoryLayout<sa_family_t>.size + 1 + name.utf8.count)
    let bound = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    #expect(bound == 0)
    let notifier = try #require(SystemdNotifier.fromEnvironment(["NOTIFY_SOCKET": "@" + name]))
    #expect(notifier.send("WATCHDOG=1"))
    var buffer = [UInt8](repeating: 0, count: 64)
    let n = recv(fd, &buffer, buffer.count, 0)
    #expect(n > 0 && String(decoding: buffer[..<max(n, 0)], as: UTF8.self) == "WATCHDOG=1")
    #expect(SystemdNotifier.fromEnvironment(["NOTIFY_SOCKET": "relative"]) == nil)
    #expect(SystemdNotifier.watchdogInterval(["WATCHDOG_USEC": "1000000"]) == .milliseconds(500))
    #expect(SystemdNotifier.watchdogInterval(["WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"]) == nil)
    #expect(SystemdNotifier.watchdogInterval([:]) == nil)
  }
}
