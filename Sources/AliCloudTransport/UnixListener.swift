import Dispatch
import Glibc
import Synchronization

/// An accepted, non-blocking, close-on-exec connection and its peer's credentials.
public struct AcceptedSocket: Sendable {
  public var fd: Int32
  public var peer: PeerCredentials
}

/// A listening Unix socket: bound at a path (taking care of stale files) or inherited through
/// socket activation. Accepts on an event loop's thread; backs off on EMFILE/ENFILE instead of
/// spinning; checks every peer against the policy and answers a refused peer with one error
/// frame before closing it.
public final class UnixListener: Sendable, EventHandler {
  public let fd: Int32
  /// The socket path when we created it (and so will unlink it on stop); nil when inherited.
  public let path: String?
  public let loop: EventLoop
  private let lockFD: Int32
  private let identity: (device: UInt64, inode: UInt64)?
  private let state = Mutex<State>(State())

  private struct State {
    var started = false
    var paused = false
    var stopped = false
    var backoffMillis = 0
    var registration: EventRegistration?
    var accept: (@Sendable () -> Void)?
  }

  /// Binds a new socket at `options.path`.
  public init(binding options: ListenerOptions, loop: EventLoop = .shared) throws(TransportError) {
    let b = try SocketBinder.bind(options)
    self.loop = loop
    fd = b.fd
    lockFD = b.lockFD
    path = options.path
    identity = (b.device, b.inode)
  }

  /// Adopts an inherited listening socket; it is never unlinked.
  public init(inheritedFD: Int32, loop: EventLoop = .shared) {
    self.loop = loop
    fd = inheritedFD
    path = nil
    lockFD = -1
    identity = nil
  }

  deinit {
    state.withLock { s in
      guard !s.stopped else { return }
      s.registration?.cancel()
      close(fd)
    }
  }

  /// Starts accepting. `refusalFrame(peer)` gives the bytes sent to a refused peer.
  public func start(
    policy: PeerPolicy, refusalFrame: @escaping @Sendable (PeerCredentials) -> [UInt8],
    onAccept: @escaping @Sendable (AcceptedSocket) -> Void
  ) {
    state.withLock { s in
      guard !s.started, !s.stopped else { return }
      s.started = true
      s.accept = { [unowned self] in acceptAll(policy: policy, refusalFrame: refusalFrame, onAccept: onAccept) }
      s.registration = loop.register(fd: fd, handler: self)
      s.registration?.setInterest(.read)
    }
  }

  public func handleEvents(_ events: UInt32) {
    guard let accept = state.withLock({ $0.stopped || $0.paused ? nil : $0.accept }) else { return }
    accept()
  }

  private func acceptAll(
    policy: PeerPolicy, refusalFrame: @Sendable (PeerCredentials) -> [UInt8],
    onAccept: @Sendable (AcceptedSocket) -> Void
  ) {
    for _ in 0..<64 {
      let flags = Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
      switch syscallRetrying({ Int(systemAccept4(fd, nil, nil, flags)) }) {
      case .done(let r):
        state.withLock { $0.backoffMillis = 0 }
        let client = Int32(r)
        guard let peer = PeerCredentials.of(client) else {
          close(client)
          continue
        }
        if policy.allows(peer) {
          onAccept(AcceptedSocket(fd: client, peer: peer))
        } else {
          let frame = refusalFrame(peer)
          _ = frame.withUnsafeBytes {
            send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
          }
          close(client)
        }
      case .wouldBlock: return
      case .failed(let e) where e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM:
        pause()
        return
      case .failed: continue  // ECONNABORTED, EPROTO and the like concern one connection only
      }
    }
  }

  /// Stops watching the listener for a while (1 ms doubling to 1 s, with jitter).
  private func pause() {
    state.withLock { s in
      guard !s.stopped, !s.paused else { return }
      s.backoffMillis = min(max(s.backoffMillis * 2, 1), 1000)
      s.paused = true
      s.registration?.setInterest([])
      let delay = s.backoffMillis / 2 + Int.random(in: 0...(s.backoffMillis / 2 + 1))
      loop.schedule(after: .milliseconds(delay)) { [weak self] in
        self?.state.withLock { s in
          guard s.paused, !s.stopped else { return }
          s.paused = false
          s.registration?.setInterest(.read)
        }
      }
    }
  }

  /// Stops accepting, closes the socket, unlinks the path if we created it and it is still ours,
  /// and releases the lock file. Safe to call more than once. The socket is closed on the loop
  /// (where accepts run); this returns once it is.
  public func stop() {
    let closed = DispatchSemaphore(value: 0)
    let first: Bool = state.withLock { s in
      guard !s.stopped else { return false }
      s.stopped = true
      s.accept = nil
      if var r = s.registration {
        s.registration = nil
        r.cancel { [fd] in
          close(fd)
          closed.signal()
        }
      } else {
        close(fd)
        closed.signal()
      }
      return true
    }
    guard first else { return }
    if !loop.inLoop { closed.wait() }
    if let path, let identity {
      var st = stat()
      if stat(path, &st) == 0 && UInt64(st.st_dev) == identity.device && UInt64(st.st_ino) == identity.inode {
        unlink(path)
      }
    }
    if lockFD >= 0 { close(lockFD) }
  }
}

/// accept4(2), which Glibc's Swift overlay does not export (it is a GNU extension).
@_silgen_name("accept4")
func systemAccept4(
  _ fd: Int32, _ addr: UnsafeMutablePointer<sockaddr>?, _ len: UnsafeMutablePointer<socklen_t>?, _ flags: Int32
) -> Int32
