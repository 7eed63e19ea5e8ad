import AliCloudAPI
import AliCloudCatalog
import AliCloudCore
import AliCloudSigning

/// `disk/create_attach`, `disk/detach_delete`.
enum DiskOperations {
  static let busy = Resource.disk.busy

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
    var params = input.forward(["diskName": "DiskName", "description": "Description", "diskCategory": "DiskCategory"])
    params["ZoneId"] = .string(zone)
    params["Size"] = .string(String(size))
    let create = params
    let made = try await findOrCreate(
      .disk, existing: "diskId", output: "diskId",
      fields: { disk, created throws(OperationFailure) in
        if !created, let id = disk.text("DiskId"), let other = disk.text("InstanceId"), other != instance {
          throw OperationFailure(
            "disk \(id) is attached to instance \(other), not \(instance)", partial: ["diskId": .string(id)])
        }
        return [:]
      },
      create: .steps { () throws(OperationFailure) in
        try await self.call(.ecs, "CreateDisk", create, idempotent: true, retryOn: ["UnknownError"])
      })
    var out = made.out
    try await attach(made.id, to: instance, state: made.item.map(Resource.disk.state(of:)), keeping: out)
    let mounted = try await mountDisk(made.id, on: instance, fileSystem: fs, dir: dir, keeping: out)
    out["volumeName"] = .string(mounted)
    return out
  }

  /// Attaches when not yet attached (`state` is the disk's, Available or In_use), then waits for In_use.
  func attach(_ diskId: String, to instance: String, state: String?, keeping out: [String: JSONValue])
    async throws(OperationFailure)
  {
    if state == "Available" {
      _ = try await call(
        .ecs, "AttachDisk", ["DiskId": .string(diskId), "InstanceId": .string(instance)], retryOn: DiskOperations.busy,
        keeping: out)
    }
    try await wait(.disk, diskId, until: ["In_use"], keeping: out)
  }

  func detachDeleteDisk() async throws(OperationFailure) -> [String: JSONValue] {
    let diskId = try input.require("diskId")
    let instance = try input.require("instanceId")
    let dir = try DiskScript.mountDir(try input.require("unmountDir"), field: "unmountDir")
    let volume = try DiskScript.device(try input.require("volumeName"))
    try checkInstancePassword()
    guard let disk = try await lookup(.disk, diskId) else { return [:] }
    if let attachedTo = disk.text("InstanceId") {
      guard attachedTo == instance else {
        throw OperationFailure("disk \(diskId) is attached to instance \(attachedTo), not \(instance)")
      }
      if try await lookup(.instance, instance)?["Status"]?.stringValue == "Running" {
        try await unmountDisk(diskId, on: instance, volume: volume, dir: dir)
      } else {
        context.progress("\(diskId): instance \(instance) is not running; detaching without unmounting")
      }
      _ = try await callRetryingConflicts(
        .ecs, "DetachDisk", ["DiskId": .string(diskId), "InstanceId": .string(instance)], kind: .disk,
        what: "detaching \(diskId)", alsoRetry: DiskOperations.busy, gone: ["InvalidInstanceId.NotMatch"])
      try await wait(.disk, diskId, until: ["Available"])
    }
    return try await delete(.disk, diskId)
  }
}
