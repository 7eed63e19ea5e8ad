import AliCloudAPI
import AliCloudCore
import AliCloudSigning

/// Describe calls and small helpers shared by the compute and data families.
extension CloudSession {
  /// `["id"]` as the JSON text ECS takes for `InstanceIds`, `DiskIds`, ...
  static func idList(_ ids: [String]) -> JSONValue { .string(JSONValue.array(ids.map { .string($0) }).jsonString()) }

  func findInstance(_ id: String) async throws(AliCloudError) -> JSONValue? {
    try await find(
      .ecs, "DescribeInstances", ["InstanceIds": CloudSession.idList([id])], list: "Instances.Instance",
      idField: "InstanceId", id: id)
  }

  func lookupInstance(_ id: String, keeping partial: [String: JSONValue] = [:]) async throws(OperationFailure)
    -> JSONValue?
  {
    do { return try await findInstance(id) } catch { throw OperationFailure.cloud(error, partial: partial) }
  }

  func requireInstance(_ id: String) async throws(OperationFailure) -> JSONValue {
    guard let i = try await lookupInstance(id) else {
      throw OperationFailure("instance \(id) does not exist in \(region)")
    }
    return i
  }

  func waitInstance(_ id: String, until states: Set<String>, keeping out: [String: JSONValue] = [:])
    async throws(OperationFailure)
  {
    try await wait(for: id, kind: "vm", until: states, keeping: out) { .of(try await self.findInstance(id)) }
  }

  func findDisk(_ id: String) async throws(AliCloudError) -> JSONValue? {
    try await find(
      .ecs, "DescribeDisks", ["DiskIds": CloudSession.idList([id])], list: "Disks.Disk", idField: "DiskId", id: id)
  }

  func waitDisk(_ id: String, until states: Set<String>, keeping out: [String: JSONValue])
    async throws(OperationFailure)
  {
    try await wait(for: id, kind: "disk", until: states, keeping: out) { .of(try await self.findDisk(id)) }
  }

  /// A catalogue of the region, cached by the region cache for `ttlMs`.
  func catalogue(_ name: String, ttlMs: Int, load: @escaping @Sendable () async throws(AliCloudError) -> JSONValue)
    async throws(OperationFailure) -> JSONValue
  {
    do {
      return try await env.client.cache.catalogue(
        name, region: region, credential: credential, ttlMs: ttlMs, load: load)
    } catch {
      throw OperationFailure.cloud(error)
    }
  }

  /// `{cipher_a}` of `password` with this input's guid and `seed`.
  func encrypt(_ password: String, seed: String) throws(OperationFailure) -> String {
    do {
      return try PasswordCipher.encrypt(password, guid: input.guid, seed: seed)
    } catch {
      throw OperationFailure("could not encrypt the password: \(error)")
    }
  }

  /// A password input checked against the product's rules (the message never shows it), or a
  /// generated one.
  func passwordOrGenerated(_ field: String, rules: PasswordRules) throws(OperationFailure) -> String {
    guard let given = input.raw(field), !given.isEmpty else { return rules.generate() }
    guard rules.accepts(given) else {
      throw OperationFailure.invalid(
        field,
        "the password does not meet AliCloud's rules (\(rules.lengthRange.lowerBound)-\(rules.lengthRange.upperBound) "
          + "characters, at least three of upper case, lower case, digits and \(String(rules.allowedSpecials)))")
    }
    return given
  }
}

extension Input {
  /// A whole number within `range`; nil when absent.
  func int(_ name: String, in range: ClosedRange<Int>) throws(OperationFailure) -> Int? {
    guard let v = try int(name) else { return nil }
    guard range.contains(v) else {
      throw OperationFailure.invalid(name, "\(v) is not between \(range.lowerBound) and \(range.upperBound)")
    }
    return v
  }
}

/// GiB from an ECS memory size in MiB, as output text.
func gibText(mib: Double) -> String { CoreMemorySpec.amountText(mib / 1024) }
