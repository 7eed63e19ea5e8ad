import AliCloudEventLoop
import CCurl

/// libcurl's multi interface driven by one event loop: the transfers' sockets are in the loop's
/// epoll set, curl's timer is a loop timer, and finished transfers are handed back on the loop's
/// thread. Connections are kept alive in the multi handle's cache and reused by any later
/// transfer on this loop. Every method runs on the loop's thread (the transport hops there), so
/// nothing here is locked.
final class CurlMulti: @unchecked Sendable {
  /// One transfer in flight: its easy handle and what it needs until it finishes.
  final class Transfer {
    let handle: UnsafeMutableRawPointer
    let key: String
    let done: (Transfer, CURLcode) -> Void
    /// Buffers libcurl reads from or writes to while the transfer runs.
    var headers: UnsafeMutablePointer<curl_slist>?
    var body: [UInt8]
    let sink = ResponseSink()
    var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

    init(handle: UnsafeMutableRawPointer, key: String, body: [UInt8], done: @escaping (Transfer, CURLcode) -> Void) {
      self.handle = handle
      self.key = key
      self.body = body
      self.done = done
    }

    deinit { curl_slist_free_all(headers) }
  }

  /// Watches one of curl's sockets.
  final class Watch: EventHandler, @unchecked Sendable {
    let fd: Int32
    weak var multi: CurlMulti?
    var registration: EventRegistration?

    init(fd: Int32, multi: CurlMulti) {
      self.fd = fd
      self.multi = multi
    }

    func handleEvents(_ events: UInt32) {
      var bits: Int32 = 0
      if events & (EventBits.readable | EventBits.hangUp) != 0 { bits |= Int32(CURL_CSELECT_IN) }
      if events & EventBits.writable != 0 { bits |= Int32(CURL_CSELECT_OUT) }
      if events & EventBits.error != 0 { bits |= Int32(CURL_CSELECT_ERR) }
      multi?.act(on: fd, bits: bits)
    }
  }

  let loop: EventLoop
  private let multi: UnsafeMutableRawPointer
  private var watches: [Int32: Watch] = [:]
  private var timer: EventLoop.TimerID?
  private var transfers: [UnsafeMutableRawPointer: Transfer] = [:]

  /// `maxConnections`: connections open at once (0: no bound); transfers beyond wait for one.
  /// `keptIdle`: idle connections kept for reuse.
  init(loop: EventLoop, maxConnections: Int, keptIdle: Int) {
    self.loop = loop
    guard let m = curl_multi_init() else { preconditionFailure("curl_multi_init failed: out of memory") }
    multi = m
    let me = Unmanaged.passUnretained(self).toOpaque()
    _ = ccurl_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, me)
    _ = ccurl_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, me)
    _ = ccurl_multi_setopt_socket_function(multi) { _, fd, what, user, _ in
      guard let user else { return 0 }
      Unmanaged<CurlMulti>.fromOpaque(user).takeUnretainedValue().watch(fd, what)
      return 0
    }
    _ = ccurl_multi_setopt_timer_function(multi) { _, ms, user in
      guard let user else { return 0 }
      Unmanaged<CurlMulti>.fromOpaque(user).takeUnretainedValue().setTimer(ms)
      return 0
    }
    _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, maxConnections)
    _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(keptIdle, 1))
  }

  /// Transfers running now.
  var inFlight: Int { transfers.count }

  /// Starts `transfer` (its handle set up for the request); `transfer.done` is called on the
  /// loop's thread when it ends, or at once when it cannot start.
  func start(_ transfer: Transfer) {
    let code = curl_multi_add_handle(multi, transfer.handle)
    guard code == CURLM_OK else {
      transfer.done(transfer, CURLE_FAILED_INIT)
      return
    }
    transfers[transfer.handle] = transfer
  }

  /// Ends every transfer (as failed) and closes the connections; the loop stops watching them.
  func close() {
    for (handle, t) in transfers {
      curl_multi_remove_handle(multi, handle)
      t.done(t, CURLE_ABORTED_BY_CALLBACK)
    }
    transfers = [:]
    curl_multi_cleanup(multi)
    for (_, w) in watches { w.registration?.cancel() }
    watches = [:]
    if let timer { loop.cancel(timer) }
    timer = nil
  }

  /// curl's socket callback: what to wait for on `fd`.
  private func watch(_ fd: Int32, _ what: Int32) {
    if what == Int32(CURL_POLL_REMOVE) {
      watches.removeValue(forKey: fd)?.registration?.cancel()
      return
    }
    var interest: Interest = []
    if what & Int32(CURL_POLL_IN) != 0 { interest.insert(.read) }
    if what & Int32(CURL_POLL_OUT) != 0 { interest.insert(.write) }
    let w = watches[fd] ?? newWatch(fd)
    if w.registration?.setInterest(interest) == false {
      // The descriptor is not the one registered (closed and its number reused without a
      // REMOVE): watch the new one afresh.
      w.registration?.cancel()
      newWatch(fd).registration?.setInterest(interest)
    }
  }

  /// A registration for `fd`, kept in `watches`.
  private func newWatch(_ fd: Int32) -> Watch {
    let w = Watch(fd: fd, multi: self)
    w.registration = loop.register(fd: fd, handler: w)
    watches[fd] = w
    return w
  }

  /// curl's timer callback: call back after `ms` milliseconds (-1: never). Not acted on inside
  /// the callback, which curl forbids.
  private func setTimer(_ ms: Int) {
    if let timer { loop.cancel(timer) }
    timer = nil
    guard ms >= 0 else { return }
    timer = loop.schedule(after: .milliseconds(ms)) { [weak self] in
      guard let self else { return }
      timer = nil
      act(on: ccurl_socket_timeout, bits: 0)
    }
  }

  /// Lets curl work on `fd` (or on its timeouts), then hands back what finished.
  private func act(on fd: Int32, bits: Int32) {
    _ = ccurl_multi_socket_action(multi, fd, bits)
    var code = CURLE_OK
    while let handle = ccurl_multi_next_done(multi, &code) {
      curl_multi_remove_handle(multi, handle)
      guard let t = transfers.removeValue(forKey: handle) else { continue }
      t.done(t, code)
    }
  }
}
