import AliCloudCatalog
import AliCloudClient
import AliCloudCore
import AliCloudDaemon
import AliCloudOps
import AliCloudTransport
import AliCloudWire
import Foundation
import Glibc

/// An in-process daemon on a socket in a fresh temporary directory.
public final class DaemonFixture: Sendable {
  public let daemon: Daemon
  public let directory: String
  public let socketPath: String
  public let logs: MemoryLogHandler

  /// Starts a daemon with `handlers`; `configure` may adjust anything before it starts.
  public init(
    handlers: [String: OperationHandler] = TestHandlers.all,
    configure: (inout DaemonConfiguration) -> Void = { _ in }
  ) throws {
    directory = try Self.makeTemporaryDirectory()
    socketPath = directory + "/d/alicloudd.sock"
    logs = MemoryLogHandler()
    var config = DaemonConfiguration(
      socketPath: socketPath, handlers: handlers, logger: Logger(label: "test", level: .debug, handler: logs))
    config.shutdownGrace = .milliseconds(500)
    configure(&config)
    daemon = Daemon(configuration: config)
    try daemon.start()
  }

  /// A short path under /tmp (socket paths are limited to 107 bytes).
  public static func makeTemporaryDirectory() throws -> String {
    var template = Array("/tmp/acd-XXXXXX".utf8CString)
    guard let p = mkdtemp(&template) else { throw POSIXError(.EIO) }
    return String(cString: p)
  }

  public func client() throws -> Client { try Client(socketPath: socketPath) }

  public func raw() throws -> RawSocket { try RawSocket(path: socketPath) }

  /// Shuts the daemon down and removes the directory.
  public func stop() async {
    await daemon.shutdown()
    try? FileManager.default.removeItem(atPath: directory)
  }
}

/// Operation handlers for tests, registered under real catalogue methods.
public enum TestHandlers {
  /// `vpc/create` echoes its params back as `{"echo": params}`.
  public static let echo: OperationHandler = { params, _ in ["echo": params] }

  /// `vpc/delete` waits `inputs[0].delayMs` (default 10 000) in 5 ms steps, reporting progress
  /// each `inputs[0].progressEveryMs`; when cancelled it answers -32001 with a partial result.
  public static let slow: OperationHandler = { params, context in
    let input = params["inputs"]?[0]
    let delay = input?["delayMs"]?.intValue ?? 10_000
    let every = input?["progressEveryMs"]?.intValue ?? 0
    var waited = 0
    var step = 0
    while waited < delay {
      if Task.isCancelled { throw RPCError.cancelled(partial: ["vpcId": "vpc-partial"]) }
      if every > 0 && waited % every == 0 {
        step += 1
        context.progress("step \(step)")
      }
      try? await Task.sleep(for: .milliseconds(5))  // the deliberate slowness of this handler
      waited += 5
    }
    if Task.isCancelled { throw RPCError.cancelled(partial: ["vpcId": "vpc-partial"]) }
    return ["done": true, "steps": .int(step)]
  }

  /// `vswitch/delete` throws an error that is not an RPC error.
  public static let failing: OperationHandler = { _, _ in throw POSIXError(.EACCES) }

  public static let all: [String: OperationHandler] = [
    "vpc/create": echo, "vpc/delete": slow, "vswitch/delete": failing,
  ]
}
