import AliCloudAPI
import AliCloudCatalog
import AliCloudCore
import AliCloudSigning
import Synchronization

/// One input's view of the cloud: its credential and region, resolved with clear per-input
/// errors, and calls whose failures become that input's `OperationFailure`. Creates get an
/// idempotency token that is the same on every retry of the call.
public struct CloudSession: Sendable {
  public let env: OpsEnvironment
  public let input: Input
  public let context: OperationContext
  public let credential: Credential
  public let cloud: CloudParams
  /// Unique per call of the handler; with the call id, input and action it makes ClientTokens.
  let callNonce: String
  /// The journal entry of this input's mutation: when set, ClientTokens derive from it alone, so
  /// a re-send of the input sends the same ones.
  public private(set) var journalEntry: String? = nil
  /// When the journal entry's begin record is written (before the first call that may change
  /// the cloud); nil outside a journaled mutation.
  var journalSlot: JournalSlot? = nil
  /// Told the id of each resource a create makes, as soon as it is known.
  var onResource: (@Sendable (String) async -> Void)? = nil
  /// The RequestId of the last cloud call that answered, for outputs that name none.
  let lastRequest = LastRequest()

  public var region: String { cloud.regionId }

  /// Resolves the credential (`identityParams`: keys, a profile or a role; else the daemon's
  /// default) and the region (`cloudParams`, else the default region). Errors name what is
  /// missing and never contain a secret.
  public init(env: OpsEnvironment, input: Input, context: OperationContext, callNonce: String)
    async throws(OperationFailure)
  {
    self.env = env
    self.input = input
    self.context = context
    self.callNonce = callNonce
    let identity: Credentials.Identity
    do {
      identity = try Credentials.parseIdentity(
        input.raw("identityParams") ?? "", environment: env.credentials?.settings.environment ?? [:])
    } catch {
      throw OperationFailure(error.message)
    }
    do {
      let cloudText = input.raw("cloudParams") ?? ""
      cloud = try CloudParams.parse(cloudText, defaultRegion: env.credentials?.defaultRegion(profile: identity.profile))
    } catch {
      throw OperationFailure(error.message)
    }
    if let keys = identity.keys, identity.role == nil {
      credential = keys
      return
    }
    if let chain = env.credentials {
      do {
        credential = try await chain.credential(for: identity)
      } catch {
        throw OperationFailure.credential(error, identity: identity)
      }
      return
    }
    guard identity.isEmpty else {
      throw OperationFailure("identityParams names a profile or a role, but this daemon has no credential chain")
    }
    let fallback: Credential?
    do {
      fallback = try env.defaultCredential()
    } catch let e as AliCloudError {
      throw OperationFailure("identityParams is empty and the default credentials are unusable: \(e.message)")
    } catch {
      throw OperationFailure("identityParams is empty and the default credentials are unusable")
    }
    guard let fallback else {
      throw OperationFailure(
        "identityParams is empty and the daemon has no default credentials "
          + "(set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or configure ~/.aliyun/config.json)")
    }
    credential = fallback
  }

  /// The ClientToken for one logical create of this input: the same on every retry of this call,
  /// different for another call, input, action or `key` (e.g. the EIP being associated).
  /// At most 64 ASCII characters.
  public func clientToken(_ action: String, key: String = "") -> String {
    let material =
      if let journalEntry {
        ["journal", journalEntry, action, key].joined(separator: "|")
      } else {
        [callNonce, context.callID, String(input.index), input.guid, action, key].joined(separator: "|")
      }
    return "acd-" + Digest.sha256Hex(material).prefix(40)
  }

  /// This session as the mutation of journal entry `entry` (written by `slot`), telling
  /// `resource` the ids it makes.
  func journaled(
    _ entry: String, slot: JournalSlot, resource: @escaping @Sendable (String) async -> Void
  ) -> CloudSession {
    var s = self
    s.journalEntry = entry
    s.journalSlot = slot
    s.onResource = resource
    return s
  }

  /// One AliCloud call, failing with the raw `AliCloudError`. `idempotent` sends the ClientToken
  /// of `action` (and `tokenKey`), and an attempt whose answer was lost is retried with that
  /// token for up to the create timeout; `retryOn` adds codes retried for this call.
  /// `once`: a call that must not be carried out twice and takes no token; after an attempt
  /// whose answer was lost no other is sent (the caller looks for what it made).
  public func send(
    _ product: Product, _ action: String, _ params: [String: JSONValue] = [:], idempotent: Bool = false,
    tokenKey: String = "", retryOn: Set<String> = [], once: Bool = false
  ) async throws(AliCloudError) -> JSONValue {
    try await journalSlot?.ensureBegun()
    return try await sendUnjournaled(
      product, action, params, idempotent: idempotent, tokenKey: tokenKey, retryOn: retryOn, once: once)
  }

  /// `send` without writing the journal's begin record first: for reads only.
  func sendUnjournaled(
    _ product: Product, _ action: String, _ params: [String: JSONValue] = [:], idempotent: Bool = false,
    tokenKey: String = "", retryOn: Set<String> = [], once: Bool = false
  ) async throws(AliCloudError) -> JSONValue {
    context.logger.debug("cloud call", ["action": "\(product.code):\(action)", "region": region])
    let answer = try await env.client.call(
      product: product, action: action, params: params, region: region, credential: credential,
      clientToken: idempotent ? clientToken(action, key: tokenKey) : nil, extraRetryable: retryOn,
      tokenRetryWindowMs: idempotent ? env.waits.createTimeoutMs : 0, repeatsSafely: !once,
      onRetry: context.progress)
    if let id = answer["RequestId"]?.stringValue { lastRequest.set(id) }
    return answer
  }

  /// Whether what a call asked for is done or under way, read from the cloud: asked when the call
  /// failed after an attempt that may have been carried out without its answer arriving.
  public typealias DoneCheck = @Sendable () async throws(OperationFailure) -> Bool

  /// One AliCloud call; a failure becomes this input's failure, naming the AliCloud code and
  /// request id, and keeping `partial` (output fields already known) in the output. `done`, for
  /// a change without a ClientToken: when the call fails after an attempt whose answer was lost
  /// and `done` finds the change made (or under way), the call counts as a success.
  public func call(
    _ product: Product, _ action: String, _ params: [String: JSONValue] = [:], idempotent: Bool = false,
    tokenKey: String = "", retryOn: Set<String> = [], keeping partial: [String: JSONValue] = [:],
    once: Bool = false, done: DoneCheck? = nil
  ) async throws(OperationFailure) -> JSONValue {
    do {
      return try await send(
        product, action, params, idempotent: idempotent, tokenKey: tokenKey, retryOn: retryOn, once: once)
    } catch {
      if try await carriedOut(error, action, params, done) { return [:] }
      throw OperationFailure.cloud(error, partial: partial)
    }
  }

  /// Whether a failed call was carried out anyway: an attempt may have been, and `done` (else the
  /// action's standard check, `LostAnswer`) says so.
  func carriedOut(
    _ error: AliCloudError, _ action: String, _ params: [String: JSONValue], _ done: DoneCheck?
  ) async throws(OperationFailure) -> Bool {
    guard error.mayHaveApplied, let done = done ?? lostAnswerCheck(action, params), try await done() else {
      return false
    }
    context.logger.info(
      "an attempt whose answer was lost had carried the call out", ["action": action, "code": error.code])
    return true
  }

  /// Like `call`, but a NotFound answer gives nil (the thing is already gone).
  public func callIgnoringNotFound(
    _ product: Product, _ action: String, _ params: [String: JSONValue] = [:], idempotent: Bool = false,
    tokenKey: String = "", retryOn: Set<String> = [], keeping partial: [String: JSONValue] = [:]
  ) async throws(OperationFailure) -> JSONValue? {
    do {
      return try await send(product, action, params, idempotent: idempotent, tokenKey: tokenKey, retryOn: retryOn)
    } catch  where error.isNotFound {
      return nil
    } catch {
      throw OperationFailure.cloud(error, partial: partial)
    }
  }
}

extension OperationFailure {
  /// A failed AliCloud call: the code, message, action and request id.
  /// A credential that could not be had: what was asked for, and AliCloud's (or the local) error.
  public static func credential(_ error: AliCloudError, identity: Credentials.Identity) -> OperationFailure {
    let what =
      if let role = identity.role {
        "assuming role \(role.roleArn)"
      } else if let p = identity.profile {
        "the credential of profile '\(p)'"
      } else {
        "the default credential"
      }
    if error.kind == .invalidRequest { return OperationFailure("\(what): \(error.message)") }
    return OperationFailure("\(what) failed: " + cloud(error).message)
  }

  public static func cloud(_ error: AliCloudError, partial: [String: JSONValue] = [:]) -> OperationFailure {
    if error.kind == .cancelled {
      return OperationFailure("cancelled: \(error.message)", partial: partial)
    }
    // A call that got no answer failed here, not at AliCloud: say so, with the attempts made.
    var message = error.isTransport ? "local transport error (no answer from AliCloud)" : "AliCloud error"
    if let action = error.action { message += " in \(action)" }
    message += ": "
    message += error.code.isEmpty ? error.message : "\(error.code): \(error.message)"
    if let r = error.requestId { message += " (RequestId \(r))" }
    if error.isTransport, let n = error.attempts {
      message += " after \(n) attempt\(n == 1 ? "" : "s")"
      if let ms = error.elapsedMs { message += " in \(String(format: "%.1f", Double(ms) / 1000)) s" }
    }
    if error.mayHaveApplied {
      message +=
        "; an earlier attempt may have been carried out without its answer arriving: re-send the same"
        + " input, which continues this call with the same ClientToken and so finds what it made"
    }
    return OperationFailure(message, partial: partial, uncertain: error.mayHaveApplied)
  }
}

/// The RequestId of the last answered cloud call of one input.
public final class LastRequest: Sendable {
  private let value = Mutex<String?>(nil)
  public init() {}
  public var id: String? { value.withLock { $0 } }
  func set(_ id: String) { value.withLock { $0 = id } }
}
