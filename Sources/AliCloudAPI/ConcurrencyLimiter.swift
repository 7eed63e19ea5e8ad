import AliCloudCore

/// Bounds the API requests in flight at once per region, product and action, and adapts the
/// bound to the answers (additive increase, multiplicative decrease). AliCloud's flow control is
/// per API: each action of a product has its own quota per account in each region, and a
/// throttling answer speaks of that action's. So a throttled `vpc:CreateVpc` in `cn-hangzhou`
/// slows neither `vpc:DescribeVpcs` (the polls of the waits) there, nor `CreateVpc` elsewhere.
///
/// Each key starts at `initial` requests at once. While the bound is in use (as many requests
/// in flight or waiting as it allows), every success raises it by one, so a burst doubles it
/// each round trip (slow start) until the first throttling answer; after that it grows by one
/// per round trip (one for every `limit` successes). A throttling answer halves it, once per
/// round trip: answers to requests sent before the last halving do not halve it again. The bound
/// stays within 1...`maximum`. Every attempt counts, retries included. A throttled attempt keeps
/// its place through the first step of its backoff (the client releases it): throttling answers
/// come fast, and a place handed at once to the next request would only be throttled again. Waiters are served in arrival order, and a waiter whose task is cancelled leaves the
/// queue at once.
public final class ConcurrencyLimiter: Sendable {
  public struct Settings: Sendable, Equatable {
    /// Requests at once per region, product and action before any answer was seen.
    public var initial: Int
    /// The bound never grows above this.
    public var maximum: Int
    /// false: the bound stays at `initial` whatever the answers (a fixed bound, for comparisons).
    public var adaptive: Bool

    public init(initial: Int = 8, maximum: Int = 32, adaptive: Bool = true) {
      self.maximum = max(1, maximum)
      self.initial = min(max(1, initial), self.maximum)
      self.adaptive = adaptive
    }
  }

  /// A region, product and action (`cn-hangzhou`, `vpc`, `CreateVpc`).
  public struct Key: Hashable, Sendable, Comparable {
    public var region: String
    public var product: String
    public var action: String

    public init(region: String, product: String, action: String) {
      self.region = region
      self.product = product
      self.action = action
    }

    public static func < (a: Key, b: Key) -> Bool {
      (a.region, a.product, a.action) < (b.region, b.product, b.action)
    }
  }

  /// What one attempt's answer says about the load.
  public enum Outcome: Sendable {
    /// An answer without an error.
    case success
    /// The service asked for less load (see `RetryPolicy.asksToSlowDown`).
    case throttled
    /// Any other failure: says nothing about the load, leaves the bound as it is.
    case other
  }

  /// A place in flight, from `acquire`; give it back with `release` exactly once.
  public struct Permit: Sendable {
    let key: Key
    /// The key's count of halvings when the place was granted.
    let epoch: Int
  }

  /// One key's state, for status and tests.
  public struct Window: Sendable, Equatable {
    /// The current bound (requests at once).
    public var limit: Int
    public var inFlight: Int
    public var waiting: Int
    /// Throttling answers seen, and halvings made.
    public var throttled: Int
    public var decreases: Int
  }

  private struct Entry {
    var limit: Int
    /// Below this the bound grows by one per success (slow start); at or above it, by one per
    /// `limit` successes, counted in `credit`.
    var threshold: Int
    var credit = 0
    var inFlight = 0
    var queue = WaitQueue<Int>()
    var epoch = 0
    var throttled = 0

  }

  private struct State {
    var entries: [Key: Entry] = [:]
    var nextTicket = 0
  }

  public let settings: Settings
  /// After the first throttling answer, the bound grows by one per this many round trips (each
  /// `limit` successes): probing more slowly than once per round trip keeps the share of
  /// throttled answers low when the service takes only a few requests at once.
  static let successesPerStep = 4
  private let state = Locked(State())

  /// `settings.initial` above `settings.maximum` starts at the maximum.
  public init(_ settings: Settings = Settings()) {
    self.settings = Settings(initial: settings.initial, maximum: settings.maximum, adaptive: settings.adaptive)
  }

  private func fresh() -> Entry {
    Entry(limit: settings.initial, threshold: settings.maximum)
  }

  /// Waits for a place for one request of `action` of `product` in `region`. Throws
  /// `CancellationError` without taking a place when the task is cancelled before or while waiting.
  public func acquire(region: String, product: String, action: String) async throws -> Permit {
    let key = Key(region: region, product: product, action: action)
    try Task.checkCancellation()
    // A place now (its epoch), or a ticket to wait with.
    let first: (granted: Int?, ticket: Int) = state.withLock { s in
      // One lookup: the entry is changed where it is kept.
      if let epoch = Self.enter(&s.entries[key, default: fresh()]) { return (epoch, 0) }
      s.nextTicket += 1
      return (nil, s.nextTicket)
    }
    if let epoch = first.granted { return Permit(key: key, epoch: epoch) }
    let ticket = first.ticket
    let epoch = try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (c: CheckedContinuation<Int, Error>) in
        // Looked at again under the lock: a place may have come free since.
        let now: Result<Int, Error>? = state.withLock { s in
          if Task.isCancelled { return .failure(CancellationError()) }
          return Self.enterOrQueue(&s.entries[key, default: fresh()], ticket, c)
        }
        if let now { c.resume(with: now) }
      }
    } onCancel: {
      let waiter = state.withLock { s -> CheckedContinuation<Int, Error>? in
        let c = s.entries[key]?.queue.remove(ticket)
        forgetIfIdle(&s.entries[key])
        return c
      }
      waiter?.resume(throwing: CancellationError())
    }
    return Permit(key: key, epoch: epoch)
  }

  /// A place now if the key's bound has one and nobody waits: its epoch.
  private static func enter(_ e: inout Entry) -> Int? {
    guard e.queue.count == 0 && e.inFlight < e.limit else { return nil }
    e.inFlight += 1
    return e.epoch
  }

  /// A place now, or `c` queued under `ticket` (nil).
  private static func enterOrQueue(_ e: inout Entry, _ ticket: Int, _ c: CheckedContinuation<Int, Error>)
    -> Result<Int, Error>?
  {
    if let epoch = enter(&e) { return .success(epoch) }
    e.queue.push(ticket, c)
    return nil
  }

  /// Gives back `permit` with what its request's answer said (`adapt`, then `release`).
  public func release(_ permit: Permit, _ outcome: Outcome) {
    adapt(permit, outcome)
    release(permit)
  }

  /// Adapts the bound to the answer of `permit`'s request; the place stays taken.
  public func adapt(_ permit: Permit, _ outcome: Outcome) {
    state.withLock { s in adapt(&s.entries[permit.key], permit, outcome) }
  }

  private func adapt(_ slot: inout Entry?, _ permit: Permit, _ outcome: Outcome) {
    // Moved out and back, so that its wait queue is not copied on change.
    guard var e = slot else { return }
    slot = nil
    defer { slot = e }
    if outcome == .throttled { e.throttled += 1 }
    guard settings.adaptive else { return }
    switch outcome {
    case .success:
      // Grows only while the bound is what holds requests back.
      guard e.inFlight + e.queue.count >= e.limit && e.limit < settings.maximum else { return }
      if e.limit < e.threshold {
        e.limit += 1
      } else {
        e.credit += 1
        if e.credit >= ConcurrencyLimiter.successesPerStep * e.limit {
          e.limit += 1
          e.credit = 0
        }
      }
    case .throttled:
      e.credit = 0
      if permit.epoch == e.epoch {
        e.limit = max(1, e.limit / 2)
        e.threshold = e.limit
        e.epoch += 1
      } else if permit.epoch == e.epoch - 1 {
        // Another request of the round that was halved: the service took fewer than half.
        e.limit = max(1, e.limit - 1)
      }
    case .other:
      break
    }
  }

  /// Frees `permit`'s place and lets waiters in, as many as the bound now allows.
  public func release(_ permit: Permit) {
    let woken = state.withLock { s in release(&s.entries[permit.key]) }
    for (c, epoch) in woken { c.resume(returning: epoch) }
  }

  private func release(_ slot: inout Entry?) -> [(CheckedContinuation<Int, Error>, Int)] {
    guard var e = slot else { return [] }
    slot = nil
    e.inFlight = max(0, e.inFlight - 1)
    // Idle: the next burst starts slowly again, from the bound learnt.
    if e.inFlight == 0 && e.queue.count == 0 { e.threshold = settings.maximum }
    var woken: [(CheckedContinuation<Int, Error>, Int)] = []
    while e.inFlight < e.limit, let next = e.queue.pop() {
      e.inFlight += 1
      woken.append((next, e.epoch))
    }
    slot = e
    forgetIfIdle(&slot)
    return woken
  }

  /// Drops a key that is idle and has learnt nothing, so that requests to many regions that
  /// never answered do not keep state.
  private func forgetIfIdle(_ slot: inout Entry?) {
    guard let e = slot, e.inFlight == 0, e.queue.count == 0, e.epoch == 0, e.credit == 0,
      e.limit == settings.initial
    else { return }
    slot = nil
  }

  /// The state of one key; a key never used is at its initial bound.
  public func window(region: String, product: String, action: String) -> Window {
    let key = Key(region: region, product: product, action: action)
    return state.withLock { s in Self.window(s.entries[key] ?? fresh()) }
  }

  /// Every key with state, in order.
  public var windows: [(Key, Window)] {
    state.withLock { s in s.entries.sorted { $0.key < $1.key }.map { ($0.key, Self.window($0.value)) } }
  }

  private static func window(_ e: Entry) -> Window {
    Window(limit: e.limit, inFlight: e.inFlight, waiting: e.queue.count, throttled: e.throttled, decreases: e.epoch)
  }

  /// For `daemon.status`: the settings, and per region, product and action the current bound, requests
  /// in flight and waiting.
  public var json: JSONValue {
    let rows: [JSONValue] = windows.map { key, w in
      [
        "region": .string(key.region), "product": .string(key.product), "action": .string(key.action),
        "limit": .int(w.limit),
        "inFlight": .int(w.inFlight), "waiting": .int(w.waiting), "throttled": .int(w.throttled),
        "decreases": .int(w.decreases),
      ]
    }
    return ["initial": .int(settings.initial), "maximum": .int(settings.maximum), "windows": .array(rows)]
  }

  /// The `alicloudd_cloud_concurrency_*` gauges.
  public func write(to out: inout MetricsText) {
    let all = windows
    func labels(_ k: Key) -> MetricsText.Labels {
      [("region", k.region), ("product", k.product), ("action", k.action)]
    }
    out.gauge(
      "alicloudd_cloud_concurrency_limit",
      "Current bound on AliCloud API requests at once, by region, product and action.",
      all.map { (labels($0.0), Double($0.1.limit)) })
    out.gauge(
      "alicloudd_cloud_requests_in_flight", "AliCloud API requests in flight, by region, product and action.",
      all.map { (labels($0.0), Double($0.1.inFlight)) })
  }
}
