/// A small POSIX-shell subset that runs Cloud Assistant scripts against a `GuestMachine`:
/// lines and `;`, `&&`, `||`, `!`, `#` comments, single and double quotes (no expansion),
/// backslash escapes, redirections `>`, `>>`, `2>`, `2>&1` (and `/dev/null`), and `set -e`.
/// No variables, pipes, globs, loops or `if`: a script using them fails with a syntax error
/// (exit 2), so a mismatch is visible and never silently ignored. Commands: `GuestCommands`.
struct GuestShell {
  struct Result: Equatable {
    var exitCode: Int
    var output: String
  }

  struct Command {
    var words: [String] = []
    var negate = false
    var stdout: (path: String, append: Bool)?
    var stderr: String?
    var stderrToStdout = false
  }

  /// One and-or list: commands joined by `&&` / `||`.
  struct Statement {
    var commands: [Command] = []
    var joins: [String] = []
  }

  enum Stop: Error { case exit(Int) }

  var machine: GuestMachine
  /// What the invocation reports, clipped like a command's output.
  private(set) var output = ""
  var errexit = false

  /// Runs a script; stdout and stderr together are the output, as Cloud Assistant reports it.
  static func run(_ script: String, on machine: inout GuestMachine) -> Result {
    var shell = GuestShell(machine: machine)
    let code: Int
    do {
      code = shell.execute(try GuestScriptParser.parse(script))
    } catch {
      GuestCommands.IO.append("sh: syntax error: \(error.message)\n", to: &shell.output)
      code = 2
    }
    machine = shell.machine
    return Result(exitCode: code, output: shell.output)
  }

  mutating func execute(_ statements: [Statement]) -> Int {
    var status = 0
    do {
      for s in statements {
        status = try run(s.commands[0])
        var ran = 0
        for (k, join) in s.joins.enumerated() where (join == "&&") == (status == 0) {
          status = try run(s.commands[k + 1])
          ran = k + 1
        }
        // `set -e` stops on the last command of an and-or list only, never on a negated one.
        if errexit && status != 0 && ran == s.commands.count - 1 && !s.commands[ran].negate { return status }
      }
    } catch Stop.exit(let code) {
      return code
    } catch {
      return 2
    }
    return status
  }

  mutating func run(_ c: Command) throws -> Int {
    var io = GuestCommands.IO()
    let code = try GuestCommands.run(c.words, shell: &self, io: &io)
    if c.stderrToStdout {
      io.out += io.err
      io.err = ""
    }
    if let (path, append) = c.stdout {
      if path != "/dev/null", let failure = machine.writeFile(path, io.out, append: append) {
        GuestCommands.IO.append("sh: \(path): \(failure.rawValue)\n", to: &output)
        return 1
      }
    } else {
      GuestCommands.IO.append(io.out, to: &output)
    }
    if let path = c.stderr {
      if path != "/dev/null", let failure = machine.writeFile(path, io.err, append: false) {
        GuestCommands.IO.append("sh: \(path): \(failure.rawValue)\n", to: &output)
        return 1
      }
    } else {
      GuestCommands.IO.append(io.err, to: &output)
    }
    return c.negate ? (code == 0 ? 1 : 0) : code
  }
}
