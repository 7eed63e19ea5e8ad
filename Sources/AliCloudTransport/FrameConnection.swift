import AliCloudWire
import CEpoll
import Glibc
import Synchronization

/// One non-blocking stream socket carrying frames, served by an event loop: reads, timeouts and
/// every delegate event run on the loop's thread; writes may be requested from any thread and
/// are serialised by a lock, so frames never interleave. Unsent bytes wait in a bounded output
/// buffer drained when the socket is writable; over the cap, reading stops until the peer
/// catches up. The descriptor is closed on the loop, after it has left the epoll set.
public final class FrameConnection: Sendable, Hashable, EventHandler {
  public let fd: Int32
  public let peer: PeerCredentials?
  public let loop: EventLoop
  public let options: ConnectionOptions
  let state: Mutex<State>

  struct State {
    var decoder: FrameDecoder
    var out: [UInt8] = []
    var outOffset = 0
    var started = false
    var writeArmed = false
    var readPaused = false
    var readSuspended = false
    var readHeld = false
    var readClosed = false
    var closeWhenFlushed = false
    var closed = false
    /// The peer stopped taking bytes (EPIPE, ECONNRESET); what it sent before is still read, so
    /// a last frame it wrote (a refusal, say) reaches the delegate before the close.
    var writeFailed = false
    /// The last pass stopped at the output cap with frames left in the decoder: another pass is
    /// scheduled when the output drains, and it answers them before taking more from the socket.
    var decodeBacklog = false
    var stallTimer: EventLoop.TimerID?
    var lastProgress = ContinuousClock.now
    /// The last time bytes moved either way (for the idle timeout).
    var lastActivity = ContinuousClock.now
    /// When the incomplete frame in the decoder began (for the frame timeout).
    var partialSince: ContinuousClock.Instant?
    /// When the one scheduled timeout check is due, and its timer.
    var timeoutCheckAt: ContinuousClock.Instant?
    var timeoutTimer: EventLoop.TimerID?
    /// This connection's share of `options.budget`.
    var counted = 0
    var delegate: (any FrameConnectionDelegate)?
    /// In the loop from `start()` (or from the first write that has to wait) until the close.
    var registration: EventRegistration?
    var pending: Int { out.count - outOffset }
  }

  /// `loop`: the event loop serving the connection (default: the process's shared one).
  public init(
    fd: Int32, peer: PeerCredentials?, options: ConnectionOptions = ConnectionOptions(), loop: EventLoop = .shared
  ) {
    self.fd = fd
    self.peer = peer
    self.options = options
    self.loop = loop
    state = Mutex(State(decoder: FrameDecoder(limits: options.limits)))
  }

  deinit {
    // Nobody can be handling an event of this connection (that takes a strong reference), so
    // the descriptor can be closed here, once out of the epoll set.
    state.withLock { s in
      guard !s.closed else { return }
      s.closed = true
      cancelTimers(&s)
      s.out = []
      s.outOffset = 0
      accountOutput(&s)
      s.registration?.cancel()
      Glibc.close(fd)
    }
  }

  public static func == (a: FrameConnection, b: FrameConnection) -> Bool { a === b }
  public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }

  /// Starts reading; events go to `delegate` (held strongly until the connection closes).
  public func start(delegate: any FrameConnectionDelegate) {
    state.withLock { s in
      guard !s.started, !s.closed else { return }
      s.started = true
      s.delegate = delegate
      ensureRegistered(&s)
      updateInterest(&s)
      if let limit = [options.idleTimeout, options.frameTimeout].compactMap({ $0 }).min() {
        scheduleTimeoutCheck(&s, at: .now + limit)
      }
    }
  }

  public func handleEvents(_ events: UInt32) {
    if events & (cepoll_out | cepoll_err | cepoll_hup) != 0 { handleWritable() }
    if events & (cepoll_in | cepoll_err | cepoll_hup) != 0 { handleReadable(event: true) }
  }

  /// Queues frames (whole frames only) and writes as much as the socket takes now.
  /// Returns false when the connection is already closed.
  @discardableResult
  public func send(_ frames: [UInt8]) -> Bool {
    state.withLock { s -> Bool in
      guard !s.closed, !s.writeFailed else { return false }
      if s.pending == 0 {
        s.out.removeAll(keepingCapacity: s.out.capacity <= 1 << 20)
        s.outOffset = 0
      }
      s.out.append(contentsOf: frames)
      flushLocked(&s)
      return true
    }
  }

  /// Closes once every queued byte is written (now, if nothing is queued).
  public func closeWhenFlushed() {
    state.withLock { s in
      guard !s.closed else { return }
      s.closeWhenFlushed = true
      if s.pending == 0 { closeLocked(&s) }
    }
  }

  /// Closes at once, dropping unsent output.
  public func close() {
    state.withLock { closeLocked(&$0) }
  }

  /// Stops (or restarts) reading requests, e.g. while too many calls are in flight.
  public func holdReading(_ hold: Bool) {
    state.withLock { s in
      s.readHeld = hold
      // Nobody takes replies any more: reading was only kept on to see the peer's last bytes.
      if hold && s.writeFailed { return closeLocked(&s) }
      updateReadSuspension(&s)
    }
  }

  public var isClosed: Bool { state.withLock { $0.closed } }

  /// Whether the peer has closed its side, seen now rather than when the loop next reads: the
  /// socket reads as end of input or fails (nothing is taken from it). Peeked under the lock:
  /// the descriptor is open while the connection is not marked closed.
  public var peerHasClosed: Bool {
    state.withLock { s in
      guard !s.closed else { return true }
      var byte: UInt8 = 0
      let n = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
      return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
    }
  }
  /// Bytes queued but not yet written.
  public var pendingOutput: Int { state.withLock { $0.pending } }
}
