import Foundation

/// Limits and timeouts of an HTTP server.
public struct HTTPLimits: Sendable {
  /// Bytes of request line plus headers.
  public var maxHeaderBytes: Int = 16 * 1024
  public var maxHeaderCount: Int = 100
  /// Bytes of a request body (Content-Length); larger bodies get 413.
  public var maxBodyBytes: Int = 4 * 1024 * 1024
  /// Seconds a request may take to arrive once it has started, and an idle connection may stay open.
  public var requestTimeout: TimeInterval = 30
  public var idleTimeout: TimeInterval = 60
  /// Simultaneous open connections; further ones are closed at once.
  public var maxConnections: Int = 256
  /// Simultaneous open connections from one client address, so that one client cannot take
  /// them all; further ones get 503 and are closed.
  public var maxConnectionsPerClient: Int = 64

  public init() {}
}

/// A request the parser rejects, with the status to answer.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
  public var status: Int
  public var message: String
  public init(_ status: Int, _ message: String) {
    self.status = status
    self.message = message
  }
  public var description: String { "\(status): \(message)" }
}
