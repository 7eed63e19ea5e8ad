/// The shell scripts that run on an instance through Cloud Assistant to mount and unmount a data
/// disk. Each script is a straight list of commands with literal, validated, single-quoted
/// values (no variables, loops or substitutions); every decision is made here from what the
/// probe script reports (`DiskProbe`): the device is the one whose serial number is the disk id
/// without `d-`, a disk that already holds a file system is mounted as it is and never
/// formatted, and the fstab entry names the file system's UUID.
public enum DiskScript {
  public static let fileSystems = ["ext3", "ext4", "xfs"]

  /// System trees a disk must never be mounted on or under.
  static let forbiddenRoots = [
    "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/root", "/run", "/sbin", "/sys", "/usr",
  ]

  /// An absolute directory of letters, digits, `.`, `_` and `-` components; not `/`, no `.` or
  /// `..` components, not a system directory.
  public static func mountDir(_ s: String, field: String) throws(OperationFailure) -> String {
    var t = s.trimmingCharacters(in: .whitespaces)
    while t.count > 1 && t.hasSuffix("/") { t.removeLast() }
    let allowed = t.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-/".contains($0)) }
    guard t.hasPrefix("/"), t.count > 1, t.count <= 200, allowed else {
      throw OperationFailure.invalid(
        field, "must be an absolute directory made of letters, digits, '.', '_', '-' and '/' (got \(printable(s)))")
    }
    let parts = t.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
    guard parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
      throw OperationFailure.invalid(field, "must not contain empty, '.' or '..' components (got \(printable(s)))")
    }
    if let root = forbiddenRoots.first(where: { t == $0 || t.hasPrefix($0 + "/") }) {
      throw OperationFailure.invalid(field, "\(t) is inside the system directory \(root)")
    }
    return t
  }

  public static func fileSystem(_ s: String) throws(OperationFailure) -> String {
    let f = s.trimmingCharacters(in: .whitespaces).lowercased()
    guard fileSystems.contains(f) else {
      throw OperationFailure.invalid("fileSystemType", "\(printable(s)) is not one of ext3, ext4, xfs")
    }
    return f
  }

  /// A block device path such as `/dev/vdb`, `/dev/xvdc`, `/dev/sdb`, `/dev/nvme1n1`.
  public static func device(_ s: String) throws(OperationFailure) -> String {
    let t = s.trimmingCharacters(in: .whitespaces)
    let name = t.hasPrefix("/dev/") ? t.dropFirst(5) : ""
    guard !name.isEmpty, name.count <= 32, name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) }) else {
      throw OperationFailure.invalid("volumeName", "\(printable(s)) is not a device like /dev/vdb")
    }
    return t
  }

  /// The serial number the disk shows inside the instance: its id without `d-`, at most 20
  /// characters (the virtio limit).
  public static func serial(diskId: String) throws(OperationFailure) -> String {
    let body = diskId.hasPrefix("d-") ? diskId.dropFirst(2) : ""
    guard !body.isEmpty, body.count <= 64, body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
      throw OperationFailure.invalid("diskId", "\(printable(diskId)) is not a disk id like d-bp1...")
    }
    return String(body.prefix(20))
  }

  /// `'/data'`: every value that reaches a script goes through here.
  static func q(_ s: String) -> String { ShellQuote.quote(s) }

  static func script(_ kind: String, _ lines: [String]) -> String {
    "#!/bin/sh\n# alicloudd disk \(kind)\nset -e\n" + lines.map { $0 + "\n" }.joined()
  }

  /// Lists block devices, file systems and fstab; read with `DiskProbe.parse`.
  public static let probe = script(
    "probe",
    [
      "echo '--lsblk--'", "lsblk -npP -o NAME,SERIAL,TYPE,FSTYPE,MOUNTPOINT,UUID", "echo '--blkid--'",
      "blkid -c/dev/null || true", "echo '--fstab--'", "cat /etc/fstab || true",
    ])

  /// Makes a file system on a disk the probe found blank, then prints its UUID. `mkfs` runs
  /// without its force flag, so it still refuses a disk that holds a file system.
  public static func format(device: String, fileSystem: String) throws(OperationFailure) -> String {
    let dev = try DiskScript.device(device)
    let fs = try DiskScript.fileSystem(fileSystem)
    return script(
      "format", ["mkfs.\(fs) -q \(q(dev))", "echo '--uuid--'", "blkid -c/dev/null -o value -s UUID \(q(dev))"])
  }

  /// The fstab line of a mounted disk.
  public static func fstabLine(uuid: String, mountDir: String, fileSystem: String) -> String {
    "UUID=\(uuid) \(mountDir) \(fileSystem) defaults,nofail 0 2"
  }

  /// Creates the directory, mounts the device there (unless `mounted`), and appends the fstab
  /// line by UUID unless that exact line is there.
  public static func mount(device: String, mountDir: String, uuid: String, fileSystem: String, mounted: Bool)
    throws(OperationFailure) -> String
  {
    let dev = try DiskScript.device(device)
    let dir = try DiskScript.mountDir(mountDir, field: "mountDir")
    let fs = try DiskScript.fileSystem(fileSystem)
    guard isUUID(uuid) else {
      throw OperationFailure("the file system on \(dev) has no usable UUID (\(printable(uuid)))")
    }
    let line = fstabLine(uuid: uuid, mountDir: dir, fileSystem: fs)
    var lines = ["mkdir -p \(q(dir))"]
    if !mounted { lines.append("mount \(q(dev)) \(q(dir))") }
    lines.append("grep -qxF \(q(line)) /etc/fstab || echo \(q(line)) >> /etc/fstab")
    return script("mount", lines)
  }

  /// Unmounts `mountDir` (when `mounted`) and removes exactly the given fstab lines.
  public static func unmount(mountDir: String, mounted: Bool, fstabLines: [String]) throws(OperationFailure) -> String {
    let dir = try DiskScript.mountDir(mountDir, field: "unmountDir")
    var lines: [String] = []
    if mounted { lines.append("umount \(q(dir))") }
    for l in fstabLines where !l.contains("\n") && !l.contains("\0") {
      lines.append("grep -vxF \(q(l)) /etc/fstab > /etc/fstab.alicloudd || true")
      lines.append("mv /etc/fstab.alicloudd /etc/fstab")
    }
    return script("unmount", lines)
  }

  /// Hex digits and `-` (ext and xfs UUIDs are 36 characters).
  static func isUUID(_ s: String) -> Bool {
    (4...64).contains(s.count) && s.allSatisfy { $0.isASCII && ($0.isHexDigit || $0 == "-") }
  }

  /// Values in messages: quoted, control characters escaped, at most 80 characters.
  static func printable(_ s: String) -> String {
    let cut = s.count > 80 ? String(s.prefix(80)) + "..." : s
    let escaped = cut.unicodeScalars.map {
      $0.value < 0x20 || $0.value == 0x7f ? "\\u{\(String($0.value, radix: 16))}" : String($0)
    }
    return "\"" + escaped.joined() + "\""
  }
}
