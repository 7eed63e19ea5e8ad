import Foundation

/// A manual page in roff (man(7) macros), built from the same tables as `--help` and
/// docs/options.md (docs/man/ holds the generated pages; a test keeps them current).
public struct ManPage: Sendable {
  public var name: String
  public var section: Int
  /// The NAME line's description.
  public var summary: String
  /// SYNOPSIS lines, as plain text.
  public var synopsis: [String]
  /// The sections after SYNOPSIS: a title and its roff body (see `paragraphs`, `entries`).
  public var sections: [(title: String, body: String)]

  public init(name: String, section: Int, summary: String, synopsis: [String], sections: [(String, String)]) {
    self.name = name
    self.section = section
    self.summary = summary
    self.synopsis = synopsis
    self.sections = sections.map { (title: $0.0, body: $0.1) }
  }

  public var roff: String {
    var out = [
      ".\\\" Generated from the option tables and the operation catalogue; do not edit.",
      ".TH \(name.uppercased()) \(section) \"\" \"\(name) \(Version.product)\" \"alicloudd\"",
      ".SH NAME", "\(Self.escape(name)) \\- \(Self.escape(summary))", ".SH SYNOPSIS",
    ]
    out += synopsis.map { ".B " + Self.escape($0) + "\n.br" }
    for (title, body) in sections {
      out.append(".SH " + title.uppercased())
      out.append(body)
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// Plain text as roff: backslashes and hyphens escaped, control characters at a line's start
  /// neutralised.
  public static func escape(_ text: String) -> String {
    var out = ""
    for c in text {
      switch c {
      case "\\": out += "\\e"
      case "-": out += "\\-"
      default: out.append(c)
      }
    }
    if out.hasPrefix(".") || out.hasPrefix("'") { out = "\\&" + out }
    return out
  }

  /// Paragraphs of plain text (blank-line separated in `text`).
  public static func paragraphs(_ text: String) -> String {
    text.components(separatedBy: "\n\n").map { p in
      p.split(separator: "\n").map { escape(String($0.trimmingCharacters(in: [" "]))) }.joined(separator: "\n")
    }.joined(separator: "\n.PP\n")
  }

  /// Tagged paragraphs: a bold term (e.g. an option with its placeholder), then its text.
  public static func entries(_ rows: [(term: String, text: String)]) -> String {
    rows.map { ".TP\n.B \(escape($0.term))\n\(escape($0.text))" }.joined(separator: "\n")
  }
}

extension OptionTable {
  /// The options as man page entries, one subsection per table section.
  public func manSections(defaults: Settings) -> String {
    sections.map { section in
      let rows = options.filter { $0.section == section }.map { o -> (term: String, text: String) in
        var text = o.help
        if let d = o.show?(defaults) { text += " Default: \(d)." }
        if o.repeatable { text += " Repeatable." }
        return (term: o.usage, text: text)
      }
      return ".SS \(ManPage.escape(section))\n" + ManPage.entries(rows)
    }.joined(separator: "\n")
  }
}
