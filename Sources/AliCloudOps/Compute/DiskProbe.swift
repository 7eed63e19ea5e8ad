/// What the probe script saw on an instance: block devices (lsblk), file systems (blkid) and
/// `/etc/fstab`.
public struct DiskProbe: Sendable, Equatable {
  /// lsblk rows: NAME, SERIAL, TYPE, FSTYPE, MOUNTPOINT, UUID.
  public var rows: [[String: String]] = []
  /// blkid entries by device: TYPE, UUID, ...
  public var fileSystems: [String: [String: String]] = [:]
  public var fstab: [String] = []

  /// What matters about one disk.
  public struct Disk: Sendable, Equatable {
    public var device: String
    public var fileSystem: String?
    public var uuid: String?
    public var mountPoint: String?
    public var partitions: [String]
  }

  public static func parse(_ output: String) -> DiskProbe {
    var p = DiskProbe()
    var section = ""
    for raw in output.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = String(raw)
      if line.hasPrefix("--") && line.hasSuffix("--") && line.count > 4 {
        section = String(line.dropFirst(2).dropLast(2))
        continue
      }
      switch section {
      case "lsblk":
        let row = pairs(line)
        if row["NAME"] != nil { p.rows.append(row) }
      case "blkid":
        guard let colon = line.firstIndex(of: ":"), line.hasPrefix("/") else { continue }
        p.fileSystems[String(line[..<colon])] = pairs(String(line[line.index(after: colon)...]))
      case "fstab":
        p.fstab.append(line)
      default: break
      }
    }
    while p.fstab.last == "" { p.fstab.removeLast() }
    return p
  }

  /// `KEY="value" KEY2="v 2"` pairs.
  static func pairs(_ s: String) -> [String: String] {
    var out: [String: String] = [:]
    var rest = Substring(s)
    while let eq = rest.firstIndex(of: "=") {
      let key = rest[..<eq].trimmingCharacters(in: .whitespaces)
      rest = rest[rest.index(after: eq)...]
      guard rest.first == "\"" else { break }
      rest = rest.dropFirst()
      guard let close = rest.firstIndex(of: "\"") else { break }
      out[key] = String(rest[..<close]).replacingOccurrences(of: "\\x20", with: " ")
      rest = rest[rest.index(after: close)...]
    }
    return out
  }

  /// The disk whose serial number is `serial`; nil when the instance does not show it (yet).
  public func disk(serial: String) -> Disk? {
    guard !serial.isEmpty, let row = rows.first(where: { $0["TYPE"] == "disk" && $0["SERIAL"] == serial }),
      let dev = row["NAME"]
    else {
      return nil
    }
    let fs = fileSystems[dev]?["TYPE"] ?? row["FSTYPE"].flatMap { $0.isEmpty ? nil : $0 }
    let uuid = fileSystems[dev]?["UUID"] ?? row["UUID"].flatMap { $0.isEmpty ? nil : $0 }
    let parts = rows.filter { $0["TYPE"] == "part" && ($0["NAME"] ?? "").hasPrefix(dev) }.compactMap { $0["NAME"] }
    return Disk(
      device: dev, fileSystem: fs, uuid: uuid, mountPoint: row["MOUNTPOINT"].flatMap { $0.isEmpty ? nil : $0 },
      partitions: parts)
  }

  /// The device mounted on `dir`, if any.
  public func device(mountedOn dir: String) -> String? {
    rows.first { $0["MOUNTPOINT"] == dir }?["NAME"]
  }

  /// The fstab lines mounting on `dir` from any of `sources` (`UUID=...`, a device path).
  public func fstabLines(dir: String, sources: Set<String>) -> [String] {
    fstab.filter { line in
      let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      return f.count >= 2 && !f[0].hasPrefix("#") && f[1] == dir && sources.contains(f[0])
    }
  }
}
