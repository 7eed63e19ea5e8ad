import AliCloudCatalog
import AliCloudCore
import AliCloudDaemon
import AliCloudHTTP
import Foundation
import TestSupport

/// A daemon (with test handlers, or `--sandbox`) and its HTTP gateway on an ephemeral loopback port.
final class GatewayFixture: Sendable {
  let daemonFixture: DaemonFixture
  let sandbox: SandboxDaemonFixture?
  let gateway: Gateway
  let port: UInt16

  init(
    handlers: [String: OperationHandler] = TestHandlers.all, token: String? = nil,
    limits: HTTPLimits = HTTPLimits()
  ) throws {
    daemonFixture = try DaemonFixture(handlers: handlers)
    sandbox = nil
    gateway = try Gateway(
      daemon: daemonFixture.daemon, configuration: GatewayConfiguration(port: 0, token: token, limits: limits))
    port = try gateway.start()
  }

  /// A daemon started like `alicloudd --sandbox`, with every operation against the simulator.
  init(sandboxArguments: [String]) throws {
    let s = try SandboxDaemonFixture(arguments: sandboxArguments)
    sandbox = s
    daemonFixture = s.fixture
    gateway = try Gateway(daemon: s.daemon, configuration: GatewayConfiguration(port: 0))
    port = try gateway.start()
  }

  var daemon: Daemon { daemonFixture.daemon }

  func client() throws -> HTTPTestClient { try HTTPTestClient(port: port) }

  /// Stops the daemon (which stops the gateway, and the sandbox's simulator).
  func stop() async {
    if let sandbox { await sandbox.stop() } else { await daemonFixture.stop() }
  }
}

/// Runs blocking work (socket reads, child processes) on its own thread, never on the shared
/// task pool that the daemon's handlers need.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { c in
    let t = Thread {
      do { c.resume(returning: try body()) } catch { c.resume(throwing: error) }
    }
    t.start()
  }
}

extension HTTPTestClient: @unchecked Sendable {
  /// `post` off the task pool.
  func send(_ path: String, _ value: JSONValue, headers: [(String, String)] = []) async throws -> Response {
    try await offPool { try self.post(path, value, headers: headers) }
  }

  /// `request` off the task pool.
  func send(_ method: String, _ path: String, body: Data? = nil, headers: [(String, String)] = []) async throws
    -> Response
  {
    try await offPool { try self.request(method, path, body: body, headers: headers) }
  }
}

extension HTTPTestClient.Response: @unchecked Sendable {}
