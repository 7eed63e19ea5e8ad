import Foundation
import Glibc

/// How log lines are written: `text` (`time level label: message key=value ...`) or `json` (one
/// object per line: `time`, `level`, `label`, `message`, then every metadata key).
public enum LogFormat: String, Sendable, CaseIterable {
  case text, json

  /// One record as one line, without the newline. `journal`: stderr is the systemd journal, so
  /// the line starts with the record's syslog priority (`<3>` for error ... `<7>` for debug and
  /// trace) and text lines leave the time to the journal.
  public func render(_ record: LogRecord, journal: Bool = false) -> String {
    var line = journal ? "<\(record.level.syslogPriority)>" : ""
    switch self {
    case .text:
      if !journal { line += LogFormat.timestamp(record.date) + " " }
      line += "\(record.level.name) \(record.label): \(record.message)"
      for key in record.metadata.keys.sorted() {
        line += " \(key)=\(LogFormat.quote(record.metadata[key]!))"
      }
    case .json:
      var out: [UInt8] = []
      func member(_ key: String, _ value: String, first: Bool = false) {
        if !first { out.append(UInt8(ascii: ",")) }
        JSONPrinter.writeString(key, to: &out)
        out.append(UInt8(ascii: ":"))
        JSONPrinter.writeString(value, to: &out)
      }
      out.append(UInt8(ascii: "{"))
      member("time", LogFormat.timestamp(record.date), first: true)
      member("level", record.level.name)
      member("label", record.label)
      member("message", record.message)
      for key in record.metadata.keys.sorted() where !LogFormat.reservedKeys.contains(key) {
        member(key, record.metadata[key]!)
      }
      out.append(UInt8(ascii: "}"))
      line += String(decoding: out, as: UTF8.self)
    }
    return line
  }

  /// Keys every JSON line has; metadata never overrides them.
  static let reservedKeys: Set<String> = ["time", "level", "label", "message"]

  /// A text value as is when it has no space, quote, `=` or newline, else quoted and escaped.
  static func quote(_ v: String) -> String {
    if v.isEmpty || v.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) {
      let escaped = v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
      return "\"\(escaped)\""
    }
    return v
  }

  /// RFC 3339 UTC with milliseconds (`2026-01-01T10:00:00.000Z`), without a formatter object.
  static func timestamp(_ d: Date) -> String {
    let ms = Int64((d.timeIntervalSince1970 * 1000).rounded(.down))
    var seconds = time_t(ms / 1000)
    var t = tm()
    gmtime_r(&seconds, &t)
    func pad(_ v: Int32, _ width: Int) -> String {
      let s = String(v)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(t.tm_year + 1900, 4))-\(pad(t.tm_mon + 1, 2))-\(pad(t.tm_mday, 2))T\(pad(t.tm_hour, 2)):"
      + "\(pad(t.tm_min, 2)):\(pad(t.tm_sec, 2)).\(pad(Int32(ms % 1000), 3))Z"
  }

  /// Whether stderr is a stream to the systemd journal: `JOURNAL_STREAM` (`DEVICE:INODE`, set by
  /// systemd for a service whose output goes to the journal) names stderr's device and inode.
  public static func stderrIsJournal(_ environment: [String: String] = ProcessInfo.processInfo.environment)
    -> Bool
  {
    guard let value = environment["JOURNAL_STREAM"] else { return false }
    var st = stat()
    guard fstat(STDERR_FILENO, &st) == 0 else { return false }
    return value == "\(st.st_dev):\(st.st_ino)"
  }
}

extension LogLevel {
  /// The syslog priority journald files the record under.
  public var syslogPriority: Int {
    switch self {
    case .trace, .debug: return 7
    case .info: return 6
    case .notice: return 5
    case .warning: return 4
    case .error: return 3
    }
  }
}
