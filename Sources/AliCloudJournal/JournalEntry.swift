import AliCloudCore

/// What makes two calls the same mutation: the operation, the input's guid, a digest of its
/// canonical input (secrets left out), the region and the access key id (never the secret).
public struct JournalKey: Sendable, Hashable {
  public var operation: String
  public var guid: String
  public var digest: String
  public var region: String
  public var accessKeyId: String

  public init(operation: String, guid: String, digest: String, region: String, accessKeyId: String) {
    self.operation = operation
    self.guid = guid
    self.digest = digest
    self.region = region
    self.accessKeyId = accessKeyId
  }
}

/// One mutation the daemon started: its key, the seed of its ClientTokens, and what it learned.
public struct JournalEntry: Sendable, Equatable {
  public enum Outcome: Sendable, Equatable {
    /// Finished with these outputs (secrets left out).
    case succeeded(JSONValue)
    case failed(String)
  }

  /// Random, unique in the journal; the ClientTokens of the mutation derive from it, so a
  /// re-send of the same mutation sends the same tokens.
  public let id: String
  public let key: JournalKey
  /// Milliseconds since 1970.
  public let startedMs: Int64
  public internal(set) var resourceId: String?
  public internal(set) var finishedMs: Int64?
  public internal(set) var outcome: Outcome?

  public var isFinished: Bool { outcome != nil }

  /// Whether this entry made one of `resources`: its resource id, or an id among its outputs.
  func made(_ resources: Set<String>) -> Bool {
    guard !resources.isEmpty else { return false }
    if let resourceId, resources.contains(resourceId) { return true }
    guard case .succeeded(let outputs) = outcome, let o = outputs.objectValue else { return false }
    return o.contains { key, value in
      key != "requestId" && key.hasSuffix("Id") && value.stringValue.map(resources.contains) == true
    }
  }

  /// The entry as `daemon.status` and `daemon.pending` show it.
  public func json(nowMs: Int64) -> JSONValue {
    var o: [String: JSONValue] = [
      "operation": .string(key.operation), "guid": .string(key.guid), "region": .string(key.region),
      "ageSeconds": .int(Int(max(0, nowMs - startedMs) / 1000)),
    ]
    if let resourceId { o["resourceId"] = .string(resourceId) }
    switch outcome {
    case nil: o["state"] = "unfinished"
    case .succeeded: o["state"] = "succeeded"
    case .failed(let message):
      o["state"] = "failed"
      o["error"] = .string(message)
    }
    return .object(o)
  }
}

/// A journal that cannot be written: mutations are refused, naming the path and the cause.
public struct JournalError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var reason: String
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }
  public var description: String {
    "the mutation journal \(path) cannot be written (\(reason)); mutations are refused until it can be"
  }
}
