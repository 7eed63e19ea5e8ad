import Foundation

/// Options accepted anywhere on the command line.
struct GlobalOptions: Equatable {
  enum JSONStyle: String, Equatable { case pretty, compact }

  var socket: String?
  var json: JSONStyle?
  var timeout: Double?
  var progress: Bool?
  var region: String?
  var output: ResultFormat?
  var query: [String]?
  var dryRun = false
  var help = false
  var version = false

  /// Names that take a value.
  static let valued: Set<String> = ["socket", "json", "timeout", "region", "output", "query"]
  /// Names that take none.
  static let switches: Set<String> = ["help", "version", "progress", "no-progress", "dry-run"]
  static var allNames: [String] { (valued.sorted() + switches.sorted()).map { "--" + $0 } }

  /// Applies one option; false when `name` is not a global option.
  mutating func apply(_ name: String, value: String?) throws(UsageError) -> Bool {
    switch name {
    case "help": help = true
    case "version": version = true
    case "dry-run": dryRun = true
    case "progress": progress = true
    case "no-progress": progress = false
    case "socket": socket = try Self.require(value, name)
    case "region": region = try Self.require(value, name)
    case "output":
      let v = try Self.require(value, name)
      guard let format = ResultFormat(rawValue: v) else {
        throw UsageError("--output must be \(ResultFormat.help), not '\(v)'")
      }
      output = format
    case "query":
      let fields = try Self.require(value, name).split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard !fields.isEmpty, !fields.contains(where: \.isEmpty) else {
        throw UsageError("--query needs field names separated by commas, e.g. --query instanceId,status")
      }
      query = fields
    case "json":
      let v = try Self.require(value, name)
      guard let style = JSONStyle(rawValue: v) else {
        throw UsageError("--json must be 'pretty' or 'compact', not '\(v)'")
      }
      json = style
    case "timeout":
      let v = try Self.require(value, name)
      guard let seconds = Double(v), seconds > 0, seconds.isFinite else {
        throw UsageError("--timeout must be a positive number of seconds, not '\(v)'")
      }
      timeout = seconds
    default: return false
    }
    return true
  }

  private static func require(_ value: String?, _ name: String) throws(UsageError) -> String {
    guard let value else { throw UsageError("--\(name) needs a value") }
    return value
  }
}
