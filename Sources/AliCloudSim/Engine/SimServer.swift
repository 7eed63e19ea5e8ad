import AliCloudHTTP
import Foundation

/// The simulator behind its own HTTP server on loopback.
///
///     let sim = try SimServer.start(SimConfig())        // ephemeral port, sandbox credential
///     let url = sim.endpoint                              // "http://127.0.0.1:<port>"
///     sim.simulator.resources(kind: "vpc")
///     sim.stop()
public final class SimServer: Sendable {
  public let simulator: Simulator
  public let http: HTTPServer
  public let port: UInt16

  private init(simulator: Simulator, http: HTTPServer, port: UInt16) {
    self.simulator = simulator
    self.http = http
    self.port = port
  }

  /// Starts a simulator on `config.host:config.port` (port 0 picks a free one).
  public static func start(_ config: SimConfig = SimConfig()) throws -> SimServer {
    let sim = Simulator(config: config)
    var hc = HTTPServer.Configuration(host: config.host, port: config.port)
    hc.limits.maxBodyBytes = 8 * 1024 * 1024
    hc.errorResponse = { e in
      let body = SimError("InvalidRequest", e.message, status: e.status)
        .body(requestId: UUID().uuidString, hostId: config.host, product: "")
      return .json(e.status, body)
    }
    let server = HTTPServer(configuration: hc, logger: config.logger, blockingHandler: { sim.handle($0) })
    let port = try server.start()
    sim.lock.withLock { sim.httpStats = { server.stats } }
    return SimServer(simulator: sim, http: server, port: port)
  }

  /// `http://127.0.0.1:<port>`: the endpoint to give every product.
  public var endpoint: String { "http://\(simulator.config.host):\(port)" }

  public func stop() { http.stop() }
}
