extension StringProtocol {
  /// The text without the white space (Unicode White_Space: spaces, tabs, line breaks) at its
  /// ends: what `trimmingCharacters(in: .whitespacesAndNewlines)` gives, without Foundation's
  /// cost (it bridges to NSString), for text trimmed on every call.
  public func trimmedOfWhiteSpace() -> String {
    let u = unicodeScalars
    var start = u.startIndex
    var end = u.endIndex
    while start < end && u[start].properties.isWhitespace { start = u.index(after: start) }
    while end > start && u[u.index(before: end)].properties.isWhitespace { end = u.index(before: end) }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: u[start..<end])
    return String(out)
  }
}
