import AliCloudCore

/// The guest OS of a simulated instance, as far as Cloud Assistant scripts can see it: block
/// devices (the system disk `/dev/vda` with its root partition `/dev/vda1`, data disks
/// `/dev/vdb`…), file systems, mounts, directories and small text files. Files under a mount
/// point live on the disk, so they survive detach and attach; other files live on the system disk.
struct GuestMachine {
  struct Disk {
    var diskId: String
    var device: String
    var sizeGiB: Int
    var fsType: String
    var files: [String: String]
    var dirs: Set<String>
    var system: Bool
    var uuid: String
    var serial: String { String(String(diskId.dropFirst(2)).prefix(20)) }
  }

  static let baseDirectories = [
    "/", "/root", "/etc", "/tmp", "/mnt", "/home", "/var", "/dev", "/dev/disk", "/dev/disk/by-id",
  ]

  /// Bytes a file may hold, and all files of the machine and its disks together, so a script
  /// that copies a file onto itself again and again fails like a full disk instead of taking
  /// the simulator's memory.
  static let maxFileBytes = 1 << 20
  static let maxStoredBytes = 8 << 20

  var instanceId: String
  var files: [String: String]
  var dirs: Set<String>
  var mounts: [(device: String, dir: String)]
  var disks: [Disk]
  /// Bytes in every file of the machine and its attached disks.
  var storedBytes = 0

  /// A stable UUID-shaped text derived from a seed.
  static func uuid(_ seed: String) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    var out = ""
    for round in 0..<4 {
      for b in (seed + String(round)).utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
      out += String(h & 0xffff_ffff, radix: 16).leftPadded(8)
    }
    let c = Array(out)
    return [c[0..<8], c[8..<12], c[12..<16], c[16..<20], c[20..<32]].map { String($0) }.joined(separator: "-")
  }

  static func load(_ instanceId: String, _ state: SimState) -> GuestMachine {
    let i = state[instanceId]
    let disks = state.list(DiskFamily.kind) {
      $0.string("InstanceId") == instanceId && $0.string("Status") != "Attaching"
    }
    .map { d in
      Disk(
        diskId: d.id, device: d.string("SimGuestDevice"), sizeGiB: d["Size"]?.intValue ?? 0,
        fsType: d.string("SimFsType"), files: (d["SimFiles"]?.objectValue ?? [:]).compactMapValues(\.stringValue),
        dirs: Set((d["SimDirs"]?.arrayValue ?? []).compactMap(\.stringValue)), system: d.string("Type") == "system",
        uuid: d.string("SimFsUUID"))
    }.sorted { $0.device < $1.device }
    let mounts = (i?["SimMounts"]?.arrayValue ?? []).compactMap { m -> (String, String)? in
      guard let d = m["Device"]?.stringValue, let dir = m["Dir"]?.stringValue else { return nil }
      return (d, dir)
    }
    var m = GuestMachine(
      instanceId: instanceId, files: (i?["SimFiles"]?.objectValue ?? [:]).compactMapValues(\.stringValue),
      dirs: Set((i?["SimDirs"]?.arrayValue ?? []).compactMap(\.stringValue)), mounts: mounts, disks: disks)
    m.storedBytes =
      m.files.values.reduce(0) { $0 + $1.utf8.count }
      + disks.reduce(0) { sum, d in d.files.values.reduce(sum) { $0 + $1.utf8.count } }
    return m
  }

  func save(_ state: inout SimState) {
    state.update(instanceId) { r in
      r["SimFiles"] = .object(files.mapValues { .string($0) })
      r["SimDirs"] = .array(dirs.sorted().map { .string($0) })
      r["SimMounts"] = mountsJSON
    }
    for d in disks where !d.system {
      state.update(d.diskId) { r in
        r["SimFsType"] = .string(d.fsType)
        r["SimFsUUID"] = .string(d.uuid)
        r["SimFiles"] = .object(d.files.mapValues { .string($0) })
        r["SimDirs"] = .array(d.dirs.sorted().map { .string($0) })
      }
    }
  }

  var mountsJSON: JSONValue { .array(mounts.map { ["Device": .string($0.device), "Dir": .string($0.dir)] }) }

  // MARK: Devices and paths

  func diskIndex(_ device: String) -> Int? {
    if device.hasPrefix("/dev/disk/by-id/virtio-") {
      let serial = String(device.dropFirst("/dev/disk/by-id/virtio-".count))
      return disks.firstIndex { $0.serial == serial }
    }
    if device.hasPrefix("UUID=") {
      let u = String(device.dropFirst(5))
      return disks.firstIndex { !$0.fsType.isEmpty && !$0.system && $0.uuid == u }
    }
    return disks.firstIndex { $0.device == device }
  }

  func isBlockDevice(_ path: String) -> Bool {
    diskIndex(path) != nil || disks.contains { $0.system && path == $0.device + "1" }
  }

  func mountPoint(of device: String) -> String? {
    guard let i = diskIndex(device) else { return nil }
    return mounts.first { $0.device == disks[i].device }?.dir
  }

  /// Where a path lives: the disk mounted over it (index and path inside the disk) or the root.
  func locate(_ path: String) -> (disk: Int?, path: String) {
    let best = mounts.filter { path == $0.dir || path.hasPrefix($0.dir == "/" ? "/" : $0.dir + "/") }
      .max { $0.dir.count < $1.dir.count }
    guard let m = best, let i = disks.firstIndex(where: { $0.device == m.device }) else { return (nil, path) }
    let rest = String(path.dropFirst(m.dir.count))
    return (i, rest.isEmpty ? "/" : rest)
  }

  func readFile(_ path: String) -> String? {
    let (d, p) = locate(path)
    if let d { return disks[d].files[p] }
    return files[p]
  }

  enum WriteFailure: String, Error {
    case noDirectory = "No such file or directory"
    case tooLarge = "File too large"
    case noSpace = "No space left on device"
  }

  /// Writes or appends to a file; nil on success.
  mutating func writeFile(_ path: String, _ text: String, append: Bool) -> WriteFailure? {
    guard isDirectory(parent(path)) else { return .noDirectory }
    let (d, p) = locate(path)
    let old = (d.map { disks[$0].files[p] } ?? files[p]) ?? ""
    let size = (append ? old.utf8.count : 0) + text.utf8.count
    guard size <= Self.maxFileBytes else { return .tooLarge }
    guard storedBytes - old.utf8.count + size <= Self.maxStoredBytes else { return .noSpace }
    storedBytes += size - old.utf8.count
    let content = (append ? old : "") + text
    if let d { disks[d].files[p] = content } else { files[p] = content }
    return nil
  }

  mutating func removeFile(_ path: String) -> Bool {
    let (d, p) = locate(path)
    let removed = d.map { disks[$0].files.removeValue(forKey: p) } ?? files.removeValue(forKey: p)
    storedBytes -= removed?.utf8.count ?? 0
    return removed != nil
  }

  /// Empties a disk's file system (mkfs).
  mutating func eraseFiles(onDisk i: Int) {
    storedBytes -= disks[i].files.values.reduce(0) { $0 + $1.utf8.count }
    disks[i].files = [:]
  }

  func isDirectory(_ path: String) -> Bool {
    if mounts.contains(where: { $0.dir == path }) { return true }
    let (d, p) = locate(path)
    if let d { return p == "/" || disks[d].dirs.contains(p) }
    return dirs.contains(p)
  }

  mutating func makeDirectory(_ path: String) {
    let (d, p) = locate(path)
    if let d { disks[d].dirs.insert(p) } else { dirs.insert(p) }
  }

  func parent(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
    return String(path[..<slash])
  }

  /// What booting mounts: the `/etc/fstab` entries whose device is attached and formatted.
  func bootMounts() -> JSONValue {
    var result: [(String, String)] = []
    for line in (files["/etc/fstab"] ?? "").split(separator: "\n") {
      let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      guard f.count >= 2, !f[0].hasPrefix("#"), f[1] != "/", let i = diskIndex(f[0]), !disks[i].fsType.isEmpty,
        dirs.contains(f[1])
      else { continue }
      result.append((disks[i].device, f[1]))
    }
    return .array(result.map { ["Device": .string($0.0), "Dir": .string($0.1)] })
  }
}

extension String {
  func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
