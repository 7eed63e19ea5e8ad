import AliCloudCatalog
import AliCloudClient
import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Foundation

/// Sends a parsed command to the daemon and prints the answer.
enum Runner {
  /// `precheck`: check an operation's params against the catalogue before sending.
  static func run(
    _ command: Command, options: GlobalOptions, environment: [String: String], precheck: Bool = false
  ) -> ExitCode {
    let method: String
    var params: JSONValue
    switch command {
    case .text(let text):
      Terminal.write(text)
      return .success
    case .ping: (method, params) = ("daemon.ping", [:])
    case .status, .whoami: (method, params) = ("daemon.status", [:])
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
    let operation = Catalog.operation(named: method)
    let isOperation = operation != nil
    // Typed commands are checked against the catalogue before anything is sent; `call` sends its
    // JSON as it is (the daemon checks it).
    if let operation, precheck {
      do throws(UsageError) {
        try Precheck.check(params, for: operation)
      } catch {
        Terminal.writeError(Output.usage(error))
        return .usage
      }
    }
    if options.dryRun {
      let request: JSONValue = ["jsonrpc": "2.0", "method": .string(method), "params": params]
      Terminal.write(Output.render(request, style: style))
      return .success
    }
    let showProgress = isOperation && (options.progress ?? Terminal.stderrIsTerminal)
    if showProgress, params.objectValue == nil { params = .object([:]) }
    let line = ProgressLine(method: method, params: params)
    let progress: (@Sendable (JSONValue) -> Void)? =
      showProgress ? { @Sendable value in Terminal.writeError(line.render(value)) } : nil
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
      if showProgress { Terminal.writeError(ProgressLine.clear) }
      Terminal.writeError(Output.describe(error))
      // A call that timed out may still have created resources: its final envelope names them.
      if let envelope = error.data["result"], error.name == RPCErrorKind.timedOut.name {
        Terminal.write(Output.render(envelope, style: style))
      }
      return interrupt.requested ? .interrupted : Output.exitCode(for: error)
    }
    if showProgress { Terminal.writeError(ProgressLine.clear) }
    let format = options.output ?? .json
    let shown = command == .whoami ? result["credentials"] ?? [:] : result
    Terminal.write(format.render(shown, method: method, query: options.query, style: style))
    if interrupt.requested {
      Terminal.writeError(Interruption.hint)
      return .interrupted
    }
    guard isOperation else { return .success }
    let code = Output.exitCode(for: result)
    if code == .outputFailed, let summary = FailureSummary.line(result, method: method) {
      Terminal.writeError(summary)
    }
    return code
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
