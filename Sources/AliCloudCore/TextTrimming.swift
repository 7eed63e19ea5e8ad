extension StringProtocol {
  /// The text without the white space (Unicode White_Space: spaces, tabs, line breaks) at its
  /// ends: what `trimmingCharacters(in: .whitespacesAndNewlines)` gives, without Foundation's
  /// cost (it bridges to NSString), for text trimmed on every call.
  public func trimmedOfWhiteSpace() -> String {
    let u = unicodeScalars
    // ASCII is decided without a Unicode property lookup.
    func isSpace(_ c: Unicode.Scalar) -> Bool {
      c.value < 0x80 ? c.value == 0x20 || (c.value >= 0x09 && c.value <= 0x0d) : c.properties.isWhitespace
    }
    var start = u.startIndex
    var end = u.endIndex
    while start < end && isSpace(u[start]) { start = u.index(after: start) }
    while end > start && isSpace(u[u.index(before: end)]) { end = u.index(before: end) }
    if start == u.startIndex && end == u.endIndex { return String(self) }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: u[start..<end])
    return String(out)
  }
}
