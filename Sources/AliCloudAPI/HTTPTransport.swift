/// One HTTP request as the client sends it.
public struct HTTPRequest: Sendable {
  public var method: String
  /// Full URL, query included.
  public var url: String
  /// Header names in lower case.
  public var headers: [String: String]
  public var body: [UInt8]

  public init(method: String, url: String, headers: [String: String] = [:], body: [UInt8] = []) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
  }

  /// The URL without its query, for messages (queries can carry tokens).
  public var urlWithoutQuery: String {
    guard let q = url.utf8.firstIndex(of: UInt8(ascii: "?")) else { return url }
    return String(url[..<q])
  }
}

/// One HTTP response.
public struct HTTPResponse: Sendable {
  public var status: Int
  /// Header names in lower case.
  public var headers: [String: String]
  public var body: [UInt8]

  public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }
}

/// Sends HTTP requests. Injected into the client so tests can use a fake. Implementations throw
/// `AliCloudError` of kind `.connection` or `.timeout` when no response arrives.
public protocol HTTPTransport: Sendable {
  func send(_ request: HTTPRequest) async throws(AliCloudError) -> HTTPResponse
  /// Counters for status (connections opened, requests, idle handles...).
  func statistics() -> [String: Int]
  /// Drops idle connections to these base URLs (`scheme://host[:port]`).
  func closeIdle(baseURLs: Set<String>)
}

extension HTTPTransport {
  public func statistics() -> [String: Int] { [:] }
  public func closeIdle(baseURLs: Set<String>) {}
}
