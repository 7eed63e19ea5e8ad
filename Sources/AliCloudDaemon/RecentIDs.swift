import AliCloudWire

/// A small ring of recently finished call ids, so a cancel that arrives just after the reply is
/// recognised as late (and quiet) rather than unknown.
struct RecentIDs {
  private var ring: [RPCID?]
  private var set: Set<RPCID> = []
  private var next = 0

  init(capacity: Int = 64) {
    ring = Array(repeating: nil, count: capacity)
  }

  mutating func insert(_ id: RPCID) {
    if let old = ring[next] { set.remove(old) }
    ring[next] = id
    set.insert(id)
    next = (next + 1) % ring.count
  }

  func contains(_ id: RPCID) -> Bool { set.contains(id) }
}
