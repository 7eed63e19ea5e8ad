import AliCloudCatalog

/// `alicloudctl list` and `alicloudctl describe METHOD`.
enum DescribeText {
  static var list: String {
    var out = ""
    let width = Catalog.allMethodNames.map(\.count).max()! + 2
    for family in Catalog.families {
      out += family + "\n"
      out += HelpText.table(Catalog.operations(inFamily: family).map { ($0.method, $0.summary) }, width: width)
    }
    out += "daemon\n" + HelpText.table(Catalog.serviceMethods.map { ($0.name, $0.summary) }, width: width)
    return out
  }

  /// The description of a method, given as `vpc/create`, its path, or its words (`vpc create`).
  static func describe(_ words: [String]) throws(UsageError) -> String {
    let name = words.joined(separator: words.count > 1 ? "/" : "")
    if let op = Catalog.operation(named: name) {
      return """
        \(op.method): \(op.summary)
        Family: \(op.family)
        HTTP: POST \(op.path)
        Command: \(HelpText.tool) \(CommandWords.command(of: op))

        \(HelpText.fields(op))
        """
    }
    if let service = Catalog.serviceMethod(named: name) {
      var out = "\(service.name): \(service.summary)\n"
      if !service.params.isEmpty {
        out += "\nParams:\n" + HelpText.table(service.params.map { ($0.name, $0.description) })
      }
      if !service.result.isEmpty {
        out += "\nResult:\n" + HelpText.table(service.result.map { ($0.name, $0.description) })
      }
      return out
    }
    throw UsageError.unknown("method", name, suggestions: Catalog.suggestions(for: name))
  }
}
