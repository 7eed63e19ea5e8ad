import AliCloudWire
import Glibc

extension FrameConnection {
  /// Marks the connection closed, drops its output and timers, and takes it out of the loop;
  /// then, on the loop (after any event already being handled), closes the descriptor and tells
  /// the delegate, outside every lock.
  func closeLocked(_ s: inout State) {
    guard !s.closed else { return }
    s.closed = true
    let d = s.started ? s.delegate : nil
    s.delegate = nil
    cancelTimers(&s)
    s.readSuspended = false
    s.readPaused = false
    s.writeArmed = false
    s.out = []
    s.outOffset = 0
    accountOutput(&s)
    guard var r = s.registration else {
      Glibc.close(fd)  // never in the loop: no event handler can be using the descriptor
      return
    }
    s.registration = nil
    r.cancel { [self] in
      Glibc.close(fd)
      d?.connectionDidClose(self)
    }
  }

  func cancelTimers(_ s: inout State) {
    if let t = s.stallTimer { loop.cancel(t) }
    if let t = s.timeoutTimer { loop.cancel(t) }
    s.stallTimer = nil
    s.timeoutTimer = nil
    s.timeoutCheckAt = nil
  }

  func ensureRegistered(_ s: inout State) {
    if s.registration == nil && !s.closed { s.registration = loop.register(fd: fd, handler: self) }
  }

  /// Sets what the loop waits for to match the state: readable while reading is on (started,
  /// not suspended, no frames left from a capped pass), writable while output waits.
  func updateInterest(_ s: inout State) {
    guard !s.closed, s.registration != nil else { return }
    var wanted: Interest = []
    if s.started && !s.readSuspended && !s.decodeBacklog && !s.readClosed { wanted.insert(.read) }
    if s.writeArmed { wanted.insert(.write) }
    s.registration?.setInterest(wanted)
  }

  /// Brings the shared budget in line with what this connection has queued.
  func accountOutput(_ s: inout State) {
    guard let budget = options.budget else { return }
    let now = s.closed ? 0 : s.pending
    budget.add(now - s.counted)
    s.counted = now
  }

  /// Writes what the socket takes; when it takes no more, waits for it to become writable.
  func flushLocked(_ s: inout State) {
    while s.pending > 0 {
      let r = s.out.withUnsafeBytes { buf in
        syscallRetrying { Glibc.send(fd, buf.baseAddress! + s.outOffset, s.pending, Int32(MSG_NOSIGNAL)) }
      }
      switch r {
      case .done(let n):
        s.outOffset += n
        s.lastProgress = .now
        s.lastActivity = s.lastProgress
      case .wouldBlock:
        if !s.writeArmed {
          s.writeArmed = true
          ensureRegistered(&s)
          updateInterest(&s)
        }
        scheduleStallCheck(&s)
        applyBackPressure(&s)
        accountOutput(&s)
        return
      case .failed:
        return writeFailedLocked(&s)  // EPIPE, ECONNRESET: the peer is gone
      }
    }
    s.out.removeAll(keepingCapacity: s.out.capacity <= 1 << 20)
    s.outOffset = 0
    accountOutput(&s)
    if s.writeArmed {
      s.writeArmed = false
      updateInterest(&s)
    }
    if s.readPaused {
      s.readPaused = false
      updateReadSuspension(&s)
    }
    if s.decodeBacklog { loop.execute { [weak self] in self?.handleReadable(event: false) } }
    if s.closeWhenFlushed { closeLocked(&s) }
  }

  /// After a failed write: drops the output and closes once the peer's last bytes are read, or
  /// at once when reading cannot go on (ended, held or never started).
  func writeFailedLocked(_ s: inout State) {
    s.writeFailed = true
    s.out = []
    s.outOffset = 0
    accountOutput(&s)
    s.writeArmed = false
    s.readPaused = false
    guard options.readsAfterWriteFailure, s.started, !s.readClosed, !s.readHeld else { return closeLocked(&s) }
    updateReadSuspension(&s)
  }

  func applyBackPressure(_ s: inout State) {
    if s.pending > options.outputCap && !s.readPaused {
      s.readPaused = true
      updateReadSuspension(&s)
    }
  }

  func scheduleStallCheck(_ s: inout State) {
    guard s.stallTimer == nil, !s.closed else { return }
    let deadline = max(s.lastProgress + options.stallTimeout, .now + .milliseconds(1))
    s.stallTimer = loop.schedule(at: deadline) { [weak self] in
      guard let self else { return }
      state.withLock { s in
        s.stallTimer = nil
        guard !s.closed, s.pending > 0 else { return }
        if ContinuousClock.now - s.lastProgress >= options.stallTimeout { return closeLocked(&s) }
        scheduleStallCheck(&s)
      }
    }
  }

  func handleWritable() {
    state.withLock { s in
      guard !s.closed, s.writeArmed else { return }
      flushLocked(&s)
    }
  }

  /// One pass: reads what the socket has (unless frames left by a capped pass come first),
  /// decodes and hands each frame to the delegate, and queues the replies in one write.
  /// `event`: called for a readiness event, which counts only while reading is on (a hang-up is
  /// reported whatever the interest).
  func handleReadable(event: Bool) {
    guard
      let (taken, delegate, queued, backlog) = state.withLock({
        s -> (FrameDecoder, any FrameConnectionDelegate, Int, Bool)? in
        guard !s.closed, !s.readClosed, let d = s.delegate else { return nil }
        if event && (s.readSuspended || s.decodeBacklog) { return nil }
        // Moved out, not copied: a copy left behind would make every feed copy the buffer.
        let decoder = s.decoder
        s.decoder = FrameDecoder(limits: options.limits)
        return (decoder, d, s.pending, s.decodeBacklog)
      })
    else { return }
    var decoder = taken
    var eof = false
    var failed = false
    var readAny = false
    // Frames left by a pass that reached the output cap are answered before more is read.
    if !backlog {
      withUnsafeTemporaryAllocation(byteCount: Self.readChunk, alignment: 8) { scratch in
        for _ in 0..<4 {
          switch syscallRetrying({ recv(fd, scratch.baseAddress, scratch.count, 0) }) {
          case .done(0):
            eof = true
            failed = peerHungUp()  // a full close, not a half-close: nobody will read replies
            return
          case .done(let n):
            readAny = true
            decoder.feed(UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
            // A short read took all there was: the interest is level-triggered, so whatever
            // comes next (the end of input too) is reported again.
            if n < scratch.count { return }
          case .wouldBlock: return
          case .failed:
            failed = true
            return
          }
        }
      }
    }
    var replies: [UInt8] = []
    replies.reserveCapacity(512)  // one allocation for the usual short replies, not several as they grow
    var framingError = false
    // Every reply counts against the output cap before it is built: decoding stops at the cap,
    // and the frames left go on when the output has drained.
    var capped = false
    var completed = false
    // Replies built in this pass, already counted in the shared budget (so that connections
    // decoding at the same time see each other's), until they are queued.
    var reserved = 0
    do {
      while !capped, try decoder.next({ delegate.connection(self, didReceive: $0, replies: &replies) }) != nil {
        completed = true
        capped = queued + replies.count >= options.outputCap || overBudget(reserving: replies.count, &reserved)
      }
    } catch {
      framingError = true
      delegate.connection(self, didFailFraming: error, replies: &replies)
    }
    options.budget?.add(-reserved)  // counted again below as queued output, if queued
    let reportEOF = state.withLock { s -> Bool in
      guard !s.closed else { return false }
      if failed || (eof && s.writeFailed) {
        closeLocked(&s)
        return false
      }
      s.decoder = decoder
      s.decodeBacklog = capped && !framingError
      if readAny { s.lastActivity = .now }
      if hasTimeouts && (readAny || completed) {
        notePartialFrame(&s, buffered: decoder.bufferedByteCount, completedFrames: completed)
      }
      if s.decodeBacklog { eof = false }  // seen again by the next recv, once the frames left are answered
      if eof || framingError {
        s.readClosed = true
        if framingError { s.closeWhenFlushed = true }
        updateReadSuspension(&s)
      }
      updateInterest(&s)
      if !replies.isEmpty && !s.writeFailed {
        if s.pending == 0 {
          s.out.removeAll(keepingCapacity: true)
          s.outOffset = 0
        }
        s.out.append(contentsOf: replies)
      }
      if s.pending > 0 || s.closeWhenFlushed || s.decodeBacklog { flushLocked(&s) }
      return eof && !framingError && !s.closed
    }
    if reportEOF { delegate.connectionDidReachEndOfInput(self) }
  }
}

extension FrameConnection {
  /// Counts the replies built so far (`built` bytes, `reserved` of them counted already) in the
  /// shared budget; whether it is spent.
  func overBudget(reserving built: Int, _ reserved: inout Int) -> Bool {
    guard let budget = options.budget, built > 0 else { return false }
    budget.add(built - reserved)
    reserved = built
    return budget.queued >= budget.limit
  }
}

extension FrameConnection {
  /// Bytes taken from the socket per recv.
  static let readChunk = 65536
}

extension FrameConnection {
  /// True when the peer closed both directions (POLLHUP), as opposed to shutting down only its
  /// sending side, after which it still expects replies.
  func peerHungUp() -> Bool {
    var p = pollfd(fd: fd, events: 0, revents: 0)
    return poll(&p, 1, 0) > 0 && p.revents & Int16(POLLHUP) != 0
  }
}

extension FrameConnection {
  /// Stops or restarts reading to match the state: reading stops while output is over the cap,
  /// while the delegate holds it, and for good after end of input.
  func updateReadSuspension(_ s: inout State) {
    guard s.started, !s.closed else { return }
    let stop = s.readClosed || s.readPaused || s.readHeld
    if stop && !s.readSuspended {
      s.readSuspended = true
    } else if !stop && s.readSuspended {
      s.readSuspended = false
      // The frame timeout counts only time spent reading.
      if s.partialSince != nil, let limit = options.frameTimeout {
        s.partialSince = .now
        scheduleTimeoutCheck(&s, at: .now + limit)
      }
    }
    updateInterest(&s)
  }
}
