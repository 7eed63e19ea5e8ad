/// WeCube passes multi-valued attributes as one string: `"[a, b, c]"` or `"a,b"`.
public enum ListSyntax {
  /// True when the whole string is bracketed: `[...]`.
  public static func isBracketed(_ s: String) -> Bool {
    let t = s.trimmingCharacters(in: .whitespaces)
    return t.hasPrefix("[") && t.hasSuffix("]") && !t.contains("\n")
  }

  /// The elements, brackets removed, each trimmed, blank elements dropped: `"[a, b,]"` → `[a, b]`,
  /// `""` and `"[]"` → `[]`.
  public static func split(_ s: String) -> [String] {
    var t = s.trimmingCharacters(in: .whitespacesAndNewlines)
    if isBracketed(t) { t = String(t.dropFirst().dropLast()) }
    return t.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  /// `a,b` — the form AliCloud takes for comma-separated parameters.
  public static func join(_ items: [String]) -> String { items.joined(separator: ",") }
}
