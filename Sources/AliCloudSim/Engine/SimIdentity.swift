import Foundation

/// A RAM role STS lets callers assume.
public struct SimRole: Sendable, Hashable {
  public var arn: String
  /// Access key ids allowed to assume it; empty: every key the simulator accepts.
  public var trustedKeys: Set<String>
  /// When set, `AssumeRole` must carry this `ExternalId`.
  public var externalId: String?
  /// The role's longest session (`DurationSeconds` above it is refused).
  public var maxSessionSeconds: Int

  public init(arn: String, trustedKeys: Set<String> = [], externalId: String? = nil, maxSessionSeconds: Int = 3600) {
    self.arn = arn
    self.trustedKeys = trustedKeys
    self.externalId = externalId
    self.maxSessionSeconds = maxSessionSeconds
  }

  /// `acs:ram::<account>:role/<name>`.
  public static func arn(_ name: String, account: Int = 1_234_567_890_123_456) -> String {
    "acs:ram::\(account):role/\(name)"
  }
}

/// The simulator's identity side: STS roles, OIDC providers and the ECS metadata server.
public struct SimIdentity: Sendable {
  public var roles: [SimRole] = [SimRole(arn: SimRole.arn("alicloudd-sandbox"))]
  /// OIDC provider ARN → the one token it accepts.
  public var oidcProviders: [String: String] = [SimIdentity.sandboxOIDCProvider: SimIdentity.sandboxOIDCToken]
  /// The RAM role attached to the simulated instance the metadata server belongs to; nil: none.
  public var ecsRole: String? = "alicloudd-ecs"
  /// Lifetime of the metadata server's credentials.
  public var metadataCredentialSeconds = 21_600
  /// Whether the metadata server answers only with a token from `PUT /latest/api/token`.
  public var metadataRequiresToken = true
  /// STS refuses `DurationSeconds` below this (AliCloud: 900).
  public var minSessionSeconds = 900

  public static let sandboxOIDCProvider = "acs:ram::1234567890123456:oidc-provider/alicloudd-sandbox"
  public static let sandboxOIDCToken = "eyJhbGciOiJSUzI1NiJ9.c2FuZGJveA.c2lnbmF0dXJl"

  public init() {}
}
