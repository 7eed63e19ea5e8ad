import Dispatch
import Glibc
import Synchronization

/// An accepted, non-blocking, close-on-exec connection and its peer's credentials.
public struct AcceptedSocket: Sendable {
  public var fd: Int32
  public var peer: PeerCredentials
}

/// A listening Unix socket: bound at a path (taking care of stale files) or inherited through
/// socket activation. Accepts on a Dispatch read source; backs off on EMFILE/ENFILE instead of
/// spinning; checks every peer against the policy and answers a refused peer with one error
/// frame before closing it.
public final class UnixListener: Sendable {
  public let fd: Int32
  /// The socket path when we created it (and so will unlink it on stop); nil when inherited.
  public let path: String?
  private let lockFD: Int32
  private let identity: (device: UInt64, inode: UInt64)?
  private let state = Mutex<State>(State())
  private let queue: DispatchQueue
  /// Created once in init and never reassigned; DispatchSource methods are thread-safe, and the
  /// suspend/resume balance is kept under `state`'s lock.
  private nonisolated(unsafe) let source: DispatchSourceRead

  private struct State {
    var started = false
    var suspended = false
    var stopped = false
    var backoffMillis = 0
  }

  /// Binds a new socket at `options.path`.
  public init(binding options: ListenerOptions, queue: DispatchQueue = DispatchQueue(label: "alicloudd.accept"))
    throws(TransportError)
  {
    let b = try SocketBinder.bind(options)
    self.queue = queue
    fd = b.fd
    source = DispatchSource.makeReadSource(fileDescriptor: b.fd, queue: queue)
    lockFD = b.lockFD
    path = options.path
    identity = (b.device, b.inode)
    source.setCancelHandler { close(b.fd) }
  }

  /// Adopts an inherited listening socket; it is never unlinked.
  public init(inheritedFD: Int32, queue: DispatchQueue = DispatchQueue(label: "alicloudd.accept")) {
    self.queue = queue
    source = DispatchSource.makeReadSource(fileDescriptor: inheritedFD, queue: queue)
    fd = inheritedFD
    path = nil
    lockFD = -1
    identity = nil
    source.setCancelHandler { close(inheritedFD) }
  }

  /// Starts accepting. `refusalFrame(peer)` gives the bytes sent to a refused peer.
  public func start(
    policy: PeerPolicy, refusalFrame: @escaping @Sendable (PeerCredentials) -> [UInt8],
    onAccept: @escaping @Sendable (AcceptedSocket) -> Void
  ) {
    source.setEventHandler { [self] in
      acceptAll(policy: policy, refusalFrame: refusalFrame, onAccept: onAccept)
    }
    state.withLock { s in
      guard !s.started, !s.stopped else { return }
      s.started = true
      source.resume()
    }
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
    let delay: Int? = state.withLock { s in
      guard !s.stopped, !s.suspended else { return nil }
      s.backoffMillis = min(max(s.backoffMillis * 2, 1), 1000)
      s.suspended = true
      source.suspend()
      return s.backoffMillis / 2 + Int.random(in: 0...(s.backoffMillis / 2 + 1))
    }
    guard let delay else { return }
    queue.asyncAfter(deadline: .now() + .milliseconds(delay)) { [self] in
      state.withLock { s in
        guard s.suspended, !s.stopped else { return }
        s.suspended = false
        source.resume()
      }
    }
  }

  /// Stops accepting, closes the socket, unlinks the path if we created it and it is still ours,
  /// and releases the lock file. Safe to call more than once.
  public func stop() {
    let first: Bool = state.withLock { s in
      guard !s.stopped else { return false }
      s.stopped = true
      source.cancel()
      if s.suspended || !s.started { source.resume() }  // a suspended source never runs its cancel handler
      s.suspended = false
      return true
    }
    guard first else { return }
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
