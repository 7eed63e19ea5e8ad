import AliCloudWire

/// Idle and partial-frame timeouts. One check is scheduled at a time, for the earliest deadline;
/// a check that finds an earlier one scheduled since does nothing.
extension FrameConnection {
  var hasTimeouts: Bool { options.idleTimeout != nil || options.frameTimeout != nil }

  /// Schedules a check at `deadline` unless one is due sooner.
  func scheduleTimeoutCheck(_ s: inout State, at deadline: ContinuousClock.Instant) {
    guard !s.closed, hasTimeouts else { return }
    if let due = s.timeoutCheckAt, due <= deadline { return }
    if let earlier = s.timeoutTimer { loop.cancel(earlier) }
    s.timeoutCheckAt = deadline
    s.timeoutTimer = loop.schedule(at: max(deadline, .now + .milliseconds(5))) { [weak self] in
      self?.checkTimeouts(scheduledFor: deadline)
    }
  }

  func checkTimeouts(scheduledFor deadline: ContinuousClock.Instant) {
    guard
      let delegate = state.withLock({ s -> (any FrameConnectionDelegate)? in
        guard !s.closed, s.timeoutCheckAt == deadline else { return nil }
        s.timeoutCheckAt = nil
        s.timeoutTimer = nil
        return s.delegate
      })
    else { return }
    // Asked outside the lock: the delegate's own lock may be held by someone sending.
    let busy = delegate.connectionIsBusy(self)
    enum Verdict {
      case none, idle
      case frame(Duration)
    }
    let verdict = state.withLock { s -> Verdict in
      guard !s.closed else { return .none }
      let now = ContinuousClock.now
      var next = now + .seconds(3600)
      if let limit = options.frameTimeout, let since = s.partialSince, !s.readClosed {
        // Time spent not reading (output over the cap, reading held) does not count: the
        // clock restarts when reading resumes.
        if !(s.readPaused || s.readHeld || s.decodeBacklog) {
          if now - since >= limit { return .frame(limit) }
          next = min(next, since + limit)
        }
      }
      if let limit = options.idleTimeout {
        if busy || s.partialSince != nil || s.pending > 0 {
          next = min(next, now + limit)
        } else if now - s.lastActivity >= limit {
          return .idle
        } else {
          next = min(next, s.lastActivity + limit)
        }
      }
      scheduleTimeoutCheck(&s, at: next)
      return .none
    }
    switch verdict {
    case .none: return
    case .idle: close()
    case .frame(let limit): expireFrame(after: limit, delegate: delegate)
    }
  }

  /// A frame that did not complete in time: the delegate may add a last error frame, then the
  /// connection stops reading and closes once that is written.
  func expireFrame(after limit: Duration, delegate: any FrameConnectionDelegate) {
    var replies: [UInt8] = []
    delegate.connection(self, didFailFraming: .timedOut(after: limit), replies: &replies)
    state.withLock { s in
      guard !s.closed else { return }
      s.readClosed = true
      s.closeWhenFlushed = true
      s.decoder = FrameDecoder(limits: options.limits)
      s.partialSince = nil
      updateReadSuspension(&s)
      if !s.writeFailed { s.out.append(contentsOf: replies) }
      flushLocked(&s)
    }
  }

  /// After bytes were read: when a frame is left incomplete, when it began (now, if a frame
  /// completed in this read or none was pending); then the check for it is scheduled.
  func notePartialFrame(_ s: inout State, buffered: Int, completedFrames: Bool) {
    let now = ContinuousClock.now
    guard buffered > 0 else {
      s.partialSince = nil
      return
    }
    if completedFrames || s.partialSince == nil { s.partialSince = now }
    if let limit = options.frameTimeout, let since = s.partialSince { scheduleTimeoutCheck(&s, at: since + limit) }
  }
}
