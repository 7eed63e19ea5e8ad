import AliCloudAPI
import AliCloudCore
import AliCloudSigning

extension Resource {
  /// ECS instances (`vm` for wait timeouts).
  static let instance = Resource(
    kind: .vm, noun: "instance", product: .ecs, describe: "DescribeInstances", query: jsonIdList("InstanceIds"),
    list: "Instances.Instance", idField: "InstanceId", ready: ["Running"], deleteAction: "DeleteInstance",
    deleteExtra: ["Force": "true"], notFoundCodes: ["InvalidInstanceId.NotFound", "Forbidden.InstanceNotFound"],
    busy: ["IncorrectInstanceStatus", "IncorrectVSwitchStatus", "OperationConflict"])

  static let disk = Resource(
    kind: .disk, noun: "disk", product: .ecs, describe: "DescribeDisks", query: jsonIdList("DiskIds"),
    list: "Disks.Disk", idField: "DiskId", ready: ["Available", "In_use"], deleteAction: "DeleteDisk",
    notFoundCodes: ["InvalidDiskId.NotFound"],
    busy: [
      "IncorrectDiskStatus", "IncorrectInstanceStatus", "OperationConflict", "InvalidOperation.Conflict",
      "IncorrectDiskStatus.Initializing",
    ])
}

/// Small helpers shared by the compute and data families.
extension CloudSession {
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
  /// generated one: the same for every re-send of this input (drawn from the access key secret
  /// and this mutation's ClientToken), so a re-sent create repeats the first one's parameters.
  func passwordOrGenerated(_ field: String, rules: PasswordRules) throws(OperationFailure) -> String {
    guard let given = input.raw(field), !given.isEmpty else {
      var rng = KeyedRandom(key: credential.accessKeySecret, label: "password|" + clientToken("password", key: field))
      return rules.generate(using: &rng)
    }
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
