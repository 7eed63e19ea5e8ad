/// The commands the guest shell knows. File and text commands are here; block-device commands
/// (`lsblk`, `blkid`, `mkfs.*`, `mount`, `umount`, `mountpoint`, `readlink`) are in
/// `GuestBlockCommands`. Anything else is "command not found" (127).
enum GuestCommands {
  struct IO {
    /// Output kept of one command or script: one byte more than a file may hold, so output
    /// that cannot fit a file is never built in full (and a redirection of it fails).
    static let limit = GuestMachine.maxFileBytes + 1
    var out = ""
    var err = ""

    /// Appends as much of `text` as fits under `limit`.
    static func append(_ text: String, to s: inout String) {
      let room = limit - s.utf8.count
      guard room > 0 else { return }
      s += text.utf8.count <= room ? text : String(decoding: text.utf8.prefix(room), as: UTF8.self)
    }
  }

  static func run(_ words: [String], shell: inout GuestShell, io: inout IO) throws -> Int {
    guard let name = words.first else { return 0 }
    let args = Array(words.dropFirst())
    switch name {
    case "set":
      for a in args where a.hasPrefix("-") && a.contains("e") && !a.hasPrefix("-o") { shell.errexit = true }
      return 0
    case "true", "sync", ":": return 0
    case "false": return 1
    case "udevadm": return 0
    case "sleep": return args.count == 1 && Double(args[0]) != nil ? 0 : 1
    case "exit":
      throw GuestShell.Stop.exit(args.first.flatMap { Int($0) } ?? 0)
    case "echo":
      let noNewline = args.first == "-n"
      io.out += (noNewline ? args.dropFirst() : args[...]).joined(separator: " ") + (noNewline ? "" : "\n")
      return 0
    case "cat": return cat(args, shell.machine, &io)
    case "grep": return grep(args, shell.machine, &io)
    case "mkdir": return mkdir(args, &shell.machine, &io)
    case "rm": return rm(args, &shell.machine, &io)
    case "mv": return mv(args, &shell.machine, &io)
    case "test", "[": return test(name == "[" ? Array(args.dropLast()) : args, shell.machine)
    default:
      if let code = GuestBlockCommands.run(name, args, &shell.machine, &io) { return code }
      io.err += "sh: \(name): command not found\n"
      return 127
    }
  }

  static func cat(_ args: [String], _ m: GuestMachine, _ io: inout IO) -> Int {
    var code = 0
    for path in args {
      if let text = m.readFile(path) {
        IO.append(text, to: &io.out)
      } else {
        io.err += "cat: \(path): No such file or directory\n"
        code = 1
      }
    }
    return code
  }

  /// `grep [-q] [-v] [-x] [-F] [-c] PATTERN FILE`: patterns are matched as fixed strings.
  static func grep(_ args: [String], _ m: GuestMachine, _ io: inout IO) -> Int {
    var flags = Set<Character>()
    var rest: [String] = []
    for a in args {
      if a.hasPrefix("-") && rest.isEmpty && a.count > 1 { flags.formUnion(a.dropFirst()) } else { rest.append(a) }
    }
    guard rest.count == 2, flags.isSubset(of: ["q", "v", "x", "F", "c", "s"]) else {
      io.err += "grep: usage: grep [-qvxFc] PATTERN FILE\n"
      return 2
    }
    guard let text = m.readFile(rest[1]) else {
      if !flags.contains("s") { io.err += "grep: \(rest[1]): No such file or directory\n" }
      return 2
    }
    let pattern = rest[0]
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0)
    let selected = lines.filter { line in
      let hit = flags.contains("x") ? line == pattern : line.contains(pattern)
      return hit != flags.contains("v")
    }
    if flags.contains("c") {
      io.out += "\(selected.count)\n"
    } else if !flags.contains("q") {
      for l in selected { io.out += l + "\n" }
    }
    return selected.isEmpty ? 1 : 0
  }

  static func mkdir(_ args: [String], _ m: inout GuestMachine, _ io: inout IO) -> Int {
    let parents = args.contains("-p")
    var code = 0
    for path in args where !path.hasPrefix("-") {
      guard path.hasPrefix("/") else {
        io.err += "mkdir: \(path): relative paths are not supported\n"
        code = 1
        continue
      }
      let clean = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
      if m.isDirectory(clean) {
        if !parents {
          io.err += "mkdir: cannot create directory '\(clean)': File exists\n"
          code = 1
        }
        continue
      }
      if m.readFile(clean) != nil || m.isBlockDevice(clean) {
        io.err += "mkdir: cannot create directory '\(clean)': File exists\n"
        code = 1
        continue
      }
      var missing: [String] = []
      var p = clean
      while !m.isDirectory(p) && p != "/" {
        missing.append(p)
        p = m.parent(p)
      }
      guard parents || missing.count == 1 else {
        io.err += "mkdir: cannot create directory '\(clean)': No such file or directory\n"
        code = 1
        continue
      }
      for d in missing.reversed() { m.makeDirectory(d) }
    }
    return code
  }

  static func rm(_ args: [String], _ m: inout GuestMachine, _ io: inout IO) -> Int {
    let force = args.contains { $0.hasPrefix("-") && $0.contains("f") }
    var code = 0
    for path in args where !path.hasPrefix("-") {
      if !m.removeFile(path) && !force {
        io.err += "rm: cannot remove '\(path)': No such file or directory\n"
        code = 1
      }
    }
    return code
  }

  static func mv(_ args: [String], _ m: inout GuestMachine, _ io: inout IO) -> Int {
    let paths = args.filter { !$0.hasPrefix("-") }
    guard paths.count == 2, let text = m.readFile(paths[0]) else {
      io.err += "mv: cannot stat '\(paths.first ?? "")': No such file or directory\n"
      return 1
    }
    if let failure = m.writeFile(paths[1], text, append: false) {
      io.err += "mv: cannot move to '\(paths[1])': \(failure.rawValue)\n"
      return 1
    }
    _ = m.removeFile(paths[0])
    return 0
  }

  /// `test -b|-d|-e|-f PATH`, `test -n|-z STRING`, `test A = B`, `test A != B`.
  static func test(_ args: [String], _ m: GuestMachine) -> Int {
    let ok: Bool
    switch args.count {
    case 2:
      switch args[0] {
      case "-b": ok = m.isBlockDevice(args[1])
      case "-d": ok = m.isDirectory(args[1])
      case "-f": ok = m.readFile(args[1]) != nil
      case "-e": ok = m.readFile(args[1]) != nil || m.isDirectory(args[1]) || m.isBlockDevice(args[1])
      case "-n": ok = !args[1].isEmpty
      case "-z": ok = args[1].isEmpty
      default: return 2
      }
    case 3 where args[1] == "=": ok = args[0] == args[2]
    case 3 where args[1] == "!=": ok = args[0] != args[2]
    case 1: ok = !args[0].isEmpty
    default: return 2
    }
    return ok ? 0 : 1
  }
}
