import AliCloudCore
import AliCloudHTTP
import Foundation

/// `GET /metrics` and `GET /healthz`, served by the HTTP gateway and by the `--metrics`
/// listener alike.
enum MetricsEndpoint {
  static let paths: Set<String> = ["/metrics", "/healthz"]

  /// The response for `request`, or nil when its path is neither.
  static func response(to request: HTTPRequest, daemon: Daemon) -> HTTPResponse? {
    guard paths.contains(request.path) else { return nil }
    guard request.method == "GET" || request.method == "HEAD" else {
      var r = HTTPResponse.text(405, "\(request.path) answers GET\n")
      r.headers.set("Allow", "GET, HEAD")
      return r
    }
    if request.path == "/metrics" {
      return HTTPResponse(
        status: 200, headers: HTTPHeaders([("Content-Type", MetricsText.contentType)]),
        body: Data(daemon.metricsText().utf8))
    }
    let (ready, body) = daemon.health()
    return .json(ready ? 200 : 503, body)
  }
}

/// `--metrics HOST:PORT`: `/metrics` and `/healthz` on a listener of their own, with or
/// without the gateway. Stops with the daemon.
public final class MetricsServer: Sendable {
  let server: HTTPServer
  let daemon: Daemon
  let logger: Logger

  public init(daemon: Daemon, host: String, port: UInt16) {
    self.daemon = daemon
    let logger = daemon.logger.with("metrics.listen", "\(host):\(port)")
    self.logger = logger
    server = HTTPServer(configuration: HTTPServer.Configuration(host: host, port: port), logger: logger) {
      [daemon] request in
      MetricsEndpoint.response(to: request, daemon: daemon)
        ?? .text(404, "no such path: \(String(request.path.prefix(200))); try /metrics or /healthz\n")
    }
  }

  /// Binds and starts serving; returns the bound port. The daemon's shutdown stops it.
  @discardableResult
  public func start() throws -> UInt16 {
    let port = try server.start()
    daemon.onShutdown { [server] _ in server.stop() }
    logger.info("metrics listening", ["metrics.address": "\(server.configuration.host):\(port)"])
    return port
  }

  public var port: UInt16 { server.port }
}
