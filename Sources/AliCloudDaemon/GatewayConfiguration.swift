import AliCloudHTTP
import Foundation
import Glibc

/// Where and how the HTTP gateway listens (`--http HOST:PORT`, `--http-token-file PATH`).
public struct GatewayConfiguration: Sendable {
  /// An IPv4 address; loopback unless told otherwise.
  public var host: String
  /// 0 picks a free port (tests).
  public var port: UInt16
  /// When set, every request needs `Authorization: Bearer <token>`. Required for non-loopback binds.
  public var token: String?
  public var limits: HTTPLimits

  public init(host: String = "127.0.0.1", port: UInt16 = 0, token: String? = nil, limits: HTTPLimits = HTTPLimits()) {
    self.host = host
    self.port = port
    self.token = token
    self.limits = limits
  }

  /// Whether `host` is an address in 127.0.0.0/8.
  public var isLoopback: Bool { Self.isLoopback(host) }

  static func isLoopback(_ host: String) -> Bool {
    var addr = in_addr()
    guard inet_pton(AF_INET, host, &addr) == 1 else { return false }
    return UInt32(bigEndian: addr.s_addr) >> 24 == 127
  }

  /// Parses `HOST:PORT`, `:PORT` or `PORT` (host defaults to 127.0.0.1).
  public static func parseListen(_ text: String) throws(DaemonOptions.UsageError) -> (host: String, port: UInt16) {
    var host = "127.0.0.1"
    var portText = Substring(text)
    if let colon = text.lastIndex(of: ":") {
      let h = text[..<colon]
      if !h.isEmpty { host = h == "localhost" ? "127.0.0.1" : String(h) }
      portText = text[text.index(after: colon)...]
    }
    guard let port = UInt16(portText) else {
      throw DaemonOptions.UsageError(message: "expected HOST:PORT (e.g. 127.0.0.1:8080), got \(text)")
    }
    var addr = in_addr()
    guard inet_pton(AF_INET, host, &addr) == 1 else {
      throw DaemonOptions.UsageError(message: "\(host) is not an IPv4 address (e.g. 127.0.0.1:8080)")
    }
    return (host, port)
  }

  /// Reads the bearer token: the file's first line, trimmed. The file must not be readable by
  /// others, and the token must be at least 16 characters.
  public static func readToken(path: String) throws(DaemonOptions.UsageError) -> String {
    var st = stat()
    guard stat(path, &st) == 0 else {
      throw DaemonOptions.UsageError(
        message: "--http-token-file: cannot read \(path): \(String(cString: strerror(errno)))")
    }
    guard st.st_mode & S_IROTH == 0 && st.st_mode & S_IWOTH == 0 else {
      throw DaemonOptions.UsageError(
        message: "--http-token-file: \(path) is readable or writable by others; chmod 600 or 640 it")
    }
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw DaemonOptions.UsageError(message: "--http-token-file: cannot read \(path) as UTF-8 text")
    }
    let token = (text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    guard token.count >= 16, token.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
      throw DaemonOptions.UsageError(
        message: "--http-token-file: \(path) must hold a token of at least 16 printable ASCII characters")
    }
    return token
  }
}

extension DaemonOptions {
  /// The gateway's configuration when `--http` was given: reads the token file and refuses a
  /// non-loopback address without one.
  public func gatewayConfiguration() throws(UsageError) -> GatewayConfiguration? {
    guard let httpListen else {
      if httpTokenFile != nil { throw UsageError(message: "--http-token-file needs --http HOST:PORT") }
      return nil
    }
    let host: String
    let port: UInt16
    do {
      (host, port) = try GatewayConfiguration.parseListen(httpListen)
    } catch {
      throw UsageError(message: "--http: \(error.message)")
    }
    var c = GatewayConfiguration(host: host, port: port)
    if let httpTokenFile { c.token = try GatewayConfiguration.readToken(path: httpTokenFile) }
    guard c.isLoopback || c.token != nil else {
      throw UsageError(
        message: "--http \(httpListen): a non-loopback address needs --http-token-file (anyone who reaches "
          + "the gateway can spend cloud money)")
    }
    c.limits.maxBodyBytes = maxFrame
    c.limits.maxConnectionsPerClient = min(httpMaxConnectionsPerClient, c.limits.maxConnections)
    c.limits.requestTimeout = httpRequestTimeout
    return c
  }
}
