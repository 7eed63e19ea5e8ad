import AliCloudCore
import Foundation

/// Runs one alicloudctl command line and returns its exit status.
enum CLI {
  static func main(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
    let command: Command
    let invocation: Invocation
    do {
      invocation = try Invocation.parse(arguments)
      command = try Command.parse(invocation, environment: environment)
    } catch {
      Terminal.writeError(Output.usage(error))
      return ExitCode.usage.rawValue
    }
    return Runner.run(
      command, options: invocation.options, environment: environment, precheck: Command.isTyped(invocation)
    ).rawValue
  }
}

/// stdout/stderr writes and terminal checks.
enum Terminal {
  static func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  static func writeError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }

  static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
  static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
