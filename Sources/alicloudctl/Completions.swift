import AliCloudCatalog

/// Shell completion scripts for alicloudctl, from the catalogue: the commands' words, then each
/// operation's --<field> flags (deploy/completions/; a test keeps them current).
enum Completions {
  /// Options that take a value besides the fields (whose values are never completed).
  static let valued = ["--socket", "--json", "--timeout", "--region", "--input"]
  static let switches = ["--help", "--version", "--progress", "--no-progress", "--dry-run", "--next"]

  /// Every prefix of words that starts a command, with the words that may follow it and, when
  /// it names an operation, the operation's flags. The empty prefix is the first word.
  static var table: [(prefix: String, next: [String], flags: [String])] {
    var order: [String] = [""]
    var next: [String: [String]] = ["": CommandWords.builtins]
    var flags: [String: [String]] = [:]
    for op in Catalog.operations {
      let words = CommandWords.words(of: op)
      for i in 0..<words.count {
        let prefix = words[..<i].joined(separator: " ")
        if next[prefix] == nil {
          order.append(prefix)
          next[prefix] = []
        }
        if !next[prefix]!.contains(words[i]) { next[prefix]!.append(words[i]) }
      }
      let command = words.joined(separator: " ")
      if next[command] == nil {
        order.append(command)
        next[command] = []
      }
      flags[command] = op.inputs.flatMap { [$0.name] + $0.aliases }.map { "--" + $0 }
    }
    return order.map { (prefix: $0, next: next[$0] ?? [], flags: flags[$0] ?? []) }
  }

  static var methods: [String] { Catalog.allMethodNames }

  static var bash: String {
    let cases = table.map { row in
      "    \"\(row.prefix)\") next=\"\(row.next.joined(separator: " "))\"; flags=\"\(row.flags.joined(separator: " "))\" ;;"
    }.joined(separator: "\n")
    return """
      # bash completion for alicloudctl. Generated from the operation catalogue; do not edit.
      _alicloudctl() {
        local cur prev i w skip=0 path=""
        cur="${COMP_WORDS[COMP_CWORD]}"
        prev="${COMP_WORDS[COMP_CWORD-1]}"
        case "$prev" in
          --json) COMPREPLY=($(compgen -W "pretty compact" -- "$cur")); return ;;
          --socket) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        esac
        # The command's words so far: every word not an option or an option's value.
        for ((i = 1; i < COMP_CWORD; i++)); do
          w="${COMP_WORDS[i]}"
          if ((skip)); then skip=0; continue; fi
          case "$w" in
            \(switches.joined(separator: "|"))) ;;
            --*=*) ;;
            --*) skip=1 ;;
            *) path="${path:+$path }$w" ;;
          esac
        done
        local next="" flags=""
        case "$path" in
      \(cases)
          call|describe) next="\(methods.joined(separator: " "))" ;;
          help) next="\(CommandWords.resources.joined(separator: " "))" ;;
        esac
        if [[ "$cur" == -* ]]; then
          COMPREPLY=($(compgen -W "$flags \((valued + switches).joined(separator: " "))" -- "$cur"))
        else
          COMPREPLY=($(compgen -W "$next" -- "$cur"))
        fi
      }
      complete -F _alicloudctl alicloudctl

      """
  }

  static var zsh: String {
    let cases = table.map { row in
      "    \"\(row.prefix)\") next=(\(row.next.joined(separator: " "))); flags=(\(row.flags.joined(separator: " "))) ;;"
    }.joined(separator: "\n")
    return """
      #compdef alicloudctl
      # zsh completion for alicloudctl. Generated from the operation catalogue; do not edit.
      _alicloudctl() {
        local cur=${words[CURRENT]} prev=${words[CURRENT-1]} w cmd="" i skip=0
        local -a next flags
        case $prev in
          --json) compadd pretty compact; return ;;
          --socket) _files; return ;;
        esac
        for (( i = 2; i < CURRENT; i++ )); do
          w=${words[i]}
          if (( skip )); then skip=0; continue; fi
          case $w in
            \(switches.joined(separator: "|"))) ;;
            --*=*) ;;
            --*) skip=1 ;;
            *) cmd="${cmd:+$cmd }$w" ;;
          esac
        done
        case $cmd in
      \(cases)
          call|describe) next=(\(methods.joined(separator: " "))) ;;
          help) next=(\(CommandWords.resources.joined(separator: " "))) ;;
        esac
        if [[ $cur == -* ]]; then
          compadd -- $flags \((valued + switches).joined(separator: " "))
        else
          compadd -- $next
        fi
      }
      _alicloudctl "$@"

      """
  }
}
