import Foundation
import Synchronization

/// Log levels, lowest first.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable {
  case trace, debug, info, notice, warning, error

  public init?(name: String) {
    guard let l = LogLevel.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
    self = l
  }

  public var name: String {
    switch self {
    case .trace: return "trace"
    case .debug: return "debug"
    case .info: return "info"
    case .notice: return "notice"
    case .warning: return "warning"
    case .error: return "error"
    }
  }

  public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}

/// One log record: a constant message plus dotted metadata keys (`rpc.method`, `peer.uid`).
public struct LogRecord: Sendable {
  public var level: LogLevel
  public var label: String
  public var message: String
  public var metadata: [String: String]
  public var date: Date

  public init(level: LogLevel, label: String, message: String, metadata: [String: String], date: Date) {
    self.level = level
    self.label = label
    self.message = message
    self.metadata = metadata
    self.date = date
  }
}

/// Where records go. Handlers must be safe to call from any thread.
public protocol LogHandler: Sendable {
  func write(_ record: LogRecord)
}

/// A level that can change while the program runs (the daemon's SIGHUP reload); every logger
/// made with it, and every copy of those, follows it.
public final class LogThreshold: Sendable {
  private let raw: Atomic<Int>

  public init(_ level: LogLevel) { raw = Atomic(level.rawValue) }

  public var level: LogLevel {
    get { LogLevel(rawValue: raw.load(ordering: .relaxed)) ?? .info }
    set { raw.store(newValue.rawValue, ordering: .relaxed) }
  }
}

/// A value-type logger, passed in to library code, never built inside it.
public struct Logger: Sendable {
  public var label: String
  /// The level when no `threshold` is set.
  public var level: LogLevel
  /// Fields given by `with`, in order (a later one replaces an earlier of the same key): kept as
  /// a list, so a call's logger with its correlation fields costs no hashing until a line is
  /// written.
  private var fields: [(key: String, value: String)] = []
  public let handler: any LogHandler
  /// When set, the level in force (it overrides `level`).
  public var threshold: LogThreshold?

  public init(label: String, level: LogLevel = .info, handler: any LogHandler = StderrLogHandler.shared) {
    self.label = label
    self.level = level
    self.handler = handler
  }

  /// A logger whose level follows `threshold`.
  public init(label: String, threshold: LogThreshold, handler: any LogHandler = StderrLogHandler.shared) {
    self.init(label: label, level: threshold.level, handler: handler)
    self.threshold = threshold
  }

  /// The level in force.
  public var currentLevel: LogLevel { threshold?.level ?? level }

  /// A logger that drops everything.
  public static var silent: Logger { Logger(label: "silent", level: .error, handler: NullLogHandler()) }

  /// The fields every record of this logger carries.
  public var metadata: [String: String] {
    get {
      var m: [String: String] = [:]
      for f in fields { m[f.key] = f.value }
      return m
    }
    set { fields = newValue.map { ($0.key, $0.value) } }
  }

  /// This logger with several fields added in one step.
  public func with(_ pairs: [(String, String)]) -> Logger {
    var l = self
    l.fields.reserveCapacity(l.fields.count + pairs.count)
    for (k, v) in pairs { l.fields.append((k, v)) }
    // A logger re-derived from itself again and again keeps each key once.
    if l.fields.count > 32 { l.metadata = l.metadata }
    return l
  }

  public func with(_ key: String, _ value: String) -> Logger { with([(key, value)]) }

  /// Whether records of `level` are written.
  public func isEnabled(_ level: LogLevel) -> Bool { level >= currentLevel }

  /// Writes a record when `level` is on; the message and metadata are only built then.
  public func log(
    _ level: LogLevel, _ message: @autoclosure () -> String, _ metadata: @autoclosure () -> [String: String] = [:]
  ) {
    guard level >= currentLevel else { return }
    var m = self.metadata
    for (k, v) in metadata() { m[k] = v }
    handler.write(
      LogRecord(level: level, label: label, message: message(), metadata: Redaction.redact(m), date: Date()))
  }

  public func trace(_ m: @autoclosure () -> String, _ md: @autoclosure () -> [String: String] = [:]) {
    log(.trace, m(), md())
  }
  public func debug(_ m: @autoclosure () -> String, _ md: @autoclosure () -> [String: String] = [:]) {
    log(.debug, m(), md())
  }
  public func info(_ m: @autoclosure () -> String, _ md: @autoclosure () -> [String: String] = [:]) {
    log(.info, m(), md())
  }
  public func notice(_ m: @autoclosure () -> String, _ md: @autoclosure () -> [String: String] = [:]) {
    log(.notice, m(), md())
  }
  public func warning(_ m: @autoclosure () -> String, _ md: @autoclosure () -> [String: String] = [:]) {
    log(.warning, m(), md())
  }
  public func error(_ m: @autoclosure () -> String, _ md: @autoclosure () -> [String: String] = [:]) {
    log(.error, m(), md())
  }
}

public struct NullLogHandler: LogHandler {
  public init() {}
  public func write(_ record: LogRecord) {}
}

/// Writes records to stderr, one write per line, in `format` (text by default); with `journal`,
/// each line starts with its syslog priority for journald (see `LogFormat.render`).
public final class StderrLogHandler: LogHandler, @unchecked Sendable {
  public static let shared = StderrLogHandler()
  public let format: LogFormat
  public let journal: Bool
  private let lock = NSLock()

  public init(format: LogFormat = .text, journal: Bool = false) {
    self.format = format
    self.journal = journal
  }

  public func write(_ record: LogRecord) {
    let line = format.render(record, journal: journal) + "\n"
    lock.lock()
    defer { lock.unlock() }
    FileHandle.standardError.write(Data(line.utf8))
  }
}

/// Keeps records in memory, for tests.
public final class MemoryLogHandler: LogHandler, @unchecked Sendable {
  private let lock = NSLock()
  private var _records: [LogRecord] = []
  public init() {}
  public func write(_ record: LogRecord) {
    lock.lock()
    _records.append(record)
    lock.unlock()
  }
  public var records: [LogRecord] {
    lock.lock()
    defer { lock.unlock() }
    return _records
  }
}
