import AliCloudCore

/// Numbers read from AliCloud answers, which may hold anything: values that are not finite or do
/// not fit the wanted range are refused (nil) instead of being converted with a trap.
enum ResponseNumbers {
  /// A finite number from a JSON number or a numeric string; nil for anything else, including
  /// `"nan"`, `"inf"` and `"1e400"`.
  static func finite(_ v: JSONValue?) -> Double? {
    let d: Double?
    switch v {
    case .int(let i): d = Double(i)
    case .double(let x): d = x
    case .string(let s): d = Double(s.trimmingCharacters(in: .whitespaces))
    default: d = nil
    }
    guard let d, d.isFinite else { return nil }
    return d
  }

  /// A whole count from 0 to `limit` (the fraction dropped: `4.0` → 4, `2.5` → 2); nil when `d` is
  /// negative, not finite or above `limit`.
  static func count(_ d: Double, limit: Int) -> Int? {
    guard d.isFinite, d >= 0, d <= Double(limit) else { return nil }
    return Int(exactly: d.rounded(.down))
  }

  /// Digits for a whole number that fits `Int`, otherwise the number's own text (`1e+19`).
  static func text(_ d: Double) -> String {
    Int(exactly: d).map(String.init) ?? String(d)
  }
}
