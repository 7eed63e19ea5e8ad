import AliCloudCore
import Foundation

/// An access key the simulator accepts, with its secret and optional STS token.
public struct SimCredential: Sendable, Hashable, Codable {
  public var accessKeyId: String
  public var accessKeySecret: String
  public var securityToken: String?

  public init(accessKeyId: String, accessKeySecret: String, securityToken: String? = nil) {
    self.accessKeyId = accessKeyId
    self.accessKeySecret = accessKeySecret
    self.securityToken = securityToken
  }

  /// The documented sandbox credential. It is not a secret: it only opens a local simulator.
  public static let sandbox = SimCredential(
    accessKeyId: "LTAI5tSandboxAccessKey01", accessKeySecret: "alicloud-sim-sandbox-secret")
}

/// How long resources stay in their transitional states (seconds), per resource kind.
public struct SimDelays: Sendable, Codable, Equatable {
  /// For kinds without their own entry.
  public var standard: TimeInterval
  /// Keyed by resource kind (`vpc`, `vswitch`, `natgateway`, …).
  public var perKind: [String: TimeInterval]

  public init(standard: TimeInterval = 1.0, perKind: [String: TimeInterval] = [:]) {
    self.standard = standard
    self.perKind = perKind
  }

  public func delay(_ kind: String) -> TimeInterval { perKind[kind] ?? standard }

  /// Every transition after the given number of milliseconds (tests).
  public static func milliseconds(_ ms: Int) -> SimDelays { SimDelays(standard: Double(ms) / 1000) }
}

/// The simulator's configuration.
public struct SimConfig: Sendable {
  public var credentials: [SimCredential] = [.sandbox]
  /// Seeds fault decisions and generated ids, so a run can be repeated.
  public var seed: UInt64 = 1
  public var faults = SimFaults()
  public var delays = SimDelays()
  /// Loopback address and port (0 = ephemeral) for `SimServer`.
  public var host = "127.0.0.1"
  public var port: UInt16 = 0
  /// Accepted clock difference for V1 `Timestamp` and V3 `x-acs-date`.
  public var v1TimestampWindow: TimeInterval = 31 * 60
  public var v3DateWindow: TimeInterval = 15 * 60
  /// Request records kept for `/__sim/requests`.
  public var requestLogLimit = 10_000
  /// The account id reported as `OwnerId`.
  public var accountId = 1_234_567_890_123_456
  public var logger: Logger = .silent
  /// The simulator's time: request timestamps are checked and transitions fall due against it.
  public var clock: any TimeSource = SystemTime()
  /// Identity: the RAM roles STS lets callers assume, the OIDC providers it trusts, and the
  /// instance metadata server's role and credentials.
  public var identity = SimIdentity()

  public init(credentials: [SimCredential] = [.sandbox], seed: UInt64 = 1, delays: SimDelays = SimDelays()) {
    self.credentials = credentials
    self.seed = seed
    self.delays = delays
  }
}
