import AliCloudEventLoop
import CCurl
import Foundation

/// HTTP over libcurl: HTTPS with certificate verification, connect and read timeouts, TCP_NODELAY,
/// keep-alive, and a shared DNS/TLS-session cache. Transfers run on event loops through libcurl's
/// multi interface (`CurlMulti`), never blocking a thread: a request made on one of our loops (an
/// operation of a socket call) runs on that loop, any other on the process's transfer loop.
/// Certificates are verified against `caBundlePath`, else `SSL_CERT_FILE` (and `SSL_CERT_DIR`),
/// else the system's; proxies are libcurl's (`HTTPS_PROXY`, `https_proxy`, `http_proxy` for http
/// URLs, `ALL_PROXY`, `NO_PROXY`) unless `proxy` / `noProxy` are set. Failures say why, with
/// libcurl's error buffer.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
  public struct Configuration: Sendable, Equatable {
    public var connectTimeoutMs: Int = 5_000
    /// Limit for the whole exchange, connecting included.
    public var readTimeoutMs: Int = 10_000
    /// Connections open at once per event loop, in all regions and products (each pair's own
    /// bound is the client's `ConcurrencyLimiter`); transfers beyond wait for one.
    public var threads: Int = 64
    /// Idle keep-alive connections kept per event loop (0: none, every request connects anew);
    /// also the idle handles kept per base URL.
    public var maxIdlePerHost: Int = 64
    /// A CA bundle path; nil: `SSL_CERT_FILE`, else the system's.
    public var caBundlePath: String?
    /// A proxy for every request (`http://host:port`); nil: libcurl's environment variables.
    public var proxy: String?
    /// Hosts reached without the proxy (comma-separated, `*` for all); nil: `NO_PROXY`.
    public var noProxy: String?
    public var userAgent: String = "alicloudd"

    public init() {}
  }

  private static let globalInit: Bool = ccurl_global_init_all() == CURLE_OK

  private struct Handle: @unchecked Sendable { let raw: UnsafeMutableRawPointer }
  private struct State {
    var idle: [String: [Handle]] = [:]
    var requests = 0
    var connectionsOpened = 0
    var handlesCreated = 0
    var failures = 0
  }

  public let configuration: Configuration
  /// The CA bundle and directory verified against (`caBundlePath`, else `SSL_CERT_FILE` /
  /// `SSL_CERT_DIR`); nil: the system's.
  public let caBundle: String?
  public let caDirectory: String?
  private let share: CurlShare?
  /// Each loop's multi handle, made on first use there.
  private let multis = Locked([ObjectIdentifier: CurlMulti]())
  private let state = Locked(State())

  /// Where requests made off our event loops run.
  static let transferLoop = EventLoop(name: "alicloud.http")

  public init(
    configuration: Configuration = Configuration(), environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    _ = CurlTransport.globalInit
    self.configuration = configuration
    let nonEmpty = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
    self.caBundle = configuration.caBundlePath ?? nonEmpty("SSL_CERT_FILE")
    self.caDirectory = configuration.caBundlePath == nil ? nonEmpty("SSL_CERT_DIR") : nil
    self.share = CurlShare()
  }

  deinit {
    // Each multi is closed on its own loop's thread. The idle handles and the share handle they
    // use go once every multi is closed (closing a connection may still use the share), when the
    // last close lets go of `leftovers`.
    let leftovers = Leftovers(handles: state.withLock { $0.idle.values.flatMap { $0.map(\.raw) } }, share: share)
    for (_, m) in multis.withLock({ $0 }) {
      m.loop.execute {
        m.close()
        leftovers.keep()
      }
    }
  }

  /// What a transport leaves to clean up after its multi handles: idle easy handles, then the
  /// share handle (released after them).
  private final class Leftovers: @unchecked Sendable {
    let handles: [UnsafeMutableRawPointer]
    let share: CurlShare?

    init(handles: [UnsafeMutableRawPointer], share: CurlShare?) {
      self.handles = handles
      self.share = share
    }

    func keep() {}

    deinit { for h in handles { curl_easy_cleanup(h) } }
  }

  public func send(_ request: HTTPRequest) async throws(AliCloudError) -> HTTPResponse {
    let loop = EventLoop.current ?? Self.transferLoop
    let result = await withCheckedContinuation { (c: CheckedContinuation<Result<HTTPResponse, AliCloudError>, Never>) in
      if loop.inLoop {
        start(request, on: loop, c)
      } else {
        loop.execute { self.start(request, on: loop, c) }
      }
    }
    return try result.get()
  }

  /// The multi handle of `loop` (on its thread).
  private func multi(for loop: EventLoop) -> CurlMulti {
    multis.withLock { m in
      if let existing = m[ObjectIdentifier(loop)] { return existing }
      let made = CurlMulti(loop: loop, maxConnections: configuration.threads, keptIdle: configuration.maxIdlePerHost)
      m[ObjectIdentifier(loop)] = made
      return made
    }
  }

  public func statistics() -> [String: Int] {
    state.withLock { s in
      [
        "requests": s.requests, "connectionsOpened": s.connectionsOpened, "handlesCreated": s.handlesCreated,
        "idleHandles": s.idle.values.reduce(0) { $0 + $1.count }, "transportFailures": s.failures,
      ]
    }
  }

  public func closeIdle(baseURLs: Set<String>) {
    let dropped = state.withLock { s -> [Handle] in
      var out: [Handle] = []
      for key in baseURLs { out += s.idle.removeValue(forKey: key) ?? [] }
      return out
    }
    for h in dropped { curl_easy_cleanup(h.raw) }
  }

  /// `scheme://host[:port]` of a URL: the pool key.
  static func baseURL(of url: String) -> String {
    guard let start = Endpoints.afterScheme(of: url) else { return url }
    let u = url.utf8
    let end = u[start...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? u.endIndex
    return String(url[..<end])
  }

  private func checkout(_ key: String) -> Handle? {
    if let h = state.withLock({ s -> Handle? in s.idle[key]?.popLast() }) { return h }
    guard let raw = curl_easy_init() else { return nil }
    state.withLock { $0.handlesCreated += 1 }
    configure(raw)
    return Handle(raw: raw)
  }

  private func checkin(_ h: Handle, key: String) {
    let keep = state.withLock { s -> Bool in
      guard (s.idle[key]?.count ?? 0) < configuration.maxIdlePerHost else { return false }
      s.idle[key, default: []].append(h)
      return true
    }
    if !keep { curl_easy_cleanup(h.raw) }
  }

  /// Sets up a handle for `request` and starts it on `loop`'s multi (on the loop's thread);
  /// `c` gets the outcome.
  private func start(
    _ request: HTTPRequest, on loop: EventLoop, _ c: CheckedContinuation<Result<HTTPResponse, AliCloudError>, Never>
  ) {
    let key = CurlTransport.baseURL(of: request.url)
    guard let h = checkout(key) else {
      return c.resume(returning: .failure(.transport(.connection, "could not create an HTTP handle")))
    }
    let raw = h.raw
    var body = request.body
    body.append(0)
    let t = CurlMulti.Transfer(handle: raw, key: key, body: body) { [self] t, code in
      c.resume(returning: finish(t, code, url: request.urlWithoutQuery))
    }
    // The handle keeps the options every request shares (set once, when it was made); these
    // are the request's own.
    _ = ccurl_setopt_string(raw, CURLOPT_URL, request.url)
    for (k, v) in request.headers { t.headers = curl_slist_append(t.headers, "\(k): \(v)") }
    t.headers = curl_slist_append(t.headers, "Expect:")
    _ = ccurl_setopt_slist(raw, CURLOPT_HTTPHEADER, t.headers)
    let sink = Unmanaged.passUnretained(t.sink).toOpaque()
    _ = ccurl_setopt_pointer(raw, CURLOPT_WRITEDATA, sink)
    _ = ccurl_setopt_write_function(raw, CURLOPT_WRITEFUNCTION, ResponseSink.onBody)
    _ = ccurl_setopt_pointer(raw, CURLOPT_HEADERDATA, sink)
    _ = ccurl_setopt_write_function(raw, CURLOPT_HEADERFUNCTION, ResponseSink.onHeader)
    // The transfer object owns these buffers until it finishes.
    t.errorBuffer.withUnsafeMutableBufferPointer { _ = ccurl_setopt_pointer(raw, CURLOPT_ERRORBUFFER, $0.baseAddress) }
    _ = ccurl_setopt_string(raw, CURLOPT_CUSTOMREQUEST, nil)
    switch request.method {
    case "GET": _ = ccurl_setopt_long(raw, CURLOPT_HTTPGET, 1)
    default:
      if request.method != "POST" { _ = ccurl_setopt_string(raw, CURLOPT_CUSTOMREQUEST, request.method) }
      _ = ccurl_setopt_long(raw, CURLOPT_POST, 1)
      _ = ccurl_setopt_long(raw, CURLOPT_POSTFIELDSIZE, request.body.count)
      t.body.withUnsafeMutableBytes { _ = ccurl_setopt_pointer(raw, CURLOPT_POSTFIELDS, $0.baseAddress) }
    }
    multi(for: loop).start(t)
  }

  /// The outcome of a finished transfer; its handle goes back to the pool, keeping nothing of
  /// the request's.
  private func finish(_ t: CurlMulti.Transfer, _ code: CURLcode, url: String) -> Result<HTTPResponse, AliCloudError> {
    let raw = t.handle
    var connects = 0
    _ = ccurl_getinfo_long(raw, CURLINFO_NUM_CONNECTS, &connects)
    var status = 0
    _ = ccurl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &status)
    _ = ccurl_setopt_pointer(raw, CURLOPT_ERRORBUFFER, nil)
    _ = ccurl_setopt_pointer(raw, CURLOPT_POSTFIELDS, nil)
    _ = ccurl_setopt_slist(raw, CURLOPT_HTTPHEADER, nil)
    _ = ccurl_setopt_pointer(raw, CURLOPT_WRITEDATA, nil)
    _ = ccurl_setopt_pointer(raw, CURLOPT_HEADERDATA, nil)
    checkin(Handle(raw: raw), key: t.key)
    state.withLock {
      $0.requests += 1
      $0.connectionsOpened += connects
      if code != CURLE_OK { $0.failures += 1 }
    }
    guard code == CURLE_OK else {
      let detail = String(decoding: t.errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      return .failure(CurlTransport.error(code, url: url, detail: detail))
    }
    return .success(HTTPResponse(status: status, headers: t.sink.headers, body: t.sink.body))
  }

  /// The options every request of a handle shares.
  private func configure(_ raw: UnsafeMutableRawPointer) {
    _ = ccurl_setopt_long(raw, CURLOPT_NOSIGNAL, 1)
    _ = ccurl_setopt_long(raw, CURLOPT_TCP_NODELAY, 1)
    _ = ccurl_setopt_long(raw, CURLOPT_TCP_KEEPALIVE, 1)
    _ = ccurl_setopt_long(raw, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeoutMs)
    _ = ccurl_setopt_long(raw, CURLOPT_TIMEOUT_MS, max(configuration.readTimeoutMs, 1))
    _ = ccurl_setopt_long(raw, CURLOPT_SSL_VERIFYPEER, 1)
    _ = ccurl_setopt_long(raw, CURLOPT_SSL_VERIFYHOST, 2)
    _ = ccurl_setopt_string(raw, CURLOPT_PROTOCOLS_STR, "http,https")
    _ = ccurl_setopt_long(raw, CURLOPT_FOLLOWLOCATION, 0)
    _ = ccurl_setopt_string(raw, CURLOPT_USERAGENT, configuration.userAgent)
    if let ca = caBundle { _ = ccurl_setopt_string(raw, CURLOPT_CAINFO, ca) }
    if let dir = caDirectory { _ = ccurl_setopt_string(raw, CURLOPT_CAPATH, dir) }
    if let proxy = configuration.proxy { _ = ccurl_setopt_string(raw, CURLOPT_PROXY, proxy) }
    if let none = configuration.noProxy { _ = ccurl_setopt_string(raw, CURLOPT_NOPROXY, none) }
    if let share { _ = ccurl_setopt_share(raw, share.handle) }
    if configuration.maxIdlePerHost == 0 { _ = ccurl_setopt_long(raw, CURLOPT_FORBID_REUSE, 1) }
  }

  /// A failed transfer as a local transport error: a stable code, what failed and why (libcurl's
  /// error buffer, which says e.g. which certificate check failed).
  static func error(_ code: CURLcode, url: String, detail: String = "") -> AliCloudError {
    let text = String(cString: curl_easy_strerror(code))
    let why = detail.isEmpty || detail == text ? text : "\(text): \(detail)"
    let (kind, name, what): (AliCloudError.Kind, String, String)
    switch code {
    case CURLE_OPERATION_TIMEDOUT: (kind, name, what) = (.timeout, "Timeout", "no answer from \(url) in time")
    case CURLE_COULDNT_CONNECT: (kind, name, what) = (.connection, "ConnectionRefused", "cannot connect to \(url)")
    case CURLE_COULDNT_RESOLVE_HOST:
      (kind, name, what) = (.connection, "DNSError", "cannot resolve the host of \(url)")
    case CURLE_COULDNT_RESOLVE_PROXY:
      (kind, name, what) = (.connection, "ProxyError", "cannot resolve the proxy for \(url)")
    case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE:
      (kind, name, what) = (.connection, "TLSError", "TLS failure with \(url)")
    default:
      if code.rawValue == 97 {  // CURLE_PROXY (libcurl 7.73+)
        (kind, name, what) = (.connection, "ProxyError", "the proxy refused the connection to \(url)")
      } else {
        (kind, name, what) = (.connection, "ConnectionError", "transfer with \(url) failed")
      }
    }
    return AliCloudError(kind: kind, code: name, message: "\(what): \(why)")
  }
}

/// Collects a response's headers and body from libcurl's callbacks.
final class ResponseSink {
  var body: [UInt8] = []
  var headers: [String: String] = [:]

  static let onBody: ccurl_write_callback = { ptr, size, count, user in
    let n = size * count
    guard let user, let ptr else { return n }
    let sink = Unmanaged<ResponseSink>.fromOpaque(user).takeUnretainedValue()
    sink.body.append(contentsOf: UnsafeRawBufferPointer(start: ptr, count: n))
    return n
  }

  static let onHeader: ccurl_write_callback = { ptr, size, count, user in
    let n = size * count
    guard let user, let ptr else { return n }
    let sink = Unmanaged<ResponseSink>.fromOpaque(user).takeUnretainedValue()
    sink.header(UnsafeRawBufferPointer(start: ptr, count: n))
    return n
  }

  /// One header line: a status line starts the headers anew (after a 100 Continue or a
  /// redirect); `Name: value` is kept with the name lower-cased and both sides trimmed.
  func header(_ line: UnsafeRawBufferPointer) {
    if line.starts(with: "HTTP/".utf8) {
      headers = [:]
      return
    }
    guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0d || c == 0x0a }
    var start = line.startIndex
    var end = colon
    while start < end && isSpace(line[start]) { start += 1 }
    while end > start && isSpace(line[end - 1]) { end -= 1 }
    let name = String(unsafeUninitializedCapacity: end - start) { out in
      for i in start..<end {
        let c = line[i]
        out[i - start] = c >= 0x41 && c <= 0x5a ? c + 0x20 : c
      }
      return end - start
    }
    start = colon + 1
    end = line.endIndex
    while start < end && isSpace(line[start]) { start += 1 }
    while end > start && isSpace(line[end - 1]) { end -= 1 }
    headers[name] = String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
  }
}
