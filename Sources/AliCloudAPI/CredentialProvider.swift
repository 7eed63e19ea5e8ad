import AliCloudCore
import AliCloudSigning
import Foundation

/// A credential with where it came from and until when it is good (nil: it does not expire).
public struct SourcedCredential: Sendable {
  public var credential: Credential
  public var source: String
  public var expiration: Date?

  public init(_ credential: Credential, source: String, expiration: Date? = nil) {
    self.credential = credential
    self.source = source
    self.expiration = expiration
  }
}

/// Fetches a credential: from text already at hand, from STS, from the instance metadata
/// server or from a credentials URI. Errors never contain a secret.
public protocol CredentialProvider: Sendable {
  /// What the credential comes from, for status and errors (`environment`, `profile prod (RamRoleArn)`).
  var source: String { get }
  func fetch() async throws(AliCloudError) -> SourcedCredential
}

/// A credential known in advance (environment, an AK or StsToken profile, `identityParams`).
public struct StaticCredentialProvider: CredentialProvider {
  public let credential: Credential
  public let source: String

  public init(_ credential: Credential, source: String) {
    self.credential = credential
    self.source = source
  }

  public func fetch() async throws(AliCloudError) -> SourcedCredential { SourcedCredential(credential, source: source) }
}

/// One provider's credential, kept until `refreshMargin` before it expires and then fetched
/// again; callers arriving during a fetch share it. When a refresh fails while the kept
/// credential is still valid, that one is used and the failure is remembered for status.
public final class CachedCredential: Sendable {
  private struct State {
    var current: SourcedCredential?
    var fetching: Task<Result<SourcedCredential, AliCloudError>, Never>?
    var fetches = 0
    var lastError: String?
    var lastUsed: Date?
  }

  public let provider: any CredentialProvider
  let clock: any TimeSource
  /// How long before its expiration a credential is fetched again.
  public let refreshMargin: TimeInterval
  let logger: Logger
  private let state = Locked(State())

  public init(
    _ provider: any CredentialProvider, clock: any TimeSource = SystemTime(), refreshMargin: TimeInterval = 180,
    logger: Logger = .silent
  ) {
    self.provider = provider
    self.clock = clock
    self.refreshMargin = refreshMargin
    self.logger = logger
  }

  /// The credential to sign with now, fetched first when there is none or it is about to expire.
  public func get() async throws(AliCloudError) -> Credential {
    let now = clock.now
    let task = state.withLock { s -> Task<Result<SourcedCredential, AliCloudError>, Never>? in
      s.lastUsed = now
      if let c = s.current, isFresh(c, now: now) { return nil }
      if let t = s.fetching { return t }
      let provider = self.provider
      let t = Task { () -> Result<SourcedCredential, AliCloudError> in
        do throws(AliCloudError) {
          return .success(try await provider.fetch())
        } catch {
          return .failure(error)
        }
      }
      s.fetching = t
      return t
    }
    guard let task else { return state.withLock { $0.current!.credential } }
    let result = await task.value
    let outcome = state.withLock { s -> Result<Credential, AliCloudError> in
      if s.fetching == task {
        s.fetching = nil
        s.fetches += 1
        switch result {
        case .success(let c):
          s.current = c
          s.lastError = nil
          logger.info(
            "credential fetched",
            ["source": c.source, "expiration": c.expiration.map(CachedCredential.timestamp) ?? "never"])
        case .failure(let e):
          s.lastError = e.description
          logger.warning("credential fetch failed", ["source": provider.source, "error": e.description])
        }
      }
      switch result {
      case .success(let c): return .success(c.credential)
      case .failure(let e):
        if let kept = s.current, let exp = kept.expiration, exp > clock.now { return .success(kept.credential) }
        return .failure(e)
      }
    }
    return try outcome.get()
  }

  /// Forgets the kept credential, so the next call fetches anew.
  public func invalidate() { state.withLock { $0.current = nil } }

  private func isFresh(_ c: SourcedCredential, now: Date) -> Bool {
    guard let exp = c.expiration else { return true }
    return now < exp.addingTimeInterval(-refreshMargin)
  }

  /// What status shows: source, access key id prefix, expiration, fetches, last error. Never
  /// the secret or the token.
  public var status: JSONValue {
    state.withLock { s in
      var o: [String: JSONValue] = [
        "source": .string(s.current?.source ?? provider.source), "fetches": .int(s.fetches),
      ]
      if let c = s.current {
        o["accessKeyId"] = .string(String(c.credential.accessKeyId.prefix(6)) + "***")
        o["securityToken"] = .bool(c.credential.securityToken != nil)
        o["expiration"] = c.expiration.map { .string(CachedCredential.timestamp($0)) } ?? .string("never")
        if let exp = c.expiration { o["expiresInSeconds"] = .int(Int(exp.timeIntervalSince(clock.now).rounded())) }
      } else {
        o["expiration"] = .null
      }
      if let e = s.lastError { o["lastError"] = .string(e) }
      return .object(o)
    }
  }

  static func timestamp(_ d: Date) -> String { RequestSigner.timestamp(d) }

  /// Parses AliCloud's `yyyy-MM-ddTHH:mm:ssZ` expirations.
  public static func parseExpiration(_ text: String) -> Date? {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    if let d = f.date(from: text) { return d }
    f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return f.date(from: text)
  }
}
