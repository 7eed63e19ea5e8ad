import AliCloudCore
import Dispatch
import Foundation

extension Daemon {
  /// Graceful shutdown: stop accepting (unlinking the socket if we created it), refuse new calls
  /// with -32005, let calls in flight finish for up to the grace period, then cancel the rest.
  /// Every call still gets its reply. Returns when every connection is closed.
  public func shutdown(grace: Duration? = nil) async {
    let (listener, sessions, hooks, first) = state.withLock { s in
      let first = s.phase == .running || s.phase == .idle
      if first { s.phase = .stopping }
      return (s.listener, Array(s.sessions), s.shutdownHooks, first)
    }
    guard first else { return await waitUntilStopped() }
    announceStopping()
    admission.setAccepting(false)
    let grace = grace ?? configuration.shutdownGrace
    logger.info("shutting down", ["inflight": String(stats.inFlight), "grace_seconds": "\(grace.components.seconds)"])
    listener?.stop()
    for session in sessions { session.beginShutdown() }
    let otherFrontEnds = Task {
      await withTaskGroup(of: Void.self) { group in for hook in hooks { group.addTask { await hook(grace) } } }
    }
    if !(await waitForIdle(timeout: grace)) {
      logger.notice("grace period over; cancelling calls in flight", ["inflight": String(stats.inFlight)])
      for session in state.withLock({ Array($0.sessions) }) { session.cancelAll() }
      _ = await waitForIdle(timeout: .seconds(5))
    }
    for session in state.withLock({ Array($0.sessions) }) { session.connection.closeWhenFlushed() }
    // Give queued replies a moment to drain to readers that are still reading.
    let deadline = ContinuousClock.now + .seconds(2)
    while ContinuousClock.now < deadline && !state.withLock({ $0.sessions.isEmpty }) {
      try? await Task.sleep(for: .milliseconds(5))
    }
    for session in state.withLock({ Array($0.sessions) }) { session.connection.close() }
    await otherFrontEnds.value
    let waiters = state.withLock { s in
      s.phase = .stopped
      for src in s.signalSources { src.cancel() }
      s.signalSources = []
      defer { s.stopWaiters = [] }
      return s.stopWaiters
    }
    for action in configuration.onStop { action() }
    loops.shutdown()  // each loop thread ends once its last connection is gone
    logger.info("stopped")
    for w in waiters { w.resume() }
  }

  /// Runs `hook` (with the grace period) when a shutdown begins, alongside the socket's own
  /// draining; the shutdown ends after it returns. Other front ends (the HTTP gateway) use it.
  public func onShutdown(_ hook: @escaping @Sendable (Duration) async -> Void) {
    state.withLock { $0.shutdownHooks.append(hook) }
  }

  /// Waits until no call is in flight, or the timeout passes (returns false then).
  func waitForIdle(timeout: Duration) async -> Bool {
    let idle: Bool = await withTaskGroup(of: Bool.self) { group in
      group.addTask { [self] in
        await withCheckedContinuation { c in
          let now = state.withLock { s -> Bool in
            if s.sessions.allSatisfy({ $0.inFlight == 0 }) { return true }
            s.idleWaiters.append(c)
            return false
          }
          if now { c.resume() }
        }
        return true
      }
      group.addTask {
        try? await Task.sleep(for: timeout)
        return false
      }
      let first = await group.next() ?? false
      group.cancelAll()
      if !first {
        // Release the idle waiter still parked, or the group could not end.
        let parked = state.withLock { s in
          defer { s.idleWaiters = [] }
          return s.idleWaiters
        }
        for w in parked { w.resume() }
      }
      return first
    }
    return idle
  }

  /// Returns once the daemon has stopped.
  public func waitUntilStopped() async {
    await withCheckedContinuation { c in
      let done = state.withLock { s -> Bool in
        if s.phase == .stopped { return true }
        s.stopWaiters.append(c)
        return false
      }
      if done { c.resume() }
    }
  }

  /// SIGTERM and SIGINT start a graceful shutdown, SIGHUP reloads the configuration (through
  /// Dispatch signal sources, so no work happens in a signal handler). Also ignores SIGPIPE.
  public func installSignalHandlers() {
    signal(SIGPIPE, SIG_IGN)
    state.withLock { s in
      signal(SIGHUP, SIG_IGN)
      let hup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
      hup.setEventHandler { [weak self] in
        guard let self else { return }
        logger.notice("signal received", ["signal": "SIGHUP"])
        reload()
      }
      hup.resume()
      s.signalSources.append(hup)
      for sig in [SIGTERM, SIGINT] {
        signal(sig, SIG_IGN)
        let src = DispatchSource.makeSignalSource(signal: sig, queue: .global())
        src.setEventHandler { [weak self] in
          guard let self else { return }
          logger.notice("signal received", ["signal": sig == SIGTERM ? "SIGTERM" : "SIGINT"])
          Task { await self.shutdown() }
        }
        src.resume()
        s.signalSources.append(src)
      }
    }
  }
}
