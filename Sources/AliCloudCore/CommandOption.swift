/// A problem with a command-line option or a configuration-file line, said so a user can fix it.
public struct OptionError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public init(message: String) { self.message = message }
  public var description: String { message }
}

/// One option of a program, declared once: its name, its value's placeholder, its help, where it
/// may be given, and how it changes the settings. The same declaration drives parsing, `--help`,
/// configuration-file keys and the generated option reference.
public struct CommandOption<Settings>: Sendable {
  /// The name without its dashes (`socket`, `sandbox-seed`).
  public let name: String
  /// What the value looks like in help (`PATH`, `SECONDS`); nil for a switch.
  public let placeholder: String?
  public let help: String
  /// The heading it is listed under.
  public let section: String
  /// Whether giving it again adds rather than replaces.
  public let repeatable: Bool
  /// Whether a configuration file may set it (its key is the name).
  public let inConfigFile: Bool
  let apply: @Sendable (inout Settings, String) throws(OptionError) -> Void
  let show: (@Sendable (Settings) -> String?)?

  /// An option with a value. `show` renders the value a settings value holds, so help and the
  /// reference give the default without writing it twice.
  public static func value(
    _ name: String, _ placeholder: String, section: String, repeatable: Bool = false, inConfigFile: Bool = true,
    _ help: String, show: (@Sendable (Settings) -> String?)? = nil,
    set: @escaping @Sendable (inout Settings, String) throws(OptionError) -> Void
  ) -> CommandOption {
    CommandOption(
      name: name, placeholder: placeholder, help: help, section: section, repeatable: repeatable,
      inConfigFile: inConfigFile, apply: set, show: show)
  }

  /// A switch: given means on.
  public static func flag(
    _ name: String, section: String, inConfigFile: Bool = true, _ help: String,
    set: @escaping @Sendable (inout Settings) -> Void
  ) -> CommandOption {
    CommandOption(
      name: name, placeholder: nil, help: help, section: section, repeatable: false, inConfigFile: inConfigFile,
      apply: { s, _ in set(&s) }, show: nil)
  }

  /// `--name` or `--name PLACEHOLDER`.
  public var usage: String { "--" + name + (placeholder.map { " " + $0 } ?? "") }

  /// The same option on a part of larger settings, its name (and section) prefixed: the
  /// simulator's `seed` is the daemon's `sandbox-seed`.
  public func lifted<Outer>(
    into path: WritableKeyPath<Outer, Settings> & Sendable, prefix: String = "", section: String? = nil
  ) -> CommandOption<Outer> {
    let apply = self.apply
    let liftedApply: @Sendable (inout Outer, String) throws(OptionError) -> Void = { outer, text throws(OptionError) in
      try apply(&outer[keyPath: path], text)
    }
    var liftedShow: (@Sendable (Outer) -> String?)? = nil
    if let show = self.show { liftedShow = { outer in show(outer[keyPath: path]) } }
    return CommandOption<Outer>(
      name: prefix + name, placeholder: placeholder, help: help, section: section ?? self.section,
      repeatable: repeatable, inConfigFile: inConfigFile, apply: liftedApply, show: liftedShow)
  }
}

/// A program's options, in the order help lists them.
public struct OptionTable<Settings>: Sendable {
  public let options: [CommandOption<Settings>]
  private let byName: [String: Int]

  public init(_ options: [CommandOption<Settings>]) {
    var byName: [String: Int] = [:]
    for (i, o) in options.enumerated() {
      precondition(byName.updateValue(i, forKey: o.name) == nil, "option --\(o.name) declared twice")
    }
    self.options = options
    self.byName = byName
  }

  /// The default for arguments that are not options: refuse them.
  public static func refuse(_ arg: String, _ rest: inout IndexingIterator<[String]>) throws(OptionError) {
    throw OptionError("unknown argument \(arg) (see --help)")
  }

  public func option(named name: String) -> CommandOption<Settings>? { byName[name].map { options[$0] } }

  /// Applies `args` to `settings`: `--name value`, `--name=value`, or `--name` for a switch.
  /// An argument that is not one of ours goes to `other`, which may take the next arguments
  /// (through the iterator) or throw.
  public func parse(
    _ args: [String], into settings: inout Settings,
    other: (_ arg: String, _ rest: inout IndexingIterator<[String]>) throws(OptionError) -> Void = OptionTable.refuse
  ) throws(OptionError) {
    var rest = args.makeIterator()
    while let arg = rest.next() {
      var name = Substring(arg)
      var inline: String? = nil
      if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
        inline = String(arg[arg.index(after: eq)...])
        name = arg[..<eq]
      }
      guard name.hasPrefix("--"), let option = option(named: String(name.dropFirst(2))) else {
        try other(arg, &rest)
        continue
      }
      let value: String
      if option.placeholder == nil {
        guard inline == nil else { throw OptionError("\(name) takes no value") }
        value = ""
      } else if let inline {
        value = inline
      } else if let next = rest.next() {
        value = next
      } else {
        throw OptionError("\(name) needs a value")
      }
      do {
        try option.apply(&settings, value)
      } catch {
        throw OptionError("\(name): \(error.message)")
      }
    }
  }

  /// The options as `--help` lists them, by section; `defaults` gives each option's default.
  public func help(defaults: Settings, width: Int = 96) -> String {
    var out: [String] = []
    for section in sections {
      out.append("\(section):")
      for o in options where o.section == section {
        var text = o.help
        if let d = o.show?(defaults) { text += " Default: \(d)." }
        if o.repeatable { text += " Repeatable." }
        let lead = "  " + o.usage
        let column = 25
        let lines = Self.wrap(text, width: width - column)
        if lead.count + 2 <= column {
          out.append(lead.padding(toLength: column, withPad: " ", startingAt: 0) + lines[0])
          out += lines.dropFirst().map { String(repeating: " ", count: column) + $0 }
        } else {
          out.append(lead)
          out += lines.map { String(repeating: " ", count: column) + $0 }
        }
      }
      out.append("")
    }
    return out.joined(separator: "\n")
  }

  /// A Markdown reference: one table per section, with defaults and, when `configKeys`, the
  /// configuration-file key of each option.
  public func markdown(defaults: Settings, configKeys: Bool = true) -> String {
    var out: [String] = []
    for section in sections {
      out += ["### \(section)", ""]
      out +=
        configKeys
        ? ["| Option | Config key | Default | Meaning |", "|---|---|---|---|"]
        : ["| Option | Default | Meaning |", "|---|---|---|"]
      for o in options where o.section == section {
        let key = configKeys ? (o.inConfigFile ? " `\(o.name)` |" : " — |") : ""
        let d = o.show?(defaults).map { "`\($0)`" } ?? ""
        let help = o.help + (o.repeatable ? " Repeatable." : "")
        out.append("| `\(o.usage.replacingPipes)` |\(key) \(d) | \(help.replacingPipes) |")
      }
      out.append("")
    }
    return out.joined(separator: "\n")
  }

  /// Section names in the order they first appear.
  public var sections: [String] {
    var seen: Set<String> = []
    return options.map(\.section).filter { seen.insert($0).inserted }
  }

  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty && line.count + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    lines.append(line)
    return lines
  }
}

extension String {
  fileprivate var replacingPipes: String {
    var out = ""
    for c in self { out += c == "|" ? "\\|" : String(c) }
    return out
  }
}

/// Readers for option values, each naming what it expected.
public enum OptionValue {
  public static func integer(_ text: String, in range: ClosedRange<Int>, _ what: String = "an integer")
    throws(OptionError) -> Int
  {
    guard let n = Int(text), range.contains(n) else {
      throw OptionError("expected \(what) between \(range.lowerBound) and \(range.upperBound), got \(text)")
    }
    return n
  }

  /// Seconds (a decimal number) within `range`, as milliseconds.
  public static func seconds(_ text: String, in range: ClosedRange<Double>) throws(OptionError) -> Int {
    guard let s = Double(text), range.contains(s) else {
      throw OptionError(
        "expected seconds between \(number(range.lowerBound)) and \(number(range.upperBound)), got \(text)")
    }
    return Int((s * 1000).rounded())
  }

  /// A share between 0 and 1.
  public static func rate(_ text: String) throws(OptionError) -> Double {
    guard let r = Double(text), (0...1).contains(r) else {
      throw OptionError("expected a number between 0 and 1, got \(text)")
    }
    return r
  }

  /// `KEY=VALUE`, with KEY one of `keys` when they are given.
  public static func pair(_ text: String, keys: [String]? = nil, _ what: String) throws(OptionError) -> (
    String, String
  ) {
    guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
      throw OptionError("expected \(what), got \(text)")
    }
    let key = String(text[..<eq])
    if let keys, !keys.contains(key) {
      throw OptionError("unknown \(key) (one of \(keys.joined(separator: ", ")))")
    }
    return (key, String(text[text.index(after: eq)...]))
  }

  /// `MIN-MAX` or `N` (both the same), non-negative integers with MIN <= MAX <= `max`.
  public static func range(_ text: String, max: Int) throws(OptionError) -> ClosedRange<Int> {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
    guard (1...2).contains(parts.count), let lo = parts.first ?? nil, let hi = parts.last ?? nil, lo >= 0, lo <= hi,
      hi <= max
    else {
      throw OptionError("expected MIN-MAX or N (0 to \(max)), got \(text)")
    }
    return lo...hi
  }

  /// A number as help shows it: `10` rather than `10.0`.
  public static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }

  /// Milliseconds as seconds, the way the seconds options take them.
  public static func secondsText(ms: Int) -> String { number(Double(ms) / 1000) }
}
