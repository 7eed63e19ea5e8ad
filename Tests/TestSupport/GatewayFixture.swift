import AliCloudOps
import AliCloudCatalog
import AliCloudCore
import AliCloudDaemon
import AliCloudHTTP
import Foundation

/// A daemon (with test handlers, or `--sandbox`) and its HTTP gateway on an ephemeral loopback port.
public final class GatewayFixture: Sendable {
  public let daemonFixture: DaemonFixture
  public let sandbox: SandboxDaemonFixture?
  public let gateway: Gateway
  public let port: UInt16

  public init(
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
  public init(sandboxArguments: [String]) throws {
    let s = try SandboxDaemonFixture(arguments: sandboxArguments)
    sandbox = s
    daemonFixture = s.fixture
    gateway = try Gateway(daemon: s.daemon, configuration: GatewayConfiguration(port: 0))
    port = try gateway.start()
  }

  public var daemon: Daemon { daemonFixture.daemon }

  public func client() throws -> LoopbackHTTPClient { try LoopbackHTTPClient(port: port) }

  /// Stops the daemon (which stops the gateway, and the sandbox's simulator).
  public func stop() async {
    if let sandbox { await sandbox.stop() } else { await daemonFixture.stop() }
  }
}

extension LoopbackHTTPClient {
  /// `post` off the task pool.
  public func send(_ path: String, _ value: JSONValue, headers: [(String, String)] = []) async throws -> Response {
    try await offPool { try self.post(path, value, headers: headers) }
  }

  /// `request` off the task pool.
  public func send(_ method: String, _ path: String, body: Data? = nil, headers: [(String, String)] = []) async throws
    -> Response
  {
    try await offPool { try self.request(method, path, body: body, headers: headers) }
  }
}
