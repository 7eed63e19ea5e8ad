import AliCloudCore
import AliCloudHTTP
import Foundation
import Synchronization

/// The HTTP gateway: serves `POST /alicloud/v1/<operation>` with the API guide's bodies and
/// envelopes, for WeCube and the guide's curl examples. Calls go through the daemon's own
/// Dispatcher (the same routing, validation and handlers as the Unix socket) and count in its
/// `daemon.status`. See docs/operations.md for the error bodies.
public final class Gateway: Sendable {
  public let configuration: GatewayConfiguration
  let server: HTTPServer
  let calls: GatewayCalls
  let router: GatewayRouter
  let logger: Logger

  /// A gateway in front of `daemon`. Refuses a non-loopback address without a token.
  public init(daemon: Daemon, configuration: GatewayConfiguration) throws(DaemonOptions.UsageError) {
    guard configuration.isLoopback || configuration.token != nil else {
      throw DaemonOptions.UsageError(
        message: "--http \(configuration.host): a non-loopback address needs --http-token-file")
    }
    self.configuration = configuration
    let logger = daemon.logger.with("http.listen", "\(configuration.host):\(configuration.port)")
    self.logger = logger
    let calls = GatewayCalls()
    self.calls = calls
    let router = GatewayRouter(daemon: daemon, token: configuration.token, calls: calls, logger: logger)
    self.router = router
    var http = HTTPServer.Configuration(host: configuration.host, port: configuration.port)
    http.limits = configuration.limits
    http.errorResponse = { e in GatewayError(status: e.status, message: e.message).response }
    server = HTTPServer(configuration: http, logger: logger) { request in await router.respond(to: request) }
  }

  /// Binds and starts serving; returns the bound port. The daemon's shutdown stops the gateway.
  @discardableResult
  public func start() throws -> UInt16 {
    let port = try server.start()
    router.daemon.onShutdown { [self] grace in await shutdown(grace: grace) }
    router.daemon.addMetrics { [server] out in
      let s = server.stats
      out.gauge("alicloudd_http_connections", "Connections open on the HTTP gateway.", Double(s.connectionsOpen))
      out.counter(
        "alicloudd_http_connections_accepted_total", "Connections accepted by the HTTP gateway.",
        Double(s.connectionsAccepted))
      out.counter("alicloudd_http_requests_total", "Requests the HTTP gateway answered.", Double(s.requestsServed))
      out.counter(
        "alicloudd_http_requests_rejected_total", "Requests the HTTP gateway rejected as malformed or too large.",
        Double(s.requestsRejected))
    }
    logger.info(
      "http gateway listening",
      ["http.address": "\(configuration.host):\(port)", "http.auth": configuration.token == nil ? "none" : "bearer"])
    return port
  }

  public var port: UInt16 { server.port }

  /// Connection and request counters of the HTTP server.
  public var stats: HTTPServerStats { server.stats }

  /// Once the daemon's admission refuses new calls (503), lets calls in flight finish for up to `grace`, cancels the rest
  /// (they still get their reply), then closes every connection.
  public func shutdown(grace: Duration = .seconds(10)) async {
    let deadline = ContinuousClock.now + grace
    while calls.count > 0 && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
    if calls.count > 0 {
      calls.cancelAll()
      let cancelDeadline = ContinuousClock.now + .seconds(5)
      while calls.count > 0 && ContinuousClock.now < cancelDeadline { try? await Task.sleep(for: .milliseconds(10)) }
    }
    // Let the last replies reach their connections before closing them.
    try? await Task.sleep(for: .milliseconds(50))
    server.stop()
    logger.info("http gateway stopped")
  }
}

/// The calls the gateway is answering, so shutdown can wait for or cancel them. Refusing new
/// calls is the call pipeline's admission, as for the socket.
final class GatewayCalls: Sendable {
  private struct State {
    var running: Set<Int> = []
    var cancels: [Int: @Sendable () -> Void] = [:]
    var next = 0
    var cancelling = false
  }
  private let state = Mutex(State())

  /// Registers a call.
  func begin() -> Int {
    state.withLock { s in
      s.next += 1
      s.running.insert(s.next)
      return s.next
    }
  }

  /// Records how to cancel call `id` (cancelled at once if cancellation already began).
  func attach(_ id: Int, cancel: @escaping @Sendable () -> Void) {
    let cancelNow = state.withLock { s in
      if s.running.contains(id) { s.cancels[id] = cancel }
      return s.cancelling
    }
    if cancelNow { cancel() }
  }

  func end(_ id: Int) {
    state.withLock { s in
      s.running.remove(id)
      s.cancels[id] = nil
    }
  }

  func cancelAll() {
    let cancels = state.withLock { s in
      s.cancelling = true
      return Array(s.cancels.values)
    }
    for cancel in cancels { cancel() }
  }

  var count: Int { state.withLock { $0.running.count } }
}
