/// Quoting for POSIX sh: every value placed in a script is single-quoted, so no character in it
/// (`;`, `$`, backquote, `'`, newline, ...) is interpreted by the shell.
public enum ShellQuote {
  /// `it's` → `'it'\''s'`.
  public static func quote(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
