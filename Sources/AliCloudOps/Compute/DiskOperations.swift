import AliCloudAPI
import AliCloudCatalog
import AliCloudCore
import AliCloudSigning

/// `disk/create_attach`, `disk/detach_delete`.
enum DiskOperations {
  static let busy: Set<String> = [
    "IncorrectDiskStatus", "IncorrectInstanceStatus", "OperationConflict", "InvalidOperation.Conflict",
    "IncorrectDiskStatus.Initializing",
  ]

  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.diskCreateAttach) { s in try await s.createAttachDisk() },
      env.operation(.diskDetachDelete) { s in try await s.detachDeleteDisk() },
    ])
  }
}

extension CloudSession {
  /// Checks the instance password input: a `{cipher_a}` value must decrypt with `instanceGuid`
  /// and `seed`. The scripts run through Cloud Assistant, so the password itself is not sent.
  func checkInstancePassword() throws(OperationFailure) {
    let password = try input.require("password")
    guard password.hasPrefix(PasswordCipher.prefix) else { return }
    do {
      _ = try PasswordCipher.decrypt(password, guid: try input.require("instanceGuid"), seed: try input.require("seed"))
    } catch {
      throw OperationFailure.invalid("password", "it does not decrypt with instanceGuid and seed: \(error)")
    }
  }

  func createAttachDisk() async throws(OperationFailure) -> [String: JSONValue] {
    let instance = try input.require("instanceId")
    let fs = try DiskScript.fileSystem(try input.require("fileSystemType"))
    let dir = try DiskScript.mountDir(try input.require("mountDir"), field: "mountDir")
    let size = try input.int("size", in: 1...65536)
    guard let size else { throw OperationFailure.missing(["size"]) }
    let zone = try input.require("zoneId")
    try checkInstancePassword()
    var out: [String: JSONValue] = [:]
    var disk: JSONValue? = nil
    if let id = input.string("diskId") {
      do { disk = try await findDisk(id) } catch { throw OperationFailure.cloud(error) }
    }
    let diskId: String
    if let disk, let id = disk.text("DiskId") {
      diskId = id
      out["diskId"] = .string(id)
      if let other = disk.text("InstanceId"), other != instance {
        throw OperationFailure("disk \(id) is attached to instance \(other), not \(instance)", partial: out)
      }
    } else {
      var params = input.forward(["diskName": "DiskName", "description": "Description", "diskCategory": "DiskCategory"])
      params["ZoneId"] = .string(zone)
      params["Size"] = .string(String(size))
      let r = try await call(.ecs, "CreateDisk", params, idempotent: true, retryOn: ["UnknownError"])
      guard let id = r.text("DiskId") else { throw OperationFailure("CreateDisk answered without a DiskId") }
      diskId = id
      out = outputs(["diskId": id, "requestId": r.text("RequestId")])
    }
    try await attach(diskId, to: instance, keeping: out)
    let mounted = try await mountDisk(diskId, on: instance, fileSystem: fs, dir: dir, keeping: out)
    out["volumeName"] = .string(mounted)
    return out
  }

  /// Attaches when not yet attached, then waits for In_use.
  func attach(_ diskId: String, to instance: String, keeping out: [String: JSONValue]) async throws(OperationFailure) {
    try await waitDisk(diskId, until: ["Available", "In_use"], keeping: out)
    let state = try await diskState(diskId, keeping: out)
    if state == "Available" {
      _ = try await call(
        .ecs, "AttachDisk", ["DiskId": .string(diskId), "InstanceId": .string(instance)], retryOn: DiskOperations.busy,
        keeping: out)
    }
    try await waitDisk(diskId, until: ["In_use"], keeping: out)
  }

  func diskState(_ id: String, keeping out: [String: JSONValue]) async throws(OperationFailure) -> String? {
    do { return try await findDisk(id)?["Status"]?.stringValue } catch {
      throw OperationFailure.cloud(error, partial: out)
    }
  }

  func detachDeleteDisk() async throws(OperationFailure) -> [String: JSONValue] {
    let diskId = try input.require("diskId")
    let instance = try input.require("instanceId")
    let dir = try DiskScript.mountDir(try input.require("unmountDir"), field: "unmountDir")
    let volume = try DiskScript.device(try input.require("volumeName"))
    try checkInstancePassword()
    let disk: JSONValue?
    do { disk = try await findDisk(diskId) } catch { throw OperationFailure.cloud(error) }
    guard let disk else { return [:] }
    if let attachedTo = disk.text("InstanceId") {
      guard attachedTo == instance else {
        throw OperationFailure("disk \(diskId) is attached to instance \(attachedTo), not \(instance)")
      }
      if try await lookupInstance(instance)?["Status"]?.stringValue == "Running" {
        try await unmountDisk(diskId, on: instance, volume: volume, dir: dir)
      } else {
        context.progress("\(diskId): instance \(instance) is not running; detaching without unmounting")
      }
      _ = try await callRetryingConflicts(
        .ecs, "DetachDisk", ["DiskId": .string(diskId), "InstanceId": .string(instance)], kind: "disk",
        what: "detaching \(diskId)", alsoRetry: DiskOperations.busy)
      try await waitDisk(diskId, until: ["Available"], keeping: [:])
    }
    let r = try await callRetryingConflicts(
      .ecs, "DeleteDisk", ["DiskId": .string(diskId)], kind: "disk", what: "deleting \(diskId)",
      alsoRetry: DiskOperations.busy)
    try await waitGone(diskId, kind: "disk") { .of(try await self.findDisk(diskId)) }
    return outputs(["requestId": r?.text("RequestId")])
  }
}
