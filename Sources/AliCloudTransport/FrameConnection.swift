import AliCloudWire
import Dispatch
import Glibc
import Synchronization

/// One non-blocking stream socket carrying frames. Reads run on the connection's serial queue via
/// a Dispatch read source; writes may be requested from any thread and are serialised by a lock,
/// so frames never interleave. Unsent bytes wait in a bounded output buffer drained by a write
/// source; over the cap, reading stops until the peer catches up.
public final class FrameConnection: Sendable, Hashable {
  public let fd: Int32
  public let peer: PeerCredentials?
  public let queue: DispatchQueue
  public let options: ConnectionOptions
  let state: Mutex<State>
  /// Created once in init and never reassigned; DispatchSource methods are thread-safe, and their
  /// suspend/resume balance is kept under `state`'s lock.
  nonisolated(unsafe) let readSource: DispatchSourceRead
  nonisolated(unsafe) let writeSource: DispatchSourceWrite

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
    var stallCheckPending = false
    var lastProgress = ContinuousClock.now
    /// The last time bytes moved either way (for the idle timeout).
    var lastActivity = ContinuousClock.now
    /// When the incomplete frame in the decoder began (for the frame timeout).
    var partialSince: ContinuousClock.Instant?
    /// When the one scheduled timeout check is due.
    var timeoutCheckAt: ContinuousClock.Instant?
    /// This connection's share of `options.budget`.
    var counted = 0
    var delegate: (any FrameConnectionDelegate)?
    var pending: Int { out.count - outOffset }
  }

  public init(
    fd: Int32, peer: PeerCredentials?, options: ConnectionOptions = ConnectionOptions(), queue: DispatchQueue? = nil
  ) {
    self.fd = fd
    self.peer = peer
    self.options = options
    self.queue = queue ?? DispatchQueue(label: "alicloudd.connection.\(fd)")
    state = Mutex(State(decoder: FrameDecoder(limits: options.limits)))
    readSource = DispatchSource.makeReadSource(fileDescriptor: fd, queue: self.queue)
    writeSource = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: self.queue)
    let closer = DescriptorCloser(fd: fd, users: 2)
    readSource.setCancelHandler { closer.release() }
    writeSource.setCancelHandler { closer.release() }
  }

  deinit {
    // Sources must not be released while suspended: close (cancel and resume) first.
    _ = state.withLock { closeLocked(&$0) }
  }

  public static func == (a: FrameConnection, b: FrameConnection) -> Bool { a === b }
  public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }

  /// Starts reading; events go to `delegate` (held strongly until the connection closes).
  public func start(delegate: any FrameConnectionDelegate) {
    readSource.setEventHandler { [weak self] in self?.handleReadable() }
    writeSource.setEventHandler { [weak self] in self?.handleWritable() }
    state.withLock { s in
      guard !s.started, !s.closed else { return }
      s.started = true
      s.delegate = delegate
      readSource.resume()
      if let limit = [options.idleTimeout, options.frameTimeout].compactMap({ $0 }).min() {
        scheduleTimeoutCheck(&s, at: .now + limit)
      }
    }
  }

  /// Queues frames (whole frames only) and writes as much as the socket takes now.
  /// Returns false when the connection is already closed.
  @discardableResult
  public func send(_ frames: [UInt8]) -> Bool {
    let (ok, closedNow) = state.withLock { s -> (Bool, (any FrameConnectionDelegate)?) in
      guard !s.closed, !s.writeFailed else { return (false, nil) }
      if s.pending == 0 {
        s.out.removeAll(keepingCapacity: s.out.capacity <= 1 << 20)
        s.outOffset = 0
      }
      s.out.append(contentsOf: frames)
      return (true, flushLocked(&s))
    }
    notifyClosed(closedNow)
    return ok
  }

  /// Closes once every queued byte is written (now, if nothing is queued).
  public func closeWhenFlushed() {
    let d = state.withLock { s -> (any FrameConnectionDelegate)? in
      guard !s.closed else { return nil }
      s.closeWhenFlushed = true
      return s.pending == 0 ? closeLocked(&s) : nil
    }
    notifyClosed(d)
  }

  /// Closes at once, dropping unsent output.
  public func close() {
    let d = state.withLock { closeLocked(&$0) }
    notifyClosed(d)
  }

  /// Stops (or restarts) reading requests, e.g. while too many calls are in flight.
  public func holdReading(_ hold: Bool) {
    let d = state.withLock { s -> (any FrameConnectionDelegate)? in
      s.readHeld = hold
      // Nobody takes replies any more: reading was only kept on to see the peer's last bytes.
      if hold && s.writeFailed { return closeLocked(&s) }
      updateReadSuspension(&s)
      return nil
    }
    notifyClosed(d)
  }

  public var isClosed: Bool { state.withLock { $0.closed } }

  /// Whether the peer has closed its side, seen now rather than when the read source next runs:
  /// the socket reads as end of input or fails (nothing is taken from it).
  public var peerHasClosed: Bool {
    guard !isClosed else { return true }
    var byte: UInt8 = 0
    let n = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
  }
  /// Bytes queued but not yet written.
  public var pendingOutput: Int { state.withLock { $0.pending } }
}

/// Closes a descriptor once all of its Dispatch sources have been cancelled.
final class DescriptorCloser: Sendable {
  let fd: Int32
  let remaining: Atomic<Int>

  init(fd: Int32, users: Int) {
    self.fd = fd
    remaining = Atomic(users)
  }

  func release() {
    if remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { Glibc.close(fd) }
  }
}
