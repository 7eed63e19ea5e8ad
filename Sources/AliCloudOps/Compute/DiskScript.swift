/// The shell scripts that run on an instance through Cloud Assistant to mount and unmount a data
/// disk. Every value is validated first and single-quoted in the script; the device is found by
/// the disk's serial number (the disk id without `d-`), a disk that already holds a file system
/// is mounted as it is and never formatted, and the fstab entry names the file system's UUID.
/// The scripts print `key=value` lines that `DiskScript.report` reads.
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

  /// The serial number the disk shows inside the instance: its id without `d-`.
  public static func serial(diskId: String) throws(OperationFailure) -> String {
    let body = diskId.hasPrefix("d-") ? diskId.dropFirst(2) : ""
    guard !body.isEmpty, body.count <= 64, body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
      throw OperationFailure.invalid("diskId", "\(printable(diskId)) is not a disk id like d-bp1...")
    }
    return String(body)
  }

  /// Finds the disk, formats it only when it holds no file system and no partitions, mounts it on
  /// `mountDir` and adds an fstab entry by UUID (once).
  public static func mount(diskId: String, fileSystem: String, mountDir: String) throws(OperationFailure) -> String {
    let vars = [
      ("DISK_SERIAL", try serial(diskId: diskId)), ("FS_TYPE", try DiskScript.fileSystem(fileSystem)),
      ("MOUNT_DIR", try DiskScript.mountDir(mountDir, field: "mountDir")),
    ]
    return header("mount", vars) + findDevice + mountBody
  }

  /// Unmounts `mountDir` (when the disk is mounted there) and removes its fstab entries (by UUID
  /// or by device, on that directory only).
  public static func unmount(diskId: String, volumeName: String, mountDir: String) throws(OperationFailure) -> String {
    let vars = [
      ("DISK_SERIAL", try serial(diskId: diskId)), ("VOLUME", try device(volumeName)),
      ("MOUNT_DIR", try DiskScript.mountDir(mountDir, field: "unmountDir")),
    ]
    return header("unmount", vars) + unmountBody
  }

  /// The `key=value` lines of a script's output.
  public static func report(_ output: String) -> [String: String] {
    var out: [String: String] = [:]
    for line in output.split(whereSeparator: \.isNewline) {
      guard let eq = line.firstIndex(of: "=") else { continue }
      out[String(line[..<eq]).trimmingCharacters(in: .whitespaces)] = String(line[line.index(after: eq)...])
    }
    return out
  }

  static func header(_ kind: String, _ vars: [(String, String)]) -> String {
    "#!/bin/sh\n# alicloudd disk \(kind)\nset -eu\n" + vars.map { "\($0.0)=\(ShellQuote.quote($0.1))\n" }.joined()
  }

  /// Values in messages: quoted, control characters escaped, at most 80 characters.
  static func printable(_ s: String) -> String {
    let cut = s.count > 80 ? String(s.prefix(80)) + "..." : s
    return "\""
      + cut.unicodeScalars.map {
        $0.value < 0x20 || $0.value == 0x7f ? "\\u{\(String($0.value, radix: 16))}" : String($0)
      }.joined() + "\""
  }

  static let findDevice = """
    DEV=''
    n=0
    while [ -z "$DEV" ] && [ "$n" -lt 60 ]; do
      DEV=$(lsblk -dnpo NAME,SERIAL | awk -v s="$DISK_SERIAL" '$2 == s { print $1; exit }')
      if [ -z "$DEV" ] && [ -e "/dev/disk/by-id/virtio-$DISK_SERIAL" ]; then
        DEV=$(readlink -f "/dev/disk/by-id/virtio-$DISK_SERIAL")
      fi
      [ -n "$DEV" ] || { n=$((n + 1)); sleep 2; }
    done
    [ -n "$DEV" ] || { echo "error=the disk with serial $DISK_SERIAL did not appear on the instance"; exit 3; }
    echo "volumeName=$DEV"

    """

  static let mountBody = """
    FOUND=$(blkid -p -o value -s TYPE "$DEV" 2>/dev/null || true)
    PARTS=$(lsblk -nro NAME "$DEV" | wc -l)
    if [ -z "$FOUND" ] && [ "$PARTS" -le 1 ]; then
      case "$FS_TYPE" in
        xfs) mkfs.xfs -q "$DEV" ;;
        *) "mkfs.$FS_TYPE" -q "$DEV" ;;
      esac
      echo "formatted=yes"
      FOUND="$FS_TYPE"
    else
      echo "formatted=no"
    fi
    [ -n "$FOUND" ] || { echo "error=$DEV has partitions; mount one of them instead"; exit 4; }
    echo "fileSystem=$FOUND"
    mkdir -p -- "$MOUNT_DIR"
    if ! findmnt -rn -S "$DEV" --mountpoint "$MOUNT_DIR" >/dev/null 2>&1; then
      mount -- "$DEV" "$MOUNT_DIR"
    fi
    UUID=$(blkid -o value -s UUID "$DEV")
    [ -n "$UUID" ] || { echo "error=$DEV has no file system UUID"; exit 5; }
    echo "uuid=$UUID"
    if ! awk -v u="UUID=$UUID" -v d="$MOUNT_DIR" '$1 == u && $2 == d { f = 1 } END { exit !f }' /etc/fstab; then
      printf 'UUID=%s %s %s defaults,nofail 0 2\\n' "$UUID" "$MOUNT_DIR" "$FOUND" >> /etc/fstab
    fi
    echo "mounted=$MOUNT_DIR"

    """

  static let unmountBody = """
    UUID=$(blkid -o value -s UUID "$VOLUME" 2>/dev/null || true)
    if mountpoint -q -- "$MOUNT_DIR"; then
      umount -- "$MOUNT_DIR"
    fi
    TMP=$(mktemp /etc/fstab.alicloudd.XXXXXX)
    awk -v u="UUID=$UUID" -v v="$VOLUME" -v d="$MOUNT_DIR" '!($2 == d && ($1 == u || $1 == v))' /etc/fstab > "$TMP"
    cat "$TMP" > /etc/fstab
    rm -f -- "$TMP"
    echo "unmounted=$MOUNT_DIR"

    """
}
