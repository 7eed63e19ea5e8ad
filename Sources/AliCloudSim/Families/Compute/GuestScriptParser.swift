/// Parses the guest shell's subset (see `GuestShell`) into and-or lists of commands.
struct GuestScriptParser {
  struct SyntaxError: Error { var message: String }

  var statements: [GuestShell.Statement] = []
  var current = GuestShell.Statement()
  var command = GuestShell.Command()
  var word = ""
  var inWord = false
  var pendingRedirect: String?

  static func parse(_ script: String) throws(SyntaxError) -> [GuestShell.Statement] {
    var p = GuestScriptParser()
    let chars = Array(script) + ["\n"]
    var i = 0
    while i < chars.count {
      let c = chars[i]
      let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
      switch c {
      case "'":
        guard let end = chars[(i + 1)...].firstIndex(of: "'") else { throw SyntaxError(message: "unterminated quote") }
        p.word += String(chars[(i + 1)..<end])
        p.inWord = true
        i = end
      case "\"":
        var j = i + 1
        while j < chars.count && chars[j] != "\"" {
          if chars[j] == "\\", j + 1 < chars.count, "\"\\$`".contains(chars[j + 1]) {
            p.word.append(chars[j + 1])
            j += 2
            continue
          }
          if chars[j] == "$" || chars[j] == "`" { throw SyntaxError(message: "expansion ($ or `) is not supported") }
          p.word.append(chars[j])
          j += 1
        }
        guard j < chars.count else { throw SyntaxError(message: "unterminated double quote") }
        p.inWord = true
        i = j
      case "\\":
        guard let n = next else { throw SyntaxError(message: "trailing backslash") }
        if n != "\n" {
          p.word.append(n)
          p.inWord = true
        }
        i += 1
      case "$", "`", "(", ")", "<":
        throw SyntaxError(message: "\"\(c)\" is not supported")
      case "#" where !p.inWord:
        while i < chars.count && chars[i] != "\n" { i += 1 }
        continue
      case " ", "\t":
        p.endWord()
      case "\n", ";":
        try p.endStatement()
      case "&":
        guard next == "&" else { throw SyntaxError(message: "background jobs (&) are not supported") }
        try p.endCommand("&&")
        i += 1
      case "|":
        guard next == "|" else { throw SyntaxError(message: "pipes are not supported") }
        try p.endCommand("||")
        i += 1
      case ">":
        let fd2 = p.inWord && p.word == "2"
        if fd2 {
          p.word = ""
          p.inWord = false
        } else {
          p.endWord()
        }
        if fd2 && next == "&" && i + 2 < chars.count && chars[i + 2] == "1" {
          p.command.stderrToStdout = true
          i += 2
        } else if !fd2 && next == ">" {
          p.pendingRedirect = ">>"
          i += 1
        } else {
          p.pendingRedirect = fd2 ? "2>" : ">"
        }
      default:
        p.word.append(c)
        p.inWord = true
      }
      i += 1
    }
    return p.statements
  }

  mutating func endWord() {
    guard inWord else { return }
    defer {
      word = ""
      inWord = false
    }
    if let r = pendingRedirect {
      pendingRedirect = nil
      switch r {
      case ">": command.stdout = (word, false)
      case ">>": command.stdout = (word, true)
      default: command.stderr = word
      }
    } else if command.words.isEmpty && word == "!" && !command.negate {
      command.negate = true
    } else {
      command.words.append(word)
    }
  }

  mutating func endCommand(_ join: String?) throws(SyntaxError) {
    endWord()
    if pendingRedirect != nil { throw SyntaxError(message: "a redirection has no target") }
    if command.words.isEmpty {
      if join != nil { throw SyntaxError(message: "a command is missing before \(join!)") }
      return
    }
    current.commands.append(command)
    command = GuestShell.Command()
    if let join { current.joins.append(join) }
  }

  mutating func endStatement() throws(SyntaxError) {
    try endCommand(nil)
    guard !current.commands.isEmpty else { return }
    if current.joins.count >= current.commands.count {
      throw SyntaxError(message: "a command is missing after \(current.joins.last!)")
    }
    statements.append(current)
    current = GuestShell.Statement()
  }
}
