import AliCloudCatalog
import AliCloudClient
import AliCloudCore
import AliCloudWire

/// What alicloudctl prints for results and errors, and the exit status they mean.
enum Output {
  static func render(_ result: JSONValue, style: GlobalOptions.JSONStyle) -> String {
    result.jsonString(pretty: style == .pretty) + "\n"
  }

  /// 1 when the envelope says some output failed, else 0.
  static func exitCode(for result: JSONValue) -> ExitCode {
    result["resultCode"]?.stringValue == "1" ? .outputFailed : .success
  }

  /// The exit status for a failed call: unreachable, timed out or cancelled, or an RPC error.
  static func exitCode(for error: ClientError) -> ExitCode {
    if error.isDaemonUnreachable || error == .connectionClosed { return .unreachable }
    switch error.name {
    case RPCErrorKind.cancelled.name, RPCErrorKind.timedOut.name: return .timedOut
    default: return .rpcError
    }
  }

  /// `alicloudctl: <message> (<name>, code <code>)` plus the field and partial result when given.
  static func describe(_ error: ClientError) -> String {
    var text = "\(HelpText.tool): \(error.message)"
    let name = error.name.isEmpty ? "" : "\(error.name), "
    text += " (\(name)code \(error.code))\n"
    if let field = error.data["field"]?.stringValue, !field.isEmpty, !error.message.contains(field) {
      text += "  field: \(field)\n"
    }
    if let partial = error.data["partial"] {
      text += "  partial: \(partial.jsonString())\n"
    }
    return text
  }

  static func usage(_ error: UsageError) -> String {
    "\(HelpText.tool): \(error.message)\nRun '\(HelpText.tool) --help' for usage.\n"
  }
}

/// A one-line live progress display for `$/progress` values (`{kind, message, inputsDone?,
/// inputs?, percentage?}`): the method, how many of its inputs are done, the time since it was
/// sent, and the last message (`… vpc/create 2/5 inputs done, 12.3 s: i-1: Pending -> Starting`).
struct ProgressLine: Sendable {
  var method: String
  var inputs: Int?
  var start = ContinuousClock.now

  init(method: String, params: JSONValue) {
    self.method = Catalog.operation(named: method)?.method ?? method
    self.inputs = params["inputs"]?.arrayValue?.count
  }

  /// The line for a value arriving now.
  func render(_ value: JSONValue, width: Int = 100) -> String {
    render(value, elapsed: ContinuousClock.now - start, width: width)
  }

  /// The text to write to the terminal for one progress value: the line is redrawn in place and
  /// cleared at `end`.
  func render(_ value: JSONValue, elapsed: Duration, width: Int = 100) -> String {
    let kind = value["kind"]?.stringValue ?? "report"
    if kind == "end" { return Self.clear }
    var head = method
    var text = value["message"]?.stringValue ?? value["title"]?.stringValue ?? ""
    if let done = value["inputsDone"]?.intValue, let total = value["inputs"]?.intValue {
      head += " \(done)/\(total) input" + (total == 1 ? "" : "s") + " done,"
      if text == "\(done) of \(total) input" + (total == 1 ? "" : "s") + " done" { text = "" }
    } else {
      if let inputs { head += " \(inputs) input" + (inputs == 1 ? "" : "s") + "," }
      if let pct = value["percentage"]?.intValue { text = "[\(pct)%] " + text }
    }
    let tenths = Int((Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) * 10)
    head += " \(tenths / 10).\(tenths % 10) s"
    text = text.isEmpty ? head : head + ": " + text
    if text.count > width - 2 { text = String(text.prefix(width - 3)) + "…" }
    return "\r\u{1B}[K… " + text
  }

  static let clear = "\r\u{1B}[K"
}
