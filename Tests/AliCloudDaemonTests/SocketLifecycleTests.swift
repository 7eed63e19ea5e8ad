import AliCloudClient
import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Foundation
import Glibc
import Testing

@testable import AliCloudDaemon
@testable import TestSupport

@Suite struct SocketLifecycleTests {
  @Test func socketIsPrivateAndItsDirectoryRestricted() async throws {
    let f = try DaemonFixture()
    var st = stat()
    #expect(stat(f.socketPath, &st) == 0)
    #expect(st.st_mode & S_IFMT == S_IFSOCK)
    #expect(st.st_mode & 0o777 == 0o600)
    #expect(stat(f.directory + "/d", &st) == 0 && st.st_mode & 0o777 == 0o750)
    await f.stop()
    #expect(access(f.socketPath, F_OK) != 0)  // unlinked: we created it
  }

  @Test func refusedPeerGetsOneErrorNamingItsUID() async throws {
    let f = try DaemonFixture { $0.peerPolicy = PeerPolicy(allowedUIDs: [4_000_000]) }
    let s = try f.raw()
    let reply = await s.readFrame()
    #expect(reply?["error"]?["code"] == -32003)
    #expect(reply?["error"]?["data"]?["uid"]?.intValue == Int(getuid()))
    #expect(reply?["error"]?["message"]?.stringValue?.contains("uid \(getuid())") == true)
    #expect(await s.readsEOF())
    await f.stop()
  }

  @Test func liveDaemonKeepsItsSocket() async throws {
    let f = try DaemonFixture()
    let second = Daemon(configuration: DaemonConfiguration(socketPath: f.socketPath, logger: .silent))
    #expect(throws: TransportError.self) { try second.start() }
    let c = try f.client()
    #expect(try await c.call("daemon.ping")["version"] != nil)
    await f.stop()
  }

  @Test func staleSocketIsReplaced() async throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    let path = dir + "/stale.sock"
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    _ = try UnixAddress.with(path) { addr, len in bind(fd, addr, len) }
    close(fd)  // the file stays; nobody listens: connect says ECONNREFUSED
    let d = Daemon(configuration: DaemonConfiguration(socketPath: path, logger: .silent))
    try d.start()
    let c = try Client(socketPath: path)
    #expect(try await c.call("daemon.ping")["version"] != nil)
    await d.shutdown()
    try? FileManager.default.removeItem(atPath: dir)
  }

  @Test func nonSocketPathIsRefusedAndKept() throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    let path = dir + "/file.sock"
    _ = FileManager.default.createFile(atPath: path, contents: Data("keep".utf8))
    let d = Daemon(configuration: DaemonConfiguration(socketPath: path, logger: .silent))
    #expect(throws: TransportError(.notASocket, operation: "bind", path: path)) { try d.start() }
    #expect(FileManager.default.contents(atPath: path) == Data("keep".utf8))
    try? FileManager.default.removeItem(atPath: dir)
  }

  @Test func tooLongPathIsAClearError() {
    let path = "/tmp/" + String(repeating: "x", count: 120) + ".sock"
    let d = Daemon(configuration: DaemonConfiguration(socketPath: path, logger: .silent))
    #expect(throws: TransportError.self) { try d.start() }
    #expect(throws: ClientError.daemonUnreachable(path: path, errno: ENAMETOOLONG)) { try Client(socketPath: path) }
  }

  @Test func missingDaemonIsUnreachableNamingPathAndErrno() throws {
    let path = "/tmp/acd-none-\(getpid())/alicloudd.sock"
    do {
      _ = try Client(socketPath: path)
      Issue.record("connected to nothing")
    } catch {
      #expect(error.isDaemonUnreachable)
      #expect(error.message.contains(path))
      #expect(error.data["errno"] == .int(Int(ENOENT)))
    }
  }

  @Test func socketActivationAdoptsThePassedSocketAndNeverUnlinksIt() async throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    let path = dir + "/activated.sock"
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    _ = try UnixAddress.with(path) { addr, len in bind(fd, addr, len) }
    #expect(listen(fd, 16) == 0)
    setenv("LISTEN_PID", String(getpid()), 1)
    setenv("LISTEN_FDS", "1", 1)
    setenv("LISTEN_FDNAMES", "alicloudd", 1)
    let taken = try SocketActivation.takeListener(firstFD: fd)
    #expect(taken == fd)
    #expect(getenv("LISTEN_FDS") == nil && getenv("LISTEN_PID") == nil)
    #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
    var config = DaemonConfiguration(socketPath: dir + "/unused.sock", logger: .silent)
    config.inheritedListenerFD = taken
    let d = Daemon(configuration: config)
    try d.start()
    let c = try Client(socketPath: path)
    #expect(try await c.call("daemon.ping")["version"] != nil)
    await d.shutdown()
    #expect(access(path, F_OK) == 0)
    try? FileManager.default.removeItem(atPath: dir)
  }

  @Test func socketActivationRejectsANonListeningFD() throws {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    setenv("LISTEN_PID", String(getpid()), 1)
    setenv("LISTEN_FDS", "1", 1)
    #expect(throws: TransportError.self) { try SocketActivation.takeListener(firstFD: fd) }
  }

  @Test func halfClosedClientStillGetsItsReplies() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    s.request(1, "vpc/delete", ["inputs": [["delayMs": 40]]])
    s.request(2, "daemon.ping")
    s.shutdownWrite()
    var ids: [JSONValue] = []
    while let m = await s.readFrame() { ids.append(m["id"] ?? "?") }
    #expect(ids == [2, 1])
    await f.stop()
  }

  @Test func gracefulShutdownAnswersCallsInFlight() async throws {
    let f = try DaemonFixture { $0.shutdownGrace = .seconds(5) }
    let s = try f.raw()
    s.request(1, "vpc/delete", ["inputs": [["delayMs": 100]]])
    try await eventually("the call in flight") { f.daemon.counts.inFlight == 1 }
    let stopping = Task { await f.daemon.shutdown() }
    try await eventually("the daemon refusing new calls") { f.logs.records.contains { $0.message == "shutting down" } }
    s.request(2, "daemon.ping")
    var replies: [JSONValue] = []
    while let m = await s.readFrame() { replies.append(m) }
    await stopping.value
    #expect(replies.first { $0["id"] == 1 }?["result"]?["done"] == true)
    #expect(replies.first { $0["id"] == 2 }?["error"]?["data"]?["name"] == "alicloudd.ShuttingDown")
    #expect(access(f.socketPath, F_OK) != 0)
  }

  @Test func shutdownCancelsCallsThatOutliveTheGrace() async throws {
    let f = try DaemonFixture { $0.shutdownGrace = .milliseconds(50) }
    let s = try f.raw()
    s.request(1, "vpc/delete", ["inputs": [["delayMs": 60_000]]])
    try await eventually("the call in flight") { f.daemon.counts.inFlight == 1 }
    await f.daemon.shutdown()
    let reply = await s.readFrame()
    #expect(reply?["error"]?["code"] == -32001)
    #expect(reply?["error"]?["data"]?["partial"]?["vpcId"] == "vpc-partial")
  }

  @Test func internalErrorsLeakNothingButACorrelationID() async throws {
    let f = try DaemonFixture()
    let c = try f.client()
    do {
      _ = try await c.call("vswitch/delete", params: ["inputs": [[:]]])
    } catch {
      #expect(error.code == -32603)
      let id = error.data["correlationId"]?.stringValue ?? "none"
      #expect(!error.message.contains("EACCES") && !error.message.contains("POSIX"))
      #expect(f.logs.records.contains { $0.metadata["error.correlation_id"] == id })
    }
    await f.stop()
  }

  @Test func statusCountsAndMergesProviders() async throws {
    let f = try DaemonFixture { $0.statusProviders = ["cloud": { ["apiCalls": 7] }] }
    let c = try f.client()
    _ = try await c.call("daemon.ping")
    _ = try? await c.call("vpc/craete")
    let status = try await c.call("daemon.status")
    #expect(status["cloud"]?["apiCalls"] == 7)
    #expect(status["errors"]?["alicloudd.MethodNotFound"] == 1)
    #expect(status["inFlight"] == 0)
    #expect(status["protocolVersion"]?.stringValue == Version.protocolVersion)
    let discover = try await c.call("rpc.discover")
    #expect(discover["methods"]?.arrayValue?.isEmpty == false)
    await f.stop()
  }
}
