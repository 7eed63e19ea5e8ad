import AliCloudCore
import AliCloudSigning

/// Per (access key id, region) state: the signing credential, the resolved endpoint of each
/// product, and catalogues (zones, instance types, ...) with a time-to-live. Entries idle longer
/// than `idleTTLms` are evicted, dropping their secrets; the idle connections of endpoints no
/// entry uses any more are closed through `onRelease`. Ages are measured on `clock`'s
/// monotonic reading.
public final class RegionCache: Sendable {
  public struct Key: Hashable, Sendable {
    public var accessKeyId: String
    public var region: String
  }

  private struct Catalogue {
    var value: JSONValue
    var stored: Duration
  }

  private struct Entry {
    var credential: Credential
    var baseURLs: [Product: String] = [:]
    var catalogues: [String: Catalogue] = [:]
    var lastUsed: Duration
  }

  private struct State {
    var entries: [Key: Entry] = [:]
    var hits = 0
    var misses = 0
    var catalogueHits = 0
    var catalogueLoads = 0
    var evictions = 0
    var lastSweep: Duration
  }

  public let endpoints: Endpoints
  public let idleTTLms: Int
  private let onRelease: @Sendable (Set<String>) -> Void
  private let clock: any TimeSource
  private let state: Locked<State>

  public init(
    endpoints: Endpoints, idleTTLms: Int = 30 * 60 * 1000, clock: any TimeSource = SystemTime(),
    onRelease: @escaping @Sendable (Set<String>) -> Void = { _ in }
  ) {
    self.endpoints = endpoints
    self.idleTTLms = idleTTLms
    self.onRelease = onRelease
    self.clock = clock
    self.state = Locked(State(lastSweep: clock.uptime))
  }

  /// The base URL for a product in a region, resolved once per entry. Stores the latest
  /// credential (so rotated STS tokens are used).
  public func baseURL(product: Product, region: String, credential: Credential) -> String {
    let now = clock.uptime
    sweepIfDue(now)
    return state.withLock { s in
      let key = Key(accessKeyId: credential.accessKeyId, region: region)
      var entry = s.entries[key] ?? Entry(credential: credential, lastUsed: now)
      entry.credential = credential
      entry.lastUsed = now
      let url: String
      if let u = entry.baseURLs[product] {
        s.hits += 1
        url = u
      } else {
        s.misses += 1
        url = endpoints.baseURL(product: product, region: region)
        entry.baseURLs[product] = url
      }
      s.entries[key] = entry
      return url
    }
  }

  /// A catalogue of the region (e.g. `"zones"`), loaded with `load` when absent or stored more
  /// than `ttlMs` ago.
  public func catalogue(
    _ name: String, region: String, credential: Credential, ttlMs: Int,
    load: @Sendable () async throws(AliCloudError) -> JSONValue
  ) async throws(AliCloudError) -> JSONValue {
    let key = Key(accessKeyId: credential.accessKeyId, region: region)
    let now = clock.uptime
    if let cached = state.withLock({ s -> JSONValue? in
      guard let c = s.entries[key]?.catalogues[name], now - c.stored < .milliseconds(ttlMs) else { return nil }
      s.catalogueHits += 1
      s.entries[key]?.lastUsed = now
      return c.value
    }) {
      return cached
    }
    let value = try await load()
    state.withLock { s in
      s.catalogueLoads += 1
      var entry = s.entries[key] ?? Entry(credential: credential, lastUsed: now)
      entry.catalogues[name] = Catalogue(value: value, stored: clock.uptime)
      entry.lastUsed = clock.uptime
      s.entries[key] = entry
    }
    return value
  }

  /// Drops one catalogue (e.g. after a create changed it).
  public func invalidate(_ name: String, region: String, accessKeyId: String) {
    state.withLock { s in
      _ = s.entries[Key(accessKeyId: accessKeyId, region: region)]?.catalogues.removeValue(forKey: name)
    }
  }

  /// Evicts entries idle longer than the TTL; returns how many.
  @discardableResult
  public func evictIdle() -> Int {
    let now = clock.uptime
    let (count, released) = state.withLock { s -> (Int, Set<String>) in
      s.lastSweep = now
      let stale = s.entries.filter { now - $0.value.lastUsed > .milliseconds(idleTTLms) }
      guard !stale.isEmpty else { return (0, []) }
      for k in stale.keys { s.entries.removeValue(forKey: k) }
      s.evictions += stale.count
      let inUse = Set(s.entries.values.flatMap { $0.baseURLs.values })
      let dropped = Set(stale.values.flatMap { $0.baseURLs.values }).subtracting(inUse)
      return (stale.count, dropped)
    }
    if !released.isEmpty { onRelease(released) }
    return count
  }

  private func sweepIfDue(_ now: Duration) {
    let due = state.withLock { now - $0.lastSweep > .milliseconds(max(1000, idleTTLms / 10)) }
    if due { evictIdle() }
  }

  /// Whether a credential is cached for the key (tests check eviction drops it).
  public func hasEntry(accessKeyId: String, region: String) -> Bool {
    state.withLock { $0.entries[Key(accessKeyId: accessKeyId, region: region)] != nil }
  }

  /// An access key id shortened for display: its first four characters.
  static func mask(_ id: String) -> String { id.count <= 4 ? "***" : String(id.prefix(4)) + "***" }

  public var json: JSONValue {
    state.withLock { s in
      [
        "entries": .int(s.entries.count), "hits": .int(s.hits), "misses": .int(s.misses),
        "catalogueHits": .int(s.catalogueHits), "catalogueLoads": .int(s.catalogueLoads),
        "evictions": .int(s.evictions), "idleTTLms": .int(idleTTLms),
        "regions": .array(
          s.entries.keys.sorted { ($0.region, $0.accessKeyId) < ($1.region, $1.accessKeyId) }.map {
            ["region": .string($0.region), "accessKeyId": .string(RegionCache.mask($0.accessKeyId))]
          }),
      ]
    }
  }
}
