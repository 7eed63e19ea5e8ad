import Foundation

/// A fault the simulator can inject before it applies a request.
public enum SimFaultKind: String, Sendable, Codable, CaseIterable {
  /// `Throttling.User`, HTTP 400, optionally with `x-acs-retry-after`.
  case throttle
  /// `ServiceUnavailable`, HTTP 503.
  case serviceUnavailable
  /// `InternalError`, HTTP 500.
  case internalError
  /// The connection is reset without an answer; nothing is applied.
  case drop
  /// The request is applied, then the connection is reset (a lost answer).
  case lostResponse
}

/// Fault injection settings. Rates are probabilities per request in 0...1, drawn from the seed.
public struct SimFaults: Sendable, Codable, Equatable {
  public var throttleRate: Double = 0
  public var serviceUnavailableRate: Double = 0
  public var internalErrorRate: Double = 0
  public var dropRate: Double = 0
  public var lostResponseRate: Double = 0
  /// Probability of added latency, and its range in milliseconds.
  public var latencyRate: Double = 0
  public var latencyMinMillis: Int = 0
  public var latencyMaxMillis: Int = 0
  /// Sent as `x-acs-retry-after` (milliseconds) with throttling answers.
  public var retryAfterMillis: Int?
  /// Flow control by load, as AliCloud's per-API limits: a request of an action is answered
  /// `Throttling.User` at once (before any latency) when this many of the action are already
  /// being answered, or when this many of the action were let in during the last second. nil:
  /// no such limit. Faults by rate apply to the requests let in.
  public var flowInFlight: Int?
  public var flowPerSecond: Int?
  /// Faults forced on the next requests, in order, before any rate applies.
  public var script: [SimFaultKind] = []
  /// Only these actions get faults; nil means every action.
  public var actions: [String]?

  public init() {}

  enum CodingKeys: String, CodingKey {
    case throttleRate, serviceUnavailableRate, internalErrorRate, dropRate, lostResponseRate, latencyRate
    case latencyMinMillis, latencyMaxMillis, retryAfterMillis, flowInFlight, flowPerSecond, script, actions
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    throttleRate = try c.decodeIfPresent(Double.self, forKey: .throttleRate) ?? 0
    serviceUnavailableRate = try c.decodeIfPresent(Double.self, forKey: .serviceUnavailableRate) ?? 0
    internalErrorRate = try c.decodeIfPresent(Double.self, forKey: .internalErrorRate) ?? 0
    dropRate = try c.decodeIfPresent(Double.self, forKey: .dropRate) ?? 0
    lostResponseRate = try c.decodeIfPresent(Double.self, forKey: .lostResponseRate) ?? 0
    latencyRate = try c.decodeIfPresent(Double.self, forKey: .latencyRate) ?? 0
    latencyMinMillis = try c.decodeIfPresent(Int.self, forKey: .latencyMinMillis) ?? 0
    latencyMaxMillis = try c.decodeIfPresent(Int.self, forKey: .latencyMaxMillis) ?? 0
    retryAfterMillis = try c.decodeIfPresent(Int.self, forKey: .retryAfterMillis)
    flowInFlight = try c.decodeIfPresent(Int.self, forKey: .flowInFlight)
    flowPerSecond = try c.decodeIfPresent(Int.self, forKey: .flowPerSecond)
    script = try c.decodeIfPresent([SimFaultKind].self, forKey: .script) ?? []
    actions = try c.decodeIfPresent([String].self, forKey: .actions)
  }

  /// The longest latency a request may be given (one minute).
  public static let maxLatencyMillis = 60_000

  /// A problem with the settings, or nil.
  public var problem: String? {
    let rates = [
      ("throttleRate", throttleRate), ("serviceUnavailableRate", serviceUnavailableRate),
      ("internalErrorRate", internalErrorRate), ("dropRate", dropRate), ("lostResponseRate", lostResponseRate),
      ("latencyRate", latencyRate),
    ]
    for (n, r) in rates where !(0...1).contains(r) { return "\(n) must be between 0 and 1" }
    if throttleRate + serviceUnavailableRate + internalErrorRate + dropRate + lostResponseRate > 1 {
      return "the fault rates add up to more than 1"
    }
    if latencyMinMillis < 0 || latencyMaxMillis < latencyMinMillis { return "latency range is invalid" }
    if latencyMaxMillis > Self.maxLatencyMillis {
      return "latencyMaxMillis must be at most \(Self.maxLatencyMillis)"
    }
    if let r = retryAfterMillis, r < 0 { return "retryAfterMillis must not be negative" }
    if let n = flowInFlight, n < 1 { return "flowInFlight must be at least 1" }
    if let n = flowPerSecond, n < 1 { return "flowPerSecond must be at least 1" }
    return nil
  }
}

/// A small deterministic generator (SplitMix64), so a seed repeats a run exactly.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64
  public init(seed: UInt64) { state = seed }
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// A uniform double in 0..<1.
  public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// The fault decision for one request.
struct FaultDecision: Equatable {
  var kind: SimFaultKind?
  var latencyMillis: Int = 0
}

extension SimFaults {
  /// Draws the decision for one request. Always consumes the same number of draws, so the
  /// sequence of decisions depends only on the seed and the request order.
  func decide(action: String, rng: inout SeededGenerator, script: inout [SimFaultKind]) -> FaultDecision {
    let roll = rng.unit()
    let latencyRoll = rng.unit()
    let latencyPick = rng.next()
    if let only = actions, !only.contains(action) { return FaultDecision() }
    var d = FaultDecision()
    if !script.isEmpty {
      d.kind = script.removeFirst()
    } else {
      var edge = 0.0
      for (kind, rate) in [
        (SimFaultKind.throttle, throttleRate), (.serviceUnavailable, serviceUnavailableRate),
        (.internalError, internalErrorRate), (.drop, dropRate), (.lostResponse, lostResponseRate),
      ] {
        edge += rate
        if roll < edge {
          d.kind = kind
          break
        }
      }
    }
    if latencyRoll < latencyRate && latencyMaxMillis > 0 {
      let low = max(0, min(latencyMinMillis, Self.maxLatencyMillis))
      let high = max(low, min(latencyMaxMillis, Self.maxLatencyMillis))
      d.latencyMillis = low + Int(latencyPick % UInt64(high - low + 1))
    }
    return d
  }
}
