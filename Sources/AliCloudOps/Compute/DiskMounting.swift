import AliCloudCore
import Synchronization

/// The decisions of mounting and unmounting, made from what the probe script reports.
extension CloudSession {
  /// Probes until the instance shows the disk (the guest may see it a moment after In_use), on
  /// the shared waiter.
  func probeDisk(_ diskId: String, on instance: String, keeping out: [String: JSONValue]) async throws(OperationFailure)
    -> (DiskProbe, DiskProbe.Disk)
  {
    let serial = try DiskScript.serial(diskId: diskId)
    let last = Mutex<DiskProbe?>(nil)
    try await wait(for: "\(diskId) on \(instance)", kind: .disk, until: ["Visible"], keeping: out) {
      let probe = DiskProbe.parse(
        try await self.runScript(DiskScript.probe, on: instance, what: "probe disks", keeping: out))
      last.withLock { $0 = probe }
      return .state(probe.disk(serial: serial) == nil ? "NotVisible" : "Visible")
    }
    guard let probe = last.withLock({ $0 }), let disk = probe.disk(serial: serial) else {
      throw OperationFailure("disk \(diskId) is attached but instance \(instance) does not show it", partial: out)
    }
    return (probe, disk)
  }

  /// Formats the disk only when it holds no file system, mounts it on `dir` and records it in
  /// fstab by UUID. Returns the device.
  func mountDisk(
    _ diskId: String, on instance: String, fileSystem: String, dir: String, keeping out: [String: JSONValue]
  )
    async throws(OperationFailure) -> String
  {
    let (probe, disk) = try await probeDisk(diskId, on: instance, keeping: out)
    let dev = disk.device
    if let other = probe.device(mountedOn: dir), other != dev {
      throw OperationFailure("\(dir) on \(instance) already has \(other) mounted", partial: out)
    }
    if let at = disk.mountPoint, at != dir {
      throw OperationFailure("\(dev) (\(diskId)) is already mounted on \(at), not \(dir)", partial: out)
    }
    var fs = disk.fileSystem
    var uuid = disk.uuid
    if fs == nil {
      guard disk.partitions.isEmpty else {
        throw OperationFailure(
          "\(dev) (\(diskId)) has partitions (\(disk.partitions.joined(separator: ", "))); it is left untouched",
          partial: out)
      }
      let output = try await runScript(
        try DiskScript.format(device: dev, fileSystem: fileSystem), on: instance, what: "format disk", keeping: out)
      uuid = output.components(separatedBy: "--uuid--").last?.split(separator: "\n").last.map(String.init)
      fs = fileSystem
      context.progress("\(diskId): \(dev) formatted \(fileSystem)")
    } else {
      context.progress("\(diskId): \(dev) already holds \(fs!); mounting it as it is")
    }
    let script = try DiskScript.mount(
      device: dev, mountDir: dir, uuid: uuid ?? "", fileSystem: fs!, mounted: disk.mountPoint == dir)
    _ = try await runScript(script, on: instance, what: "mount disk", keeping: out)
    context.progress("\(diskId): \(dev) mounted on \(dir)")
    return dev
  }

  /// Unmounts the disk from `dir` and removes its fstab lines there.
  func unmountDisk(_ diskId: String, on instance: String, volume: String, dir: String) async throws(OperationFailure) {
    let serial = try DiskScript.serial(diskId: diskId)
    let probe = DiskProbe.parse(try await runScript(DiskScript.probe, on: instance, what: "probe disks", keeping: [:]))
    let disk = probe.disk(serial: serial)
    if let disk, disk.device != volume {
      context.progress("\(diskId): the instance shows it as \(disk.device), not \(volume)")
    }
    let dev = disk?.device ?? volume
    var sources: Set<String> = [dev, volume, "/dev/disk/by-id/virtio-\(serial)"]
    if let u = disk?.uuid { sources.insert("UUID=\(u)") }
    let mounted = probe.device(mountedOn: dir) == dev
    let lines = probe.fstabLines(dir: dir, sources: sources)
    guard mounted || !lines.isEmpty else { return }
    let script = try DiskScript.unmount(mountDir: dir, mounted: mounted, fstabLines: lines)
    _ = try await runScript(script, on: instance, what: "unmount disk", keeping: [:])
  }
}
