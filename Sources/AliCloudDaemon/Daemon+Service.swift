import AliCloudCore
import Dispatch
import Foundation
import Synchronization

/// What the daemon tells the service manager and what its reloads did, for `daemon.status`.
final class ServiceControl: Sendable {
  let settings: ServiceSettings
  let record: Mutex<Record>

  struct Record {
    /// The arguments the daemon started with (the configuration file's, then the command line's).
    let started: [String]
    var logLevel: LogLevel
    var reloads = 0
    var failedReloads = 0
    var lastError: String? = nil
    /// Options whose configured value differs from the running one until the next start.
    var restartNeeded: [String] = []
    var watchdog: Task<Void, Never>? = nil
    var watchdogPings = 0
  }

  init(settings: ServiceSettings, logLevel: LogLevel) {
    self.settings = settings
    record = Mutex(Record(started: settings.configSource?.initial ?? [], logLevel: logLevel))
  }

  var status: JSONValue {
    let r = record.withLock { $0 }
    var o: [String: JSONValue] = [
      "logLevel": .string(r.logLevel.name),
      "notify": .bool(settings.notifier != nil),
      "reloads": .int(r.reloads),
      "failedReloads": .int(r.failedReloads),
      "restartNeeded": .array(r.restartNeeded.map { .string($0) }),
    ]
    if let e = r.lastError { o["lastReloadError"] = .string(e) }
    if let w = settings.watchdogInterval {
      o["watchdogSeconds"] = .double(Double(w.components.seconds) + Double(w.components.attoseconds) / 1e18)
      o["watchdogPings"] = .int(r.watchdogPings)
    }
    return .object(o)
  }
}

extension Daemon {
  /// Tells the service manager the daemon is ready (`READY=1`) and starts the watchdog pings
  /// when `WATCHDOG_USEC` asks for them. Call once `start()` (and any other front end) succeeded.
  public func announceReady() {
    let settings = service.settings
    _ = settings.notifier?.ready(status: "listening on \(socketPath ?? "the socket passed by systemd")")
    guard let notifier = settings.notifier, let interval = settings.watchdogInterval else { return }
    let task = Task.detached { [weak self, loops] in
      while !Task.isCancelled {
        // A ping goes out only when every event loop and the task pool still run.
        for loop in loops.loops {
          await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in loop.execute { c.resume() } }
        }
        guard let self, self.state.withLock({ $0.phase == .running }) else { return }
        if notifier.send("WATCHDOG=1") { self.service.record.withLock { $0.watchdogPings += 1 } }
        try? await Task.sleep(for: interval)
      }
    }
    service.record.withLock { $0.watchdog = task }
    logger.info("watchdog pings on", ["interval": "\(interval)"])
  }

  /// Sends `STOPPING=1` and ends the watchdog pings (the shutdown's first step).
  func announceStopping() {
    _ = service.settings.notifier?.send("STOPPING=1\nSTATUS=shutting down")
    let task = service.record.withLock { r in
      defer { r.watchdog = nil }
      return r.watchdog
    }
    task?.cancel()
  }

  /// Reads the configuration again (SIGHUP): the log level changes at once, the reload hooks
  /// run (cached credentials are dropped, so a rotated credential file or profile is read
  /// again), and options that only take effect at start are listed in `daemon.status` under
  /// `service.restartNeeded`. A configuration that does not parse changes nothing; the error is
  /// logged and shown there. Returns whether the configuration was read.
  @discardableResult
  public func reload() -> Bool {
    let settings = service.settings
    // Before the daemon is ready (or once it stops), the service manager hears nothing of it.
    let running = state.withLock { $0.phase == .running }
    if running { _ = settings.notifier?.reloading() }
    defer { if running { _ = settings.notifier?.send("READY=1\nSTATUS=configuration reloaded") } }
    guard let source = settings.configSource else {
      for hook in settings.onReload { hook() }
      service.record.withLock { $0.reloads += 1 }
      logger.notice("reloaded (no configuration to read)")
      return true
    }
    let options: DaemonOptions
    let arguments: [String]
    do {
      (options, arguments) = try source.read()
    } catch {
      service.record.withLock { r in
        r.failedReloads += 1
        r.lastError = error.message
      }
      logger.error("reload failed; the running configuration stays", ["error": error.message])
      return false
    }
    settings.logThreshold?.level = options.logLevel
    for hook in settings.onReload { hook() }
    let restartNeeded = service.record.withLock { r in
      r.restartNeeded = ConfigSource.changedKeys(r.started, arguments).filter { $0 != "log-level" }
      r.logLevel = options.logLevel
      r.reloads += 1
      r.lastError = nil
      return r.restartNeeded
    }
    logger.notice(
      "configuration reloaded",
      ["log-level": options.logLevel.name, "restart-needed": restartNeeded.joined(separator: ",")])
    return true
  }
}
