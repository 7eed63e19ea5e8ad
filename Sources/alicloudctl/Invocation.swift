/// The command line split into positional words, global options and command flags, in one pass so
/// that a flag's value (even `-1` or `--x`) is never mistaken for an option.
struct Invocation: Equatable {
  /// A `--name value` flag of the command (`--next` has no value), in order.
  struct Flag: Equatable {
    var name: String
    var value: String?
  }

  var words: [String] = []
  var flags: [Flag] = []
  var options = GlobalOptions()

  /// Command flags that take no value.
  static let bareFlags: Set<String> = ["next"]

  static func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
    var result = Invocation()
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if argument == "--" {
        result.words += arguments[index...]
        break
      }
      if argument == "-h" {
        result.options.help = true
        continue
      }
      guard argument.hasPrefix("--") else {
        if argument.hasPrefix("-"), argument != "-" {
          throw UsageError("unknown option '\(argument)'; options are written --name")
        }
        result.words.append(argument)
        continue
      }
      let body = argument.dropFirst(2)
      let name: String
      var value: String?
      if let eq = body.firstIndex(of: "=") {
        name = String(body[..<eq])
        value = String(body[body.index(after: eq)...])
      } else {
        name = String(body)
      }
      guard !name.isEmpty else { throw UsageError("empty option name in '\(argument)'") }
      let takesValue =
        GlobalOptions.valued.contains(name) || !(GlobalOptions.switches.contains(name) || bareFlags.contains(name))
      if takesValue, value == nil {
        // A command flag without a value is reported later, where its meaning is known.
        guard index < arguments.count else {
          if GlobalOptions.valued.contains(name) { throw UsageError("--\(name) needs a value") }
          result.flags.append(Flag(name: name, value: nil))
          continue
        }
        value = arguments[index]
        index += 1
      } else if !takesValue, value != nil {
        throw UsageError("--\(name) takes no value")
      }
      if try result.options.apply(name, value: value) { continue }
      result.flags.append(Flag(name: name, value: value))
    }
    return result
  }
}
