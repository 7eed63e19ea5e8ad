import AliCloudCore
import Foundation

/// The count options of a benchmark mode (`--inputs 50`), read with the shared option table.
enum BenchOptions {
  /// `defaults` by option name (without `--`); nil, after saying why on stderr, for bad arguments.
  static func counts(_ mode: String, _ args: [String], _ defaults: [String: Int]) -> [String: Int]? {
    let table = OptionTable<[String: Int]>(
      defaults.keys.sorted().map { name in
        .value(name, "N", section: mode, "") { (values: inout [String: Int], text: String) throws(OptionError) in
          values[name] = try OptionValue.integer(text, in: 1...1_000_000_000, "a count")
        }
      })
    var values = defaults
    do {
      try table.parse(args, into: &values)
    } catch {
      FileHandle.standardError.write(Data("\(mode): \(error.message)\n".utf8))
      return nil
    }
    return values
  }
}
