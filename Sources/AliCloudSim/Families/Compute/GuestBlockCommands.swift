/// Block-device commands of the guest shell, behaving like util-linux and e2fsprogs/xfsprogs for
/// the forms listed in the Cloud Assistant protocol (docs in the families' report):
/// `lsblk [-d] [-p] [-n] [-r|-P] [-o COLS] [DEV]`, `blkid [-o value] [-s TAG] [DEV]`,
/// `mkfs.ext3|ext4 [-F] [-q] DEV`, `mkfs.xfs [-f] [-q] [-n ftype=1] DEV`, `mkfs -t TYPE ... DEV`,
/// `mount [-t TYPE] DEV|UUID=… DIR`, `mount -a`, `umount DIR|DEV`, `mountpoint -q DIR`,
/// `readlink -f /dev/disk/by-id/virtio-SERIAL`.
enum GuestBlockCommands {
  typealias IO = GuestCommands.IO
  static let fileSystems = ["ext3", "ext4", "xfs"]

  static func run(_ name: String, _ args: [String], _ m: inout GuestMachine, _ io: inout IO) -> Int? {
    switch name {
    case "lsblk": return lsblk(args, m, &io)
    case "blkid": return blkid(args, m, &io)
    case "mkfs.ext3", "mkfs.ext4", "mkfs.xfs": return mkfs(String(name.dropFirst(5)), args, &m, &io)
    case "mkfs":
      guard let t = args.firstIndex(of: "-t"), t + 1 < args.count else {
        io.err += "mkfs: no file system type given (-t)\n"
        return 1
      }
      return mkfs(args[t + 1], Array(args[..<t] + args[(t + 2)...]), &m, &io)
    case "mount": return mount(args, &m, &io)
    case "umount": return umount(args, &m, &io)
    case "mountpoint":
      guard let dir = args.last(where: { !$0.hasPrefix("-") }) else { return 1 }
      let yes = m.mounts.contains { $0.dir == dir } || dir == "/"
      if !args.contains("-q") { io.out += "\(dir) is \(yes ? "" : "not ")a mountpoint\n" }
      return yes ? 0 : 32
    case "readlink":
      guard let path = args.last(where: { !$0.hasPrefix("-") }) else { return 1 }
      if let i = m.diskIndex(path), path.hasPrefix("/dev/disk/by-id/") {
        io.out += m.disks[i].device + "\n"
        return 0
      }
      if m.isBlockDevice(path) || m.isDirectory(path) || m.readFile(path) != nil {
        io.out += path + "\n"
        return 0
      }
      return 1
    default: return nil
    }
  }

  /// A device path with by-id links and `UUID=` resolved to the kernel name.
  static func canonical(_ path: String, _ m: GuestMachine) -> String {
    guard path.hasPrefix("/dev/disk/") || path.hasPrefix("UUID="), let i = m.diskIndex(path) else { return path }
    return m.disks[i].device
  }

  /// The rows lsblk shows: each disk, and the system disk's root partition.
  static func rows(_ m: GuestMachine, disksOnly: Bool) -> [[String: String]] {
    var rows: [[String: String]] = []
    for d in m.disks {
      let mount = m.mounts.first { $0.device == d.device }?.dir ?? ""
      rows.append([
        "NAME": d.device, "KNAME": d.device, "TYPE": "disk", "FSTYPE": d.system ? "" : d.fsType,
        "MOUNTPOINT": d.system ? "" : mount, "SERIAL": d.serial, "SIZE": "\(d.sizeGiB)G",
        "UUID": d.system || d.fsType.isEmpty ? "" : d.uuid,
      ])
      if d.system && !disksOnly {
        rows.append([
          "NAME": d.device + "1", "KNAME": d.device + "1", "TYPE": "part", "FSTYPE": d.fsType, "MOUNTPOINT": "/",
          "SERIAL": "", "SIZE": "\(d.sizeGiB)G", "UUID": d.uuid,
        ])
      }
    }
    return rows
  }

  static func lsblk(_ args: [String], _ m: GuestMachine, _ io: inout IO) -> Int {
    var flags = Set<Character>()
    var columns = ["NAME", "SIZE", "TYPE", "MOUNTPOINT"]
    var devices: [String] = []
    var i = 0
    while i < args.count {
      let a = args[i]
      if a == "-o" || a == "--output", i + 1 < args.count {
        columns = args[i + 1].split(separator: ",").map { $0.uppercased() }
        i += 2
        continue
      }
      if a.hasPrefix("-") {
        let letters = a.dropFirst()
        if let o = letters.firstIndex(of: "o") {
          flags.formUnion(letters[..<o])
          columns = (i + 1 < args.count ? args[i + 1] : "").split(separator: ",").map { $0.uppercased() }
          i += 2
          continue
        }
        flags.formUnion(letters)
      } else {
        devices.append(canonical(a, m))
      }
      i += 1
    }
    let known: Set<String> = ["NAME", "KNAME", "TYPE", "FSTYPE", "MOUNTPOINT", "SERIAL", "SIZE", "UUID"]
    guard flags.isSubset(of: ["d", "p", "n", "r", "P", "l"]), columns.allSatisfy(known.contains) else {
      io.err += "lsblk: unsupported option or column\n"
      return 1
    }
    var selected = rows(m, disksOnly: flags.contains("d"))
    if !devices.isEmpty {
      for d in devices where !selected.contains(where: { $0["NAME"] == d }) {
        io.err += "lsblk: \(d): not a block device\n"
        return 32
      }
      selected = selected.filter { r in devices.contains { d in r["NAME"]!.hasPrefix(d) } }
    }
    func name(_ v: String) -> String { flags.contains("p") ? v : String(v.dropFirst(5)) }
    if !flags.contains("n") && !flags.contains("P") { io.out += columns.joined(separator: " ") + "\n" }
    for r in selected {
      let values = columns.map { c -> String in
        let v = r[c] ?? ""
        return c == "NAME" || c == "KNAME" ? name(v) : v
      }
      if flags.contains("P") {
        io.out += zip(columns, values).map { "\($0)=\"\($1)\"" }.joined(separator: " ") + "\n"
      } else {
        io.out += values.map { $0.replacingOccurrences(of: " ", with: "\\x20") }.joined(separator: " ") + "\n"
      }
    }
    return 0
  }

  static func blkid(_ args: [String], _ m: GuestMachine, _ io: inout IO) -> Int {
    var valueOnly = false
    var tag: String?
    var devices: [String] = []
    var i = 0
    while i < args.count {
      switch args[i] {
      case "-o":
        valueOnly = i + 1 < args.count && args[i + 1] == "value"
        i += 1
      case "-s":
        tag = i + 1 < args.count ? args[i + 1] : nil
        i += 1
      case "-p", "-c/dev/null": break
      default: devices.append(canonical(args[i], m))
      }
      i += 1
    }
    var entries: [(String, String, String)] = []
    for r in rows(m, disksOnly: false) where !r["FSTYPE"]!.isEmpty {
      if devices.isEmpty || devices.contains(r["NAME"]!) { entries.append((r["NAME"]!, r["UUID"]!, r["FSTYPE"]!)) }
    }
    if entries.isEmpty { return 2 }
    for (dev, uuid, type) in entries {
      let pairs = [("UUID", uuid), ("TYPE", type)].filter { tag == nil || $0.0 == tag }
      if valueOnly {
        for p in pairs { io.out += p.1 + "\n" }
      } else {
        io.out += "\(dev): " + pairs.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: " ") + "\n"
      }
    }
    return 0
  }

  static func mkfs(_ type: String, _ args: [String], _ m: inout GuestMachine, _ io: inout IO) -> Int {
    guard fileSystems.contains(type) else {
      io.err += "mkfs: \(type): unsupported file system type\n"
      return 1
    }
    var rest = args
    if let n = rest.firstIndex(of: "-n"), n + 1 < rest.count { rest.removeSubrange(n...(n + 1)) }
    let force = rest.contains(type == "xfs" ? "-f" : "-F")
    let devices = rest.filter { !$0.hasPrefix("-") }
    guard devices.count == 1, let i = m.diskIndex(devices[0]), !m.disks[i].system else {
      io.err += "mkfs.\(type): \(devices.first ?? "no device"): No such device or not a data disk\n"
      return 1
    }
    let dev = m.disks[i].device
    if m.mounts.contains(where: { $0.device == dev }) {
      io.err += "mkfs.\(type): \(dev) is mounted; will not make a filesystem here!\n"
      return 1
    }
    if !m.disks[i].fsType.isEmpty && !force {
      io.err += "mkfs.\(type): \(dev) appears to contain an existing \(m.disks[i].fsType) filesystem (use -F/-f)\n"
      return 1
    }
    m.disks[i].fsType = type
    m.disks[i].uuid = GuestMachine.uuid(m.disks[i].diskId + type + m.disks[i].uuid)
    m.eraseFiles(onDisk: i)
    m.disks[i].dirs = type == "xfs" ? [] : ["/lost+found"]
    io.out += "Creating \(type) filesystem on \(dev) (\(m.disks[i].sizeGiB)G), UUID \(m.disks[i].uuid)\n"
    return 0
  }

  static func mount(_ args: [String], _ m: inout GuestMachine, _ io: inout IO) -> Int {
    var rest = args
    if let t = rest.firstIndex(of: "-t"), t + 1 < rest.count { rest.removeSubrange(t...(t + 1)) }
    if let o = rest.firstIndex(of: "-o"), o + 1 < rest.count { rest.removeSubrange(o...(o + 1)) }
    if rest == ["-a"] {
      var code = 0
      for entry in m.bootMounts().arrayValue ?? [] {
        guard let dev = entry["Device"]?.stringValue, let dir = entry["Dir"]?.stringValue else { continue }
        if !m.mounts.contains(where: { $0.dir == dir }) && !m.mounts.contains(where: { $0.device == dev }) {
          code = max(code, mountOne(dev, dir, &m, &io))
        }
      }
      return code
    }
    if rest.isEmpty {
      for d in m.disks where d.system { io.out += "\(d.device)1 on / type \(d.fsType) (rw,relatime)\n" }
      for x in m.mounts {
        let t = m.disks.first { $0.device == x.device }?.fsType ?? ""
        io.out += "\(x.device) on \(x.dir) type \(t) (rw,relatime)\n"
      }
      return 0
    }
    guard rest.count == 2 else {
      io.err += "mount: usage: mount [-t TYPE] DEVICE DIR\n"
      return 1
    }
    return mountOne(rest[0], rest[1], &m, &io)
  }

  static func mountOne(_ device: String, _ dir: String, _ m: inout GuestMachine, _ io: inout IO) -> Int {
    guard let i = m.diskIndex(device), !m.disks[i].system else {
      io.err += "mount: \(dir): special device \(device) does not exist.\n"
      return 32
    }
    let dev = m.disks[i].device
    guard m.isDirectory(dir) else {
      io.err += "mount: \(dir): mount point does not exist.\n"
      return 32
    }
    guard !m.disks[i].fsType.isEmpty else {
      io.err +=
        "mount: \(dir): wrong fs type, bad option, bad superblock on \(dev), missing codepage or helper "
        + "program, or other error.\n"
      return 32
    }
    if m.mounts.contains(where: { $0.device == dev && $0.dir == dir }) {
      io.err += "mount: \(dir): \(dev) already mounted on \(dir).\n"
      return 32
    }
    m.mounts.append((dev, dir))
    return 0
  }

  static func umount(_ args: [String], _ m: inout GuestMachine, _ io: inout IO) -> Int {
    guard let target = args.last(where: { !$0.hasPrefix("-") }) else { return 1 }
    let dev = m.diskIndex(target).map { m.disks[$0].device }
    guard let k = m.mounts.lastIndex(where: { $0.dir == target || $0.device == dev }) else {
      io.err += "umount: \(target): not mounted.\n"
      return 32
    }
    let dir = m.mounts[k].dir
    if m.mounts.contains(where: { $0.dir.hasPrefix(dir + "/") }) {
      io.err += "umount: \(dir): target is busy.\n"
      return 32
    }
    m.mounts.remove(at: k)
    return 0
  }
}
