/// The documented exit statuses of alicloudctl.
enum ExitCode: Int32, CaseIterable, Sendable {
  /// Every output succeeded (or a service command worked).
  case success = 0
  /// The call worked but some output failed (`resultCode` "1").
  case outputFailed = 1
  /// Bad command line: unknown command, method or flag, bad JSON, an unreadable `@file`, or an
  /// operation's input that the catalogue refuses (a required field missing, a value of the wrong shape).
  case usage = 2
  /// The daemon is not running or its socket cannot be reached.
  case unreachable = 3
  /// The daemon answered with a JSON-RPC error (invalid params, unknown method, no handler, ...).
  case rpcError = 4
  /// The call timed out or was cancelled.
  case timedOut = 5
  /// Interrupted (Ctrl-C): the call was cancelled and its final reply printed.
  case interrupted = 130

  var meaning: String {
    switch self {
    case .success: return "every output succeeded"
    case .outputFailed: return "some output failed (resultCode \"1\")"
    case .usage:
      return
        "usage error (unknown command, method or flag; bad JSON; unreadable @file; a required field missing or a value of the wrong shape)"
    case .unreachable: return "the daemon is unreachable"
    case .rpcError: return "the daemon answered with an RPC error (e.g. invalid params)"
    case .timedOut: return "timed out or cancelled"
    case .interrupted: return "interrupted (Ctrl-C); run the same command again to complete it"
    }
  }
}

/// A command-line mistake: printed with the usage hint, exit status 2.
struct UsageError: Error, Equatable, CustomStringConvertible {
  var message: String
  var description: String { message }

  init(_ message: String) { self.message = message }

  /// "unknown X 'y'; did you mean ...?"
  static func unknown(_ what: String, _ word: String, suggestions: [String]) -> UsageError {
    var text = "unknown \(what) '\(word)'"
    if !suggestions.isEmpty {
      text += "; did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?"
    }
    return UsageError(text)
  }
}
