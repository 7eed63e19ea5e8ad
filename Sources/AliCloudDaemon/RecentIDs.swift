import AliCloudWire

/// A small ring of recently finished call ids, so a cancel that arrives just after the reply is
/// recognised as late (and quiet) rather than unknown. Bounded in count and in size: an id longer
/// than `maxIDBytes` is not remembered (a late cancel of it is then treated as unknown, which is
/// also quiet), so a client sending huge ids cannot make the ring hold megabytes.
struct RecentIDs {
  static let maxIDBytes = 256
  private var ring: [RPCID?]
  private var set: Set<RPCID> = []
  private var next = 0

  init(capacity: Int = 64) {
    ring = Array(repeating: nil, count: capacity)
  }

  mutating func insert(_ id: RPCID) {
    guard Self.size(id) <= Self.maxIDBytes else { return }
    if let old = ring[next] { set.remove(old) }
    ring[next] = id
    set.insert(id)
    next = (next + 1) % ring.count
  }

  func contains(_ id: RPCID) -> Bool { set.contains(id) }

  /// Bytes of id text held.
  var storedBytes: Int { ring.reduce(0) { n, id in n + (id.map(Self.size) ?? 0) } }

  static func size(_ id: RPCID) -> Int {
    if case .string(let s) = id { return s.utf8.count }
    return 8
  }
}
