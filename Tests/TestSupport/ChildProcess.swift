import AliCloudClient
import Foundation
import Glibc

/// A program of this package run as a separate process (the simulator or the daemon), so that a
/// test can kill it and start it again.
public final class ChildProcess: @unchecked Sendable {
  public let process: Process
  private let stdout: Pipe

  /// The executable `name` built beside the test bundle, else in .build/debug.
  public static func binary(_ name: String) -> String {
    var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = dir.appendingPathComponent(name).path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    let bundle = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name).path
    if FileManager.default.isExecutableFile(atPath: bundle) { return bundle }
    return Repository.url(".build/debug/" + name).path
  }

  /// Starts `name args`; its stderr goes to `log` (or nowhere), its stdout can be read.
  public init(_ name: String, _ args: [String], environment: [String: String] = [:], log: String? = nil) throws {
    process = Process()
    process.executableURL = URL(fileURLWithPath: Self.binary(name))
    process.arguments = args
    process.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"].merging(environment) { $1 }
    stdout = Pipe()
    process.standardOutput = stdout
    process.standardInput = FileHandle.nullDevice
    if let log {
      _ = FileManager.default.createFile(atPath: log, contents: nil)
      process.standardError = FileHandle(forWritingAtPath: log)
    } else {
      process.standardError = FileHandle.nullDevice
    }
    try process.run()
  }

  public var pid: Int32 { process.processIdentifier }

  /// The first line the process prints, read on a thread of its own.
  public func firstLine() async throws -> String {
    let fd = stdout.fileHandleForReading.fileDescriptor
    return try await offPool {
      var bytes: [UInt8] = []
      var byte: UInt8 = 0
      while read(fd, &byte, 1) == 1 {
        if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
        bytes.append(byte)
      }
      throw POSIXError(.EPIPE)
    }
  }

  /// Sends `signal` (SIGKILL by default) and waits for the process to end.
  public func kill(_ signal: Int32 = SIGKILL) async {
    Glibc.kill(pid, signal)
    await waitUntilExit()
  }

  public func waitUntilExit() async {
    let p = process
    _ = try? await offPool { p.waitUntilExit() }
  }
}

extension ChildProcess {
  /// A client of the daemon this process runs on `socket`, once it answers `daemon.ping` (within
  /// 30 s); otherwise the process is killed and the error points at its `log`.
  public func daemonClient(socket: String, log: String) async throws -> Client {
    let client = await waitForValue(timeout: .seconds(30)) { () -> Client? in
      guard let c = try? Client(socketPath: socket) else { return nil }
      guard (try? await c.call("daemon.ping")) != nil else {
        c.close()
        return nil
      }
      return c
    }
    guard let client else {
      await kill()
      throw TimedOut(what: "alicloudd to start (see \(log))", timeout: .seconds(30))
    }
    return client
  }
}
