/// "Did you mean" by edit distance, shared by the daemon (unknown methods) and the CLI (unknown
/// commands, methods and flags).
public enum Suggest {
  /// Up to `limit` candidates close to `word`, nearest first; ties keep the candidates' order.
  /// Case is ignored. A candidate is close when its edit distance is at most a third of the word's
  /// length (at least 2), or when one contains the other.
  public static func nearest(to word: String, among candidates: [String], limit: Int = 3) -> [String] {
    // No name we suggest is longer than this: a longer word costs nothing to refuse, whatever its
    // size (the work below grows with the word's length times each candidate's).
    guard word.utf8.count <= maxWordBytes else { return [] }
    let w = Array(word.lowercased())
    guard !w.isEmpty else { return [] }
    let threshold = max(2, w.count / 3)
    var scored: [(distance: Int, index: Int, name: String)] = []
    for (index, candidate) in candidates.enumerated() {
      let c = candidate.lowercased()
      var d = distance(w, Array(c))
      if d > threshold, w.count >= 4, c.contains(String(w)) || String(w).contains(c) {
        d = threshold
      }
      if d <= threshold { scored.append((d, index, candidate)) }
    }
    scored.sort { ($0.distance, $0.index) < ($1.distance, $1.index) }
    var result: [String] = []
    for s in scored where !result.contains(s.name) {
      result.append(s.name)
      if result.count == limit { break }
    }
    return result
  }

  /// Longest word for which suggestions are computed.
  public static let maxWordBytes = 128

  /// Levenshtein distance (insert, delete, substitute; each costs 1).
  public static func distance(_ a: String, _ b: String) -> Int {
    distance(Array(a), Array(b))
  }

  static func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
