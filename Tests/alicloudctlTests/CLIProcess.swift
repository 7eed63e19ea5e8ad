import Foundation
import Glibc
import TestSupport

/// Runs the built alicloudctl binary and collects its exit status and output.
struct CLIProcess {
  var status: Int32
  var stdout: String
  var stderr: String

  /// The alicloudctl built next to the test bundle.
  static var binary: URL { URL(fileURLWithPath: ChildProcess.binary("alicloudctl")) }

  /// `started` gets the process id once it runs (to signal it).
  static func run(
    _ args: [String], stdin: String? = nil, environment: [String: String] = [:],
    started: (@Sendable (Int32) -> Void)? = nil
  ) async throws -> CLIProcess {
    let process = Process()
    process.executableURL = binary
    process.arguments = args
    process.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"].merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    // Blocking reads and waits run on threads of their own: parked on Dispatch's global queues
    // they would starve the daemons under test, whose I/O runs there.
    let collected = try await withCheckedThrowingContinuation { (c: CheckedContinuation<CLIProcess, Error>) in
      Thread.detachNewThread {
        do {
          try process.run()
          started?(process.processIdentifier)
          let group = DispatchGroup()
          let outputs = Collected()
          for (key, fd) in [(1, out.fileHandleForReading.fileDescriptor), (2, err.fileHandleForReading.fileDescriptor)]
          {
            group.enter()
            Thread.detachNewThread {
              outputs.set(key, readAll(fd))
              group.leave()
            }
          }
          if let stdin { writeAll(input.fileHandleForWriting.fileDescriptor, Array(stdin.utf8)) }
          try? input.fileHandleForWriting.close()
          group.wait()
          process.waitUntilExit()
          let (stdoutData, stderrData) = (outputs.get(1), outputs.get(2))
          c.resume(
            returning: CLIProcess(
              status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
              stderr: String(decoding: stderrData, as: UTF8.self)))
        } catch {
          c.resume(throwing: error)
        }
      }
    }
    return collected
  }
}

/// Reads to end of file, retrying interrupted reads (Foundation's readDataToEndOfFile does not).
private func readAll(_ fd: Int32) -> [UInt8] {
  var result: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if n > 0 {
      result += buffer[0..<n]
    } else if n < 0 && errno == EINTR {
      continue
    } else {
      return result
    }
  }
}

private func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
  var offset = 0
  while offset < bytes.count {
    let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
    if n > 0 {
      offset += n
    } else if n < 0 && errno == EINTR {
      continue
    } else {
      return
    }
  }
}

/// Output of the reader threads.
private final class Collected: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [Int: [UInt8]] = [:]

  func set(_ key: Int, _ bytes: [UInt8]) { lock.withLock { values[key] = bytes } }
  func get(_ key: Int) -> [UInt8] { lock.withLock { values[key] ?? [] } }
}
