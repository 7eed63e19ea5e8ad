import AliCloudCatalog
import AliCloudCore

/// The catalogue's checks of an operation's params, made before anything is sent: the shapes the
/// daemon checks (its -32602, with the same field names) and the required fields of each input
/// (which the daemon would answer as that input's failure).
enum Precheck {
  static func check(_ params: JSONValue, for op: OperationSpec) throws(UsageError) {
    do {
      try op.validateStructure(params)
    } catch {
      throw UsageError("\(error.field): \(error.message)")
    }
    for (index, input) in (params["inputs"]?.arrayValue ?? []).enumerated() {
      let missing = op.missingRequired(in: input.objectValue ?? [:])
      guard let first = missing.first else { continue }
      let others = missing.dropFirst().map { "inputs[\(index)].\($0)" }
      var text = "inputs[\(index)].\(first): required, missing"
      if !others.isEmpty { text += " (also missing: \(others.joined(separator: ", ")))" }
      text += "; see '\(HelpText.tool) \(CommandWords.command(of: op)) --help'"
      throw UsageError(text)
    }
  }
}
