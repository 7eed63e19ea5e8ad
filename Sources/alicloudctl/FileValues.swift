import Foundation

/// `@path` flag values: `@path` is the content of that file, `@-` is stdin, `@@text` is the
/// literal `@text`. A file's content is used as it is, except that one trailing line break is
/// dropped (as `$(cat file)` would), so a value written with an editor does not end in `\n`.
enum FileValues {
  /// The value `text` stands for.
  static func resolve(_ text: String, flag: String) throws(UsageError) -> String {
    guard text.hasPrefix("@") else { return text }
    let rest = String(text.dropFirst())
    if rest.hasPrefix("@") { return rest }
    guard !rest.isEmpty else {
      throw UsageError("\(flag): '@' needs a file name (@path, @- for stdin; @@ for a literal @)")
    }
    let data: Data
    if rest == "-" {
      data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      guard let read = FileManager.default.contents(atPath: rest) else {
        throw UsageError("\(flag): cannot read file '\(rest)' (write @@ for a value starting with @)")
      }
      data = read
    }
    guard var value = String(data: data, encoding: .utf8) else {
      throw UsageError("\(flag): '\(rest)' is not UTF-8 text")
    }
    if value.hasSuffix("\r\n") {
      value.removeLast()
    } else if value.hasSuffix("\n") {
      value.removeLast()
    }
    return value
  }
}
