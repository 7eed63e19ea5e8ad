import Foundation
import TestSupport

/// The operations of docs/api-guide.md as its tables list them: a small parser for the guide's
/// `[POST] /alicloud/v1/...` sections and their input and output tables.
struct GuideOperation {
  struct Row {
    var name: String
    /// true for 是, false for 否/N, nil when the column holds something else.
    var required: Bool?
  }
  var method: String
  var inputs: [Row] = []
  var outputs: [Row] = []
}

enum GuideTable {
  static var repositoryRoot: URL { Repository.root }

  static func load() throws -> [GuideOperation] {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/api-guide.md"), encoding: .utf8)
    return parse(text)
  }

  static func parse(_ text: String) -> [GuideOperation] {
    enum Section { case none, inputs, outputs, example }
    var result: [GuideOperation] = []
    var section = Section.none
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("[POST] /alicloud/v1/") {
        let method = line.dropFirst("[POST] /alicloud/v1/".count).trimmingCharacters(in: .whitespaces)
        result.append(GuideOperation(method: method))
        section = .none
        continue
      }
      guard !result.isEmpty else { continue }
      if line.contains("输入参数") {
        section = .inputs
      } else if line.contains("输出参数") {
        section = .outputs
      } else if line.contains("示例") {
        section = .example
      } else if section == .inputs || section == .outputs, let row = row(line, hasRequiredColumn: section == .inputs) {
        if section == .inputs {
          result[result.count - 1].inputs.append(row)
        } else {
          result[result.count - 1].outputs.append(row)
        }
      }
    }
    return result
  }

  private static func row(_ line: String, hasRequiredColumn: Bool) -> GuideOperation.Row? {
    guard line.contains("|"), !line.hasPrefix(":--"), !line.hasPrefix("|:"), !line.contains("参数名称") else {
      return nil
    }
    var cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    // One row of the guide is broken: `|stringallocationId|是|...` (type glued to the name).
    if cells.first == "", cells.count > 1, cells[1].hasPrefix("string") {
      cells = [String(cells[1].dropFirst("string".count)), "string"] + cells.dropFirst(2)
    }
    guard let name = cells.first, !name.isEmpty else { return nil }
    var required: Bool?
    if hasRequiredColumn, cells.count > 2 {
      switch cells[2] {
      case "是": required = true
      case "否", "N": required = false
      default: required = nil
      }
    }
    return GuideOperation.Row(name: name, required: required)
  }
}
