import AliCloudCatalog

/// The words of typed subcommands: an operation's path segments (`vpc nat snat_entry modify append`).
enum CommandWords {
  static let builtins = ["call", "list", "describe", "ping", "status", "whoami", "pending", "help"]

  static func words(of op: OperationSpec) -> [String] {
    op.method.split(separator: "/").map(String.init)
  }

  static func command(of op: OperationSpec) -> String {
    words(of: op).joined(separator: " ")
  }

  /// The operation named exactly by these words.
  static func operation(_ words: [String]) -> OperationSpec? {
    Catalog.operation(named: words.joined(separator: "/"))
  }

  /// Operations whose words start with these (for group help: `alicloudctl vpc`).
  static func operations(under prefix: [String]) -> [OperationSpec] {
    Catalog.operations.filter { Array(words(of: $0).prefix(prefix.count)) == prefix }
  }

  /// First words of every typed subcommand, in catalogue order.
  static var resources: [String] {
    var seen: [String] = []
    for op in Catalog.operations {
      let first = words(of: op)[0]
      if !seen.contains(first) { seen.append(first) }
    }
    return seen
  }

  /// "Did you mean" for unknown words: whole commands nearest to what was typed.
  static func suggestions(for words: [String]) -> [String] {
    let typed = words.joined(separator: " ")
    let candidates = builtins + Catalog.operations.map(command(of:))
    var result = Suggest.nearest(to: typed, among: candidates)
    if result.isEmpty, let first = words.first {
      result = Suggest.nearest(to: first, among: builtins + resources)
    }
    return result
  }
}
