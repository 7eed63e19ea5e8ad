import AliCloudCore
import Foundation
import Glibc

/// The durable record of the mutations the daemon sends, so a re-sent call after a timeout, a
/// lost answer or a daemon restart is the same mutation (the same ClientTokens, the same
/// resource) rather than a second one.
///
/// An append-only file of JSON lines (`journal.jsonl`, mode 0600) in the state directory. A
/// mutation's `begin` record is on disk (fdatasync) before its first cloud call; the resource id
/// and the outcome follow as they are learned. A torn last line after a crash is detected and
/// dropped. Finished entries expire `retentionMs` after they finish, unfinished ones a week after
/// they start; the file is rewritten without them (compacted) at start and as it grows. Nothing
/// secret is written: keys hold the access key id, never its secret, and outputs are redacted.
/// With no directory the journal lives in memory only (the sandbox's, whose cloud dies with it).
public final class MutationJournal: @unchecked Sendable {
  /// The journal file; nil for an in-memory journal.
  public let path: String?
  public let retentionMs: Int64
  /// How long an unfinished entry is kept for its re-send.
  public static let unfinishedRetentionMs: Int64 = 7 * 24 * 3600 * 1000

  /// What opening the journal found.
  public struct LoadReport: Sendable, Equatable {
    public var records = 0
    public var entries = 0
    public var tornTail = false
    public var corruptLines = 0
    public var expired = 0
  }

  public private(set) var loaded = LoadReport()
  let now: @Sendable () -> Int64
  let durable: Bool
  private let lock = NSLock()
  /// Where writes that wait for the disk run (`offDisk`): one thread, in order.
  private let writer = DispatchQueue(label: "alicloudd.journal")
  private var fd: Int32 = -1
  private var openError: JournalError?
  private var entries: [String: JournalEntry] = [:]
  /// The newest entry of each key.
  private var latest: [JournalKey: String] = [:]
  /// The entries of each guid, so `others(like:)` reads a few entries, not all.
  private var byGuid: [String: Set<String>] = [:]
  private var recordsInFile = 0

  /// Opens (creating) `directory/journal.jsonl`. Never throws: a journal that cannot be opened
  /// refuses mutations with the reason (`writable` says why), so reads still work.
  /// `durable: false` skips flushing each record to the disk: for building large journals in
  /// benchmarks, never for the daemon.
  public init(
    directory: String?, retentionMs: Int64 = 24 * 3600 * 1000,
    now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }, durable: Bool = true
  ) {
    self.retentionMs = retentionMs
    self.now = now
    self.durable = durable
    guard let directory else {
      path = nil
      return
    }
    let path = (directory as NSString).appendingPathComponent("journal.jsonl")
    self.path = path
    var report = LoadReport()
    do throws(JournalError) {
      try Self.makeDirectory(directory)
      let text = try Self.read(path)
      report = load(text)
      let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
      guard fd >= 0 else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
      self.fd = fd
      fchmod(fd, 0o600)
      report.expired = dropExpired()
      if report.tornTail || report.corruptLines > 0 || report.expired > 0 || recordsInFile > 2 * entries.count {
        try compactLocked()
      }
    } catch {
      openError = error
    }
    report.entries = entries.count
    loaded = report
  }

  deinit { if fd >= 0 { close(fd) } }

  /// Nil when mutations can be recorded, else why not.
  public var problem: JournalError? { lock.withLock { openError } }

  /// The entry of `key` a re-send continues: the newest one, unless it finished long enough
  /// ago to have expired.
  /// Runs `body` (journal writes that flush to disk) on the journal's writer thread, so the
  /// caller's thread (an event loop serving other connections) is not held up by the disk.
  public func offDisk<T: Sendable>(
    _ body: @escaping @Sendable () throws(JournalError) -> T
  ) async throws(JournalError) -> T {
    let result = await withCheckedContinuation { (c: CheckedContinuation<Result<T, JournalError>, Never>) in
      writer.async {
        do throws(JournalError) {
          c.resume(returning: .success(try body()))
        } catch {
          c.resume(returning: .failure(error))
        }
      }
    }
    return try result.get()
  }

  public func entry(for key: JournalKey) -> JournalEntry? {
    lock.withLock {
      guard let id = latest[key], let e = entries[id], !isExpired(e, at: now()) else { return nil }
      return e
    }
  }

  /// Entries of the same operation and guid as `key` but other inputs: a guid re-used with
  /// different parameters (a new mutation, worth a line in the log).
  public func others(like key: JournalKey) -> [JournalEntry] {
    guard !key.guid.isEmpty else { return [] }
    return lock.withLock {
      (byGuid[key.guid] ?? []).compactMap { entries[$0] }.filter {
        $0.key.operation == key.operation && $0.key != key
      }
    }
  }

  /// Records a new mutation of `key`, on disk before this returns.
  public func begin(_ key: JournalKey) throws(JournalError) -> JournalEntry {
    let entry = reserve(key)
    try begin(entry)
    return entry
  }

  /// A new entry of `key`, not yet recorded: its id (which seeds the mutation's ClientTokens) is
  /// known before anything is written. `begin(_:)` records it before the first call that may
  /// change the cloud; `finishUnsent` records one that never sent such a call.
  public func reserve(_ key: JournalKey) -> JournalEntry {
    lock.withLock {
      var id = ""
      repeat { id = Self.newID() } while entries[id] != nil
      return JournalEntry(id: id, key: key, startedMs: now())
    }
  }

  /// Records the reserved `entry`, on disk before this returns.
  public func begin(_ entry: JournalEntry) throws(JournalError) {
    try lock.withLock { () throws(JournalError) in
      try append([Self.beginRecord(entry)])
      insert(entry)
      try? compactIfLarge()
    }
  }

  /// Records how the reserved `entry` ended when it sent nothing that may change the cloud (a
  /// create that found the resource its input names): its begin and finish records in one write,
  /// not flushed. Losing them in a crash costs a re-send one more lookup, never a resource.
  public func finishUnsent(_ entry: JournalEntry, _ outcome: JournalEntry.Outcome) throws(JournalError) {
    try lock.withLock { () throws(JournalError) in
      var e = entry
      e.finishedMs = now()
      e.outcome = Self.kept(outcome)
      try append(Self.records(of: e), flush: false)
      insert(e)
      try? compactIfLarge()
    }
  }

  private func insert(_ e: JournalEntry) {
    entries[e.id] = e
    latest[e.key] = e.id
    byGuid[e.key.guid, default: []].insert(e.id)
  }

  /// An outcome as kept: outputs redacted.
  static func kept(_ outcome: JournalEntry.Outcome) -> JournalEntry.Outcome {
    if case .succeeded(let outputs) = outcome { return .succeeded(Redaction.redact(outputs)) }
    return outcome
  }

  /// Records the id of the resource entry `id` made.
  public func noteResource(_ id: String, _ resourceId: String) throws(JournalError) {
    try lock.withLock { () throws(JournalError) in
      guard var e = entries[id], e.resourceId != resourceId else { return }
      try append([["r": "resource", "id": .string(id), "resourceId": .string(resourceId)]])
      e.resourceId = resourceId
      entries[id] = e
    }
  }

  /// Records how entry `id` ended. Outputs are kept redacted.
  public func finish(_ id: String, _ outcome: JournalEntry.Outcome) throws(JournalError) {
    try lock.withLock { () throws(JournalError) in
      guard var e = entries[id] else { return }
      let at = now()
      var record: [String: JSONValue] = ["r": "finish", "id": .string(id), "at": .int(Int(at))]
      let kept: JournalEntry.Outcome
      switch outcome {
      case .succeeded(let outputs):
        kept = .succeeded(Redaction.redact(outputs))
        if case .succeeded(let o) = kept { record["outputs"] = o }
      case .failed(let message):
        kept = outcome
        record["error"] = .string(message)
      }
      try append([.object(record)])
      e.finishedMs = at
      e.outcome = kept
      entries[id] = e
      try? compactIfLarge()
    }
  }

  /// Ends the creates a delete undid: every entry of `guid` (when not empty) and every entry
  /// whose resource is one of `resources`, but `except`. A later create with the same guid or
  /// the same input is then a new mutation.
  public func forget(guid: String, resources: Set<String> = [], except: String? = nil) throws(JournalError) {
    try lock.withLock { () throws(JournalError) in
      for (id, e) in entries where id != except && ((!guid.isEmpty && e.key.guid == guid) || e.made(resources)) {
        try append([["r": "forget", "id": .string(id)]])
        remove(id)
      }
      try? compactIfLarge()
    }
  }

  /// Ends entry `id` (a finished change or delete, which a re-send simply repeats).
  public func forget(_ id: String) throws(JournalError) {
    try lock.withLock { () throws(JournalError) in
      guard entries[id] != nil else { return }
      try append([["r": "forget", "id": .string(id)]])
      remove(id)
      try? compactIfLarge()
    }
  }

  /// Entries not finished yet, oldest first: mutations whose outcome the daemon does not know.
  public var unfinished: [JournalEntry] {
    lock.withLock { entries.values.filter { !$0.isFinished }.sorted { $0.startedMs < $1.startedMs } }
  }

  public var count: Int { lock.withLock { entries.count } }

  /// The journal's clock, in milliseconds since 1970.
  public var nowMs: Int64 { now() }

  /// The `journal` section of `daemon.status`.
  public var status: JSONValue {
    let pending = unfinished
    let t = now()
    var o: [String: JSONValue] = [
      "path": path.map(JSONValue.string) ?? "(memory)", "entries": .int(count), "unfinished": .int(pending.count),
      "retentionSeconds": .int(Int(retentionMs / 1000)),
      "pending": .array(pending.prefix(100).map { $0.json(nowMs: t) }),
    ]
    if let p = problem { o["problem"] = .string(p.description) }
    if loaded.tornTail || loaded.corruptLines > 0 {
      o["recovered"] = ["tornTail": .bool(loaded.tornTail), "corruptLines": .int(loaded.corruptLines)]
    }
    return .object(o)
  }

  // MARK: - The file

  private func isExpired(_ e: JournalEntry, at t: Int64) -> Bool {
    if let f = e.finishedMs { return t - f >= retentionMs }
    return t - e.startedMs >= Self.unfinishedRetentionMs
  }

  private func remove(_ id: String) {
    guard let e = entries.removeValue(forKey: id) else { return }
    if latest[e.key] == id { latest[e.key] = nil }
    byGuid[e.key.guid]?.remove(id)
    if byGuid[e.key.guid]?.isEmpty == true { byGuid[e.key.guid] = nil }
  }

  private func dropExpired() -> Int {
    let t = now()
    let old = entries.values.filter { isExpired($0, at: t) }.map(\.id)
    old.forEach(remove)
    return old.count
  }

  /// Appends records in one write and flushes them to the disk (unless `flush` is false). A
  /// journal that failed stays failed for this write only: the next one tries again.
  private func append(_ records: [JSONValue], flush: Bool = true) throws(JournalError) {
    guard let path else { return }
    if fd < 0 {
      // Opening failed earlier (a missing or read-only directory): try again, once per record.
      do throws(JournalError) {
        try Self.makeDirectory((path as NSString).deletingLastPathComponent)
      } catch {
        openError = error
        throw error
      }
      fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
      guard fd >= 0 else {
        let e = JournalError(path: path, reason: String(cString: strerror(errno)))
        openError = e
        throw e
      }
      openError = nil
    }
    var lines: [UInt8] = []
    for r in records {
      r.write(to: &lines)
      lines.append(UInt8(ascii: "\n"))
    }
    try Self.writeAll(fd, lines, path: path)
    if flush && durable && fdatasync(fd) != 0 {
      throw JournalError(path: path, reason: String(cString: strerror(errno)))
    }
    recordsInFile += records.count
  }

  private func compactIfLarge() throws(JournalError) {
    if recordsInFile > max(1000, 4 * entries.count) {
      _ = dropExpired()
      try compactLocked()
    }
  }

  /// Rewrites the file with the live entries only: a new file, flushed, renamed over the old.
  private func compactLocked() throws(JournalError) {
    guard let path else { return }
    let tmp = path + ".tmp"
    var bytes: [UInt8] = []
    var records = 0
    for e in entries.values.sorted(by: { $0.startedMs < $1.startedMs }) {
      for r in Self.records(of: e) {
        r.write(to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        records += 1
      }
    }
    let out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard out >= 0 else { throw JournalError(path: tmp, reason: String(cString: strerror(errno))) }
    do throws(JournalError) {
      try Self.writeAll(out, bytes, path: tmp)
      guard fsync(out) == 0 else { throw JournalError(path: tmp, reason: String(cString: strerror(errno))) }
    } catch {
      close(out)
      unlink(tmp)
      throw error
    }
    close(out)
    guard rename(tmp, path) == 0 else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
    Self.syncDirectory(of: path)
    // The old descriptor names the replaced file: never append there again.
    if fd >= 0 { close(fd) }
    fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
    guard fd >= 0 else {
      let e = JournalError(path: path, reason: String(cString: strerror(errno)))
      openError = e
      throw e
    }
    openError = nil
    recordsInFile = records
  }

  static func records(of e: JournalEntry) -> [JSONValue] {
    var out = [beginRecord(e)]
    if let r = e.resourceId { out.append(["r": "resource", "id": .string(e.id), "resourceId": .string(r)]) }
    if let at = e.finishedMs, let outcome = e.outcome {
      var f: [String: JSONValue] = ["r": "finish", "id": .string(e.id), "at": .int(Int(at))]
      switch outcome {
      case .succeeded(let o): f["outputs"] = o
      case .failed(let m): f["error"] = .string(m)
      }
      out.append(.object(f))
    }
    return out
  }

  static func beginRecord(_ e: JournalEntry) -> JSONValue {
    [
      "r": "begin", "id": .string(e.id), "at": .int(Int(e.startedMs)), "operation": .string(e.key.operation),
      "guid": .string(e.key.guid), "digest": .string(e.key.digest), "region": .string(e.key.region),
      "accessKeyId": .string(e.key.accessKeyId),
    ]
  }

  /// Replays the file's records. A last line without its newline is a torn write: dropped.
  private func load(_ bytes: [UInt8]) -> LoadReport {
    var report = LoadReport()
    var start = 0
    while start < bytes.count {
      guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
        report.tornTail = true
        break
      }
      defer { start = end + 1 }
      if end == start { continue }
      report.records += 1
      let line = bytes.withUnsafeBytes { all in
        try? JSONValue.parse(bytes: UnsafeRawBufferPointer(rebasing: all[start..<end]))
      }
      guard let record = line, apply(record) else {
        report.corruptLines += 1
        continue
      }
    }
    recordsInFile = report.records - report.corruptLines
    return report
  }

  /// Applies one record to the entries; false when it is not one this journal writes.
  private func apply(_ r: JSONValue) -> Bool {
    guard let kind = r["r"]?.stringValue, let id = r["id"]?.stringValue else { return false }
    switch kind {
    case "begin":
      guard let op = r["operation"]?.stringValue, let guid = r["guid"]?.stringValue,
        let digest = r["digest"]?.stringValue, let region = r["region"]?.stringValue,
        let ak = r["accessKeyId"]?.stringValue, let at = r["at"]?.intValue
      else { return false }
      let key = JournalKey(operation: op, guid: guid, digest: digest, region: region, accessKeyId: ak)
      insert(JournalEntry(id: id, key: key, startedMs: Int64(at)))
    case "resource":
      guard let resource = r["resourceId"]?.stringValue else { return false }
      entries[id]?.resourceId = resource
    case "finish":
      guard let at = r["at"]?.intValue else { return false }
      if let outputs = r["outputs"] {
        entries[id]?.outcome = .succeeded(outputs)
      } else {
        entries[id]?.outcome = .failed(r["error"]?.stringValue ?? "")
      }
      entries[id]?.finishedMs = Int64(at)
    case "forget":
      remove(id)
    default:
      return false
    }
    return true
  }

  /// 128 random bits as 32 lower-case hex digits.
  private static func newID() -> String { RandomHex.make(bytes: 16) }

  private static func makeDirectory(_ dir: String) throws(JournalError) {
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
      guard isDir.boolValue else { throw JournalError(path: dir, reason: "not a directory") }
      return
    }
    do {
      try FileManager.default.createDirectory(
        atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw JournalError(path: dir, reason: "cannot create the directory: \((error as NSError).localizedDescription)")
    }
  }

  private static func read(_ path: String) throws(JournalError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
      if errno == ENOENT { return [] }
      throw JournalError(path: path, reason: String(cString: strerror(errno)))
    }
    defer { close(fd) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      guard n >= 0 else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
      if n == 0 { return out }
      out += buffer[0..<n]
    }
  }

  private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(JournalError) {
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
      offset += n
    }
  }

  private static func syncDirectory(of path: String) {
    let dir = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard dir >= 0 else { return }
    fsync(dir)
    close(dir)
  }
}

extension NSLock {
  fileprivate func withLock<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
    lock()
    defer { unlock() }
    return try body()
  }
}
