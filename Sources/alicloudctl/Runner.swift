import AliCloudCatalog
import AliCloudClient
import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Foundation

/// Sends a parsed command to the daemon and prints the answer.
enum Runner {
  static func run(_ command: Command, options: GlobalOptions, environment: [String: String]) -> ExitCode {
    let method: String
    var params: JSONValue
    switch command {
    case .text(let text):
      Terminal.write(text)
      return .success
    case .ping: (method, params) = ("daemon.ping", [:])
    case .status: (method, params) = ("daemon.status", [:])
    case .pending: (method, params) = ("daemon.pending", [:])
    case .call(let m, let p):
      method = m
      if let p {
        params = p
      } else {
        do throws(UsageError) {
          params = try readStdin()
        } catch {
          Terminal.writeError(Output.usage(error))
          return .usage
        }
      }
    }
    let socket = options.socket ?? SocketPath.default(environment: environment)
    let style = options.json ?? (Terminal.stdoutIsTerminal ? .pretty : .compact)
    let isOperation = Catalog.operation(named: method) != nil
    let showProgress = isOperation && (options.progress ?? Terminal.stderrIsTerminal)
    if showProgress, params.objectValue == nil { params = .object([:]) }
    let progress: (@Sendable (JSONValue) -> Void)? =
      showProgress ? { @Sendable value in Terminal.writeError(ProgressLine.render(value)) } : nil
    let result: JSONValue
    // Ctrl-C cancels the call on the daemon and prints its final reply, which names what the call
    // already made; running the same command again completes the work. A second Ctrl-C quits.
    let interrupt = CallInterrupt()
    let sigint = Interruption.install(interrupt)
    defer { sigint.cancel() }
    do throws(ClientError) {
      let client = try Client(socketPath: socket)
      defer { client.close() }
      result = try client.callBlocking(
        method, params: params, progress: progress,
        timeout: options.timeout.map { .milliseconds(Int($0 * 1000)) }, interrupt: interrupt)
    } catch {
      if showProgress { Terminal.writeError(ProgressLine.render(["kind": "end"])) }
      Terminal.writeError(Output.describe(error))
      // A call that timed out may still have created resources: its final envelope names them.
      if let envelope = error.data["result"], error.name == RPCErrorKind.timedOut.name {
        Terminal.write(Output.render(envelope, style: style))
      }
      return interrupt.requested ? .interrupted : Output.exitCode(for: error)
    }
    if showProgress { Terminal.writeError(ProgressLine.render(["kind": "end"])) }
    let format = options.output ?? .json
    Terminal.write(format.render(result, method: method, query: options.query, style: style))
    if interrupt.requested {
      Terminal.writeError(Interruption.hint)
      return .interrupted
    }
    return isOperation ? Output.exitCode(for: result) : .success
  }

  static func readStdin() throws(UsageError) -> JSONValue {
    let data = FileHandle.standardInput.readDataToEndOfFile()
    guard !data.isEmpty else { throw UsageError("no params: give JSON as an argument or on stdin") }
    do {
      return try JSONValue.parse(data)
    } catch {
      throw UsageError("params on stdin are not valid JSON: \(error.message)")
    }
  }
}
