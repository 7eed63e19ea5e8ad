import AliCloudCatalog
import AliCloudCore

/// What the command line asks for, before anything touches the daemon.
enum Command: Equatable {
  /// Print this text to stdout and exit 0.
  case text(String)
  /// A method call. `params` nil means: read JSON params from stdin.
  case call(method: String, params: JSONValue?)
  case ping
  case status
  /// The daemon's kept credentials: source and expiration of each (the `credentials` of status).
  case whoami
  case pending

  /// Parses the words and flags. Help and version win over everything else.
  /// Whether the params come from an operation's flags (checked against the catalogue before
  /// sending) rather than from `call` (sent as they are; the daemon checks them).
  static func isTyped(_ invocation: Invocation) -> Bool {
    guard let first = invocation.words.first else { return false }
    return !CommandWords.builtins.contains(first)
  }

  static func parse(_ invocation: Invocation, environment: [String: String]) throws(UsageError) -> Command {
    var words = invocation.words
    let options = invocation.options
    if words.first == "help" {
      words.removeFirst()
      return try help(for: words)
    }
    if options.help { return try help(for: words) }
    if options.version && words.isEmpty { return .text("\(HelpText.tool) \(Version.line)\n") }
    guard let first = words.first else {
      throw UsageError("no command given; run '\(HelpText.tool) --help' for the commands")
    }
    let builtin = CommandWords.builtins.contains(first)
    if builtin, !invocation.flags.isEmpty {
      throw UsageError.unknown(
        "option", "--" + invocation.flags[0].name,
        suggestions: Suggest.nearest(to: "--" + invocation.flags[0].name, among: GlobalOptions.allNames))
    }
    switch first {
    case "list":
      try noMoreWords(words, after: 1)
      return .text(DescribeText.list)
    case "describe":
      guard words.count > 1 else { throw UsageError("describe needs a METHOD, e.g. describe vpc/create") }
      return .text(try DescribeText.describe(Array(words.dropFirst())) + "\n")
    case "ping":
      try noMoreWords(words, after: 1)
      return .ping
    case "status":
      try noMoreWords(words, after: 1)
      return .status
    case "whoami":
      try noMoreWords(words, after: 1)
      return .whoami
    case "pending":
      try noMoreWords(words, after: 1)
      return .pending
    case "call":
      return try call(words)
    default:
      return try operation(words, invocation, environment: environment)
    }
  }

  static func help(for words: [String]) throws(UsageError) -> Command {
    guard let first = words.first else { return .text(HelpText.main) }
    if CommandWords.builtins.contains(first) { return .text(HelpText.main) }
    if let op = CommandWords.operation(words) { return .text(HelpText.operation(op)) }
    if !CommandWords.operations(under: words).isEmpty { return .text(HelpText.group(words)) }
    throw UsageError.unknown("command", words.joined(separator: " "), suggestions: CommandWords.suggestions(for: words))
  }

  static func call(_ words: [String]) throws(UsageError) -> Command {
    guard words.count >= 2 else { throw UsageError("call needs a METHOD, e.g. call vpc/create '{\"inputs\":[]}'") }
    try noMoreWords(words, after: 3)
    var method = words[1]
    if let op = Catalog.operation(named: method) { method = op.method }
    guard words.count == 3, words[2] != "-" else { return .call(method: method, params: nil) }
    return .call(method: method, params: try parseParams(FileValues.resolve(words[2], flag: "JSON")))
  }

  static func parseParams(_ text: String) throws(UsageError) -> JSONValue {
    do {
      return try JSONValue.parse(text)
    } catch {
      throw UsageError("params are not valid JSON: \(error.message)")
    }
  }

  static func operation(
    _ words: [String], _ invocation: Invocation, environment: [String: String]
  ) throws(UsageError) -> Command {
    guard let op = CommandWords.operation(words) else {
      if !CommandWords.operations(under: words).isEmpty {
        throw UsageError(
          "'\(words.joined(separator: " "))' needs an action:\n" + HelpText.group(words))
      }
      throw UsageError.unknown(
        "command", words.joined(separator: " "), suggestions: CommandWords.suggestions(for: words))
    }
    var builder = BatchBuilder(operation: op)
    builder.defaults = BatchBuilder.defaults(environment: environment, region: invocation.options.region)
    return .call(method: op.method, params: try builder.build(invocation.flags))
  }

  private static func noMoreWords(_ words: [String], after count: Int) throws(UsageError) {
    if words.count > count { throw UsageError("unexpected argument '\(words[count])'") }
  }
}
