import AliCloudCatalog
import AliCloudCore

/// The one stderr line printed when some output failed:
/// `alicloudctl: 1 of 3 inputs failed: [1] vpc-x: <errorMessage's first line>`.
enum FailureSummary {
  static func line(_ result: JSONValue, method: String) -> String? {
    guard let outputs = result["results"]?["outputs"]?.arrayValue else { return nil }
    let failed = outputs.enumerated().filter { $0.element["errorCode"]?.stringValue == "1" }
    guard !failed.isEmpty else { return nil }
    let idFields = (Catalog.operation(named: method)?.outputs ?? []).map(\.name).filter { $0.hasSuffix("Id") }
    let parts = failed.map { index, output -> String in
      let message = output["errorMessage"]?.stringValue ?? ""
      let firstLine = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
      var part = "[\(index)]"
      if let label = label(output, idFields: idFields) { part += " " + label + ":" }
      part += " " + (firstLine.isEmpty ? "failed" : firstLine)
      return part
    }
    let noun = outputs.count == 1 ? "input" : "inputs"
    return "\(HelpText.tool): \(failed.count) of \(outputs.count) \(noun) failed: \(parts.joined(separator: "; "))\n"
  }

  /// What names the failed input: its guid, else the first id the output already holds.
  static func label(_ output: JSONValue, idFields: [String]) -> String? {
    for name in ["guid"] + idFields {
      if let text = output[name]?.stringValue, !text.isEmpty { return text }
    }
    return nil
  }
}
