import AliCloudWire
import Dispatch
import Glibc

extension FrameConnection {
  /// Marks the connection closed and cancels both sources (the fd closes when both are done).
  /// Returns the delegate to notify, outside the lock.
  func closeLocked(_ s: inout State) -> (any FrameConnectionDelegate)? {
    guard !s.closed else { return nil }
    s.closed = true
    let d = s.delegate
    s.delegate = nil
    readSource.cancel()
    writeSource.cancel()
    // Suspended sources never run their cancel handlers: resume them once, after cancel().
    if !s.started || s.readSuspended { readSource.resume() }
    if !s.writeArmed { writeSource.resume() }
    s.readSuspended = false
    s.readPaused = false
    s.writeArmed = false
    s.out = []
    s.outOffset = 0
    accountOutput(&s)
    return s.started ? d : nil
  }

  /// Brings the shared budget in line with what this connection has queued.
  func accountOutput(_ s: inout State) {
    guard let budget = options.budget else { return }
    let now = s.closed ? 0 : s.pending
    budget.add(now - s.counted)
    s.counted = now
  }

  /// Writes what the socket takes. Returns a delegate to notify when the connection closed.
  func flushLocked(_ s: inout State) -> (any FrameConnectionDelegate)? {
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
          writeSource.resume()
        }
        scheduleStallCheck(&s)
        applyBackPressure(&s)
        accountOutput(&s)
        return nil
      case .failed:
        return writeFailedLocked(&s)  // EPIPE, ECONNRESET: the peer is gone
      }
    }
    s.out.removeAll(keepingCapacity: s.out.capacity <= 1 << 20)
    s.outOffset = 0
    accountOutput(&s)
    if s.writeArmed {
      s.writeArmed = false
      writeSource.suspend()
    }
    if s.readPaused {
      s.readPaused = false
      updateReadSuspension(&s)
    }
    if s.decodeBacklog { queue.async { [weak self] in self?.handleReadable() } }
    if s.closeWhenFlushed { return closeLocked(&s) }
    return nil
  }

  /// After a failed write: drops the output and closes once the peer's last bytes are read, or
  /// at once when reading cannot go on (ended, held or never started).
  func writeFailedLocked(_ s: inout State) -> (any FrameConnectionDelegate)? {
    s.writeFailed = true
    s.out = []
    s.outOffset = 0
    accountOutput(&s)
    if s.writeArmed {
      s.writeArmed = false
      writeSource.suspend()
    }
    s.readPaused = false
    guard options.readsAfterWriteFailure, s.started, !s.readClosed, !s.readHeld else { return closeLocked(&s) }
    updateReadSuspension(&s)
    return nil
  }

  func applyBackPressure(_ s: inout State) {
    if s.pending > options.outputCap && !s.readPaused {
      s.readPaused = true
      updateReadSuspension(&s)
    }
  }

  func scheduleStallCheck(_ s: inout State) {
    guard !s.stallCheckPending else { return }
    s.stallCheckPending = true
    let deadline = s.lastProgress + options.stallTimeout
    let delay = max(deadline - .now, .milliseconds(1))
    queue.asyncAfter(deadline: .now() + .nanoseconds(Self.nanoseconds(delay))) { [weak self] in
      guard let self else { return }
      let d = state.withLock { s -> (any FrameConnectionDelegate)? in
        s.stallCheckPending = false
        guard !s.closed, s.pending > 0 else { return nil }
        if ContinuousClock.now - s.lastProgress >= options.stallTimeout { return closeLocked(&s) }
        scheduleStallCheck(&s)
        return nil
      }
      notifyClosed(d)
    }
  }

  func handleWritable() {
    let d = state.withLock { s in s.closed ? nil : flushLocked(&s) }
    notifyClosed(d)
  }

  func handleReadable() {
    guard
      let (taken, delegate, queued, backlog) = state.withLock({
        s -> (FrameDecoder, any FrameConnectionDelegate, Int, Bool)? in
        guard !s.closed, !s.readClosed, let d = s.delegate else { return nil }
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
    withUnsafeTemporaryAllocation(byteCount: Self.readChunk, alignment: 8) { scratch in
      for _ in 0..<(backlog ? 0 : 4) {
        switch syscallRetrying({ recv(fd, scratch.baseAddress, scratch.count, 0) }) {
        case .done(0):
          eof = true
          failed = peerHungUp()  // a full close, not a half-close: nobody will read replies
        case .done(let n):
          readAny = true
          // Read on until EAGAIN: when the peer's close came with these bytes, the next recv is
          // the only place the end of input shows (no further readable event may come for it).
          decoder.feed(UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
        case .wouldBlock: return
        case .failed: failed = true
        }
        if eof || failed { return }
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
    let closedNow = state.withLock { s -> (any FrameConnectionDelegate)? in
      guard !s.closed else { return nil }
      if failed || (eof && s.writeFailed) { return closeLocked(&s) }
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
      if !replies.isEmpty && !s.writeFailed {
        if s.pending == 0 {
          s.out.removeAll(keepingCapacity: true)
          s.outOffset = 0
        }
        s.out.append(contentsOf: replies)
      }
      if s.pending > 0 || s.closeWhenFlushed || s.decodeBacklog { return flushLocked(&s) }
      return nil
    }
    if let closedNow {
      notifyClosed(closedNow)
    } else if eof && !framingError {
      delegate.connectionDidReachEndOfInput(self)
    }
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
  /// Tells the delegate about the close on the connection's queue, never inside the caller's
  /// locks (a send from inside a delegate's own lock may be what closed the connection).
  func notifyClosed(_ delegate: (any FrameConnectionDelegate)?) {
    guard let delegate else { return }
    queue.async { delegate.connectionDidClose(self) }
  }
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
  /// Suspends or resumes the read source to match the state: reading stops while output is over
  /// the cap, while the delegate holds it, and for good after end of input.
  func updateReadSuspension(_ s: inout State) {
    guard s.started, !s.closed else { return }
    let stop = s.readClosed || s.readPaused || s.readHeld
    if stop && !s.readSuspended {
      s.readSuspended = true
      readSource.suspend()
    } else if !stop && s.readSuspended {
      s.readSuspended = false
      readSource.resume()
      // The frame timeout counts only time spent reading.
      if s.partialSince != nil, let limit = options.frameTimeout {
        s.partialSince = .now
        scheduleTimeoutCheck(&s, at: .now + limit)
      }
    }
  }
}
