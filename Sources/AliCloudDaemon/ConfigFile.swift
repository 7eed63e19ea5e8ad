import Foundation

/// The configuration file read by `alicloudd --config PATH` (see deploy/alicloudd.conf.sample).
///
/// One `key = value` per line; a key is a command-line option without its `--` (`log-level`,
/// `socket`, `http`, ...). Blank lines and lines starting with `#` are ignored; a value may be
/// wrapped in double quotes. An option without a value (a switch) takes `true` or `false`.
/// Repeatable options (`allow-uid`) may appear on several lines. The file's lines become
/// arguments placed before the command line's, so options given on the command line win.
public enum ConfigFile {
  /// Splits `--config PATH` off `args` and returns the file's arguments followed by the rest.
  static func expand(_ args: [String]) throws(DaemonOptions.UsageError) -> (String?, [String]) {
    var path: String? = nil
    var rest: [String] = []
    var i = 0
    while i < args.count {
      let arg = args[i]
      if arg == "--config" || arg.hasPrefix("--config=") {
        guard path == nil else { throw DaemonOptions.UsageError(message: "--config given more than once") }
        if arg == "--config" {
          i += 1
          guard i < args.count else { throw DaemonOptions.UsageError(message: "--config needs a value") }
          path = args[i]
        } else {
          path = String(arg.dropFirst("--config=".count))
        }
      } else {
        rest.append(arg)
      }
      i += 1
    }
    guard let path else { return (nil, args) }
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw DaemonOptions.UsageError(message: "--config: cannot read \(path) as UTF-8 text")
    }
    return (path, try arguments(text, source: path) + rest)
  }

  /// The arguments of a configuration text; each line is checked on its own so an error names it.
  /// Its keys are the options of `DaemonOptions.table` that a file may set.
  public static func arguments(_ text: String, source: String) throws(DaemonOptions.UsageError) -> [String] {
    var out: [String] = []
    for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
      if line.isEmpty || line.hasPrefix("#") { continue }
      func fail(_ message: String) -> DaemonOptions.UsageError {
        DaemonOptions.UsageError(message: "\(source):\(n + 1): \(message)")
      }
      guard let eq = line.firstIndex(of: "=") else { throw fail("expected key = value, got \(line)") }
      let key = line[..<eq].trimmingCharacters(in: .whitespaces)
      var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
      if value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") {
        value = String(value.dropFirst().dropLast())
      }
      guard !key.isEmpty, !key.hasPrefix("-"), key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
        throw fail("bad key \"\(key)\" (keys are option names without --, e.g. log-level)")
      }
      guard let option = DaemonOptions.table.option(named: key) else {
        throw fail("unknown key \(key) (the keys are the options of alicloudd --help, without --)")
      }
      guard option.inConfigFile else { throw fail("\(key) cannot be set in a configuration file") }
      let lineArgs: [String]
      if option.placeholder == nil {
        switch value.lowercased() {
        case "true", "yes", "on": lineArgs = ["--" + key]
        case "false", "no", "off": lineArgs = []
        default: throw fail("\(key) is a switch: expected true or false, got \(value)")
        }
      } else {
        lineArgs = ["--\(key)=\(value)"]
      }
      var scratch = DaemonOptions()
      do {
        try DaemonOptions.table.parse(lineArgs, into: &scratch)
      } catch {
        throw fail(error.message)
      }
      out += lineArgs
    }
    return out
  }
}
