/// A method of the daemon itself (not an AliCloud operation).
public struct ServiceMethodSpec: Sendable, Hashable {
  public var name: String
  public var summary: String
  /// Fields of `params` (an object; all optional unless marked).
  public var params: [FieldSpec]
  /// Fields of `result` (an object; open: more fields may appear).
  public var result: [FieldSpec]

  public init(name: String, summary: String, params: [FieldSpec] = [], result: [FieldSpec] = []) {
    self.name = name
    self.summary = summary
    self.params = params
    self.result = result
  }
}

extension Catalog {
  /// The daemon's service methods.
  public static let serviceMethods: [ServiceMethodSpec] = [
    ServiceMethodSpec(
      name: "rpc.discover",
      summary: "The OpenRPC document describing every method, its inputs and outputs (protocol/openrpc.json)",
      result: [
        FieldSpec("openrpc", .string, "OpenRPC version"),
        FieldSpec("info", .object, "Title and version of the daemon"),
        FieldSpec("methods", .array, "Every method with its params and result schema"),
      ]),
    ServiceMethodSpec(
      name: "daemon.ping",
      summary: "Check that the daemon answers; returns its version",
      result: [
        FieldSpec("version", .string, "Daemon version"),
        FieldSpec("protocolVersion", .string, "Wire protocol version"),
      ]),
    ServiceMethodSpec(
      name: "daemon.status",
      summary:
        "Version, uptime, connections, in-flight calls, per-region cache entries and hits, cloud API call counts, retries and latencies",
      result: [
        FieldSpec("version", .string, "Daemon version (from the git tag a release build is made from)"),
        FieldSpec("commit", .string, "The commit the daemon was built from, or unknown"),
        FieldSpec("protocolVersion", .string, "Wire protocol version"),
        FieldSpec("pid", .integer, "Daemon process id"),
        FieldSpec("uptimeSeconds", .number, "Seconds since the daemon started"),
        FieldSpec("connections", .integer, "Open client connections"),
        FieldSpec("connectionsAccepted", .integer, "Connections accepted since start"),
        FieldSpec("peersRefused", .integer, "Connections refused by the peer-credential check"),
        FieldSpec("connectionsRefused", .integer, "Connections refused because a connection limit was reached"),
        FieldSpec("outputQueued", .integer, "Bytes of replies queued for clients on all connections"),
        FieldSpec("inFlight", .integer, "Calls being processed"),
        FieldSpec("calls", .object, "Calls per method"),
        FieldSpec("errors", .object, "Errors per error name"),
      ]),
    ServiceMethodSpec(
      name: "daemon.pending",
      summary:
        "Mutations whose outcome the daemon does not know (a restart, a lost answer, a cancelled call): re-sending the same input completes each",
      result: [
        FieldSpec("journal", .string, "The journal file, or (memory)"),
        FieldSpec(
          "pending", .array,
          "Each unfinished mutation: operation, guid, region, resourceId when known, ageSeconds, state"),
      ]),
  ]

  /// The service method with this name.
  public static func serviceMethod(named name: String) -> ServiceMethodSpec? {
    serviceMethods.first { $0.name == name }
  }
}
