import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

/// The registration point: every implemented operation's handler by method name, assembled from
/// one table per family.
public enum Operations {
  /// Each family's table; one file per family.
  static let families: [@Sendable (OpsEnvironment) -> [String: OperationHandler]] = [
    VPCOperations.table, VSwitchOperations.table, RouteTableOperations.table, NATOperations.table,
    SNATOperations.table, EIPOperations.table, CENOperations.table,
    SecurityGroupOperations.table, VMOperations.table, DiskOperations.table, LoadBalancerOperations.table,
    RDSOperations.table, RedisOperations.table, NetworkReads.table, ComputeReads.table, DataReads.table,
  ]

  public static func handlers(_ env: OpsEnvironment) -> [String: OperationHandler] {
    var all: [String: OperationHandler] = [:]
    for table in families {
      all.merge(table(env)) { first, _ in first }
    }
    return all
  }
}

/// A per-input body: the session of one input in, its output fields out.
public typealias SessionBody = @Sendable (CloudSession) async throws -> [String: JSONValue]

extension OpsEnvironment {
  /// The handler of `spec`: the envelope around `body`, run for each input with its session.
  /// The spec is the catalogue's symbol (`.vpcCreate`), so an operation and its handler are joined
  /// by a name the compiler checks.
  public func operation(_ spec: OperationSpec, _ body: @escaping SessionBody) -> (String, OperationHandler) {
    let env = self
    let handler: OperationHandler = { params, context in
      let nonce = RandomHex.make(bytes: 8)
      let occurrences = env.mutations == nil ? [] : Mutations.occurrences(params)
      let unknown = Set(
        (params["inputs"]?.arrayValue ?? []).flatMap { Input($0.objectValue ?? [:]).unknownFields(spec) })
      if !unknown.isEmpty {
        context.logger.notice(
          "inputs carry fields this operation does not know; they are ignored",
          ["operation": spec.method, "fields": unknown.sorted().joined(separator: ",")])
      }
      return await Envelope.run(
        params, spec: spec, limiter: env.limiter,
        regionOf: { input in
          (try? CloudParams.parse(
            input.raw("cloudParams") ?? "", defaultRegion: env.credentials?.defaultRegion()))?.regionId ?? ""
        }, inputsDone: context.inputsDone
      ) { input in
        let session = try await CloudSession(env: env, input: input, context: context, callNonce: nonce)
        // Every output whose work called AliCloud names a request: the last one, unless the
        // operation chose which.
        let named: SessionBody = { s in
          var out = try await body(s)
          if out["requestId"] == nil, let id = s.lastRequest.id { out["requestId"] = .string(id) }
          return out
        }
        // Reads change nothing: there is no mutation to journal or to join.
        guard let mutations = env.mutations, spec.effect != .read else { return try await named(session) }
        let occurrence = input.index < occurrences.count ? occurrences[input.index] : nil
        return try await mutations.run(spec, session, occurrence: occurrence, named)
      }
    }
    return (spec.method, handler)
  }

  /// A family table from `(method, handler)` pairs.
  public func table(_ entries: [(String, OperationHandler)]) -> [String: OperationHandler] {
    Dictionary(entries, uniquingKeysWith: { first, _ in first })
  }
}
