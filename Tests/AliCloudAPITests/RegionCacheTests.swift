import AliCloudAPI
import AliCloudCore
import AliCloudSigning
import Foundation
import TestSupport
import Testing

final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var n = 0
  private var released: Set<String> = []
  func bump() -> Int {
    lock.withLock {
      n += 1; return n
    }
  }
  var value: Int { lock.withLock { n } }
  func release(_ s: Set<String>) { lock.withLock { released.formUnion(s) } }
  var releasedURLs: Set<String> { lock.withLock { released } }
}

@Suite struct RegionCacheTests {
  @Test func cataloguesHaveATimeToLive() async throws {
    let cache = RegionCache(endpoints: Endpoints())
    let loads = Counter()
    let cred = Fixtures.credential
    for _ in 0..<3 {
      let v = try await cache.catalogue("zones", region: "cn-beijing", credential: cred, ttlMs: 60_000) {
        .int(loads.bump())
      }
      #expect(v == 1)
    }
    #expect(loads.value == 1)
    _ = try await cache.catalogue("zones", region: "cn-beijing", credential: cred, ttlMs: 0) { .int(loads.bump()) }
    let again = try await cache.catalogue("zones", region: "cn-beijing", credential: cred, ttlMs: 0) {
      .int(loads.bump())
    }
    #expect(again == 3)
    #expect(cache.json["catalogueHits"] == 2)
  }

  @Test func idleEntriesAreEvictedWithTheirSecretsAndConnections() async throws {
    let released = Counter()
    let clock = ManualClock()
    let cache = RegionCache(
      endpoints: try Endpoints.parse(["vpc=http://127.0.0.1:1"]), idleTTLms: 10, clock: clock
    ) { released.release($0) }
    _ = cache.baseURL(product: .vpc, region: "cn-beijing", credential: Fixtures.credential)
    #expect(cache.hasEntry(accessKeyId: Fixtures.credential.accessKeyId, region: "cn-beijing"))
    clock.advance(.milliseconds(10))
    #expect(cache.evictIdle() == 0)  // idle exactly the TTL: kept
    clock.advance(.milliseconds(20))
    #expect(cache.evictIdle() == 1)
    #expect(!cache.hasEntry(accessKeyId: Fixtures.credential.accessKeyId, region: "cn-beijing"))
    #expect(released.releasedURLs == ["http://127.0.0.1:1"])
    #expect(!cache.json.jsonString().contains(Fixtures.credential.accessKeyId))
  }
}
