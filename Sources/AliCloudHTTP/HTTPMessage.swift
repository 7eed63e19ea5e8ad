import AliCloudCore
import Foundation

/// Header fields in arrival order. Lookup is case-insensitive.
public struct HTTPHeaders: Sendable, Hashable, Sequence {
  public private(set) var fields: [(name: String, value: String)] = []

  public init(_ fields: [(String, String)] = []) {
    self.fields = fields.map { (name: $0.0, value: $0.1) }
  }

  public subscript(name: String) -> String? {
    let n = name.lowercased()
    return fields.first { $0.name.lowercased() == n }?.value
  }

  /// Every value of a header name, in order.
  public func values(_ name: String) -> [String] {
    let n = name.lowercased()
    return fields.filter { $0.name.lowercased() == n }.map(\.value)
  }

  public mutating func add(_ name: String, _ value: String) { fields.append((name: name, value: value)) }

  /// Replaces every field of that name with one value.
  public mutating func set(_ name: String, _ value: String) {
    remove(name)
    add(name, value)
  }

  public mutating func remove(_ name: String) {
    let n = name.lowercased()
    fields.removeAll { $0.name.lowercased() == n }
  }

  public var count: Int { fields.count }

  public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

  public static func == (a: HTTPHeaders, b: HTTPHeaders) -> Bool {
    a.fields.count == b.fields.count
      && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
  }

  public func hash(into h: inout Hasher) {
    for f in fields {
      h.combine(f.name)
      h.combine(f.value)
    }
  }
}

/// One parsed HTTP/1.x request.
public struct HTTPRequest: Sendable {
  public var method: String
  /// The request target exactly as sent (`/path?query`).
  public var target: String
  public var version: String
  public var headers: HTTPHeaders
  public var body: Data
  /// Which accepted connection carried this request (1-based, in accept order).
  public var connectionID: Int

  public init(
    method: String, target: String, version: String = "HTTP/1.1", headers: HTTPHeaders = HTTPHeaders(),
    body: Data = Data(), connectionID: Int = 0
  ) {
    self.method = method
    self.target = target
    self.version = version
    self.headers = headers
    self.body = body
    self.connectionID = connectionID
  }

  /// The path part of the target, still percent-encoded.
  public var path: String {
    if let q = target.firstIndex(of: "?") { return String(target[..<q]) }
    return target
  }

  /// The raw query string (without `?`), empty when there is none.
  public var query: String {
    guard let q = target.firstIndex(of: "?") else { return "" }
    return String(target[target.index(after: q)...])
  }

  /// Whether the client asked to keep the connection open after this request.
  public var keepAlive: Bool {
    let c = (headers["connection"] ?? "").lowercased()
    if version == "HTTP/1.0" { return c.contains("keep-alive") }
    return !c.contains("close")
  }
}

/// A response. Content-Length and Connection are written by the server.
public struct HTTPResponse: Sendable {
  public var status: Int
  public var headers: HTTPHeaders
  public var body: Data
  /// Close the connection after writing this response.
  public var closeConnection: Bool
  /// Close the connection without writing anything (fault injection).
  public var dropConnection: Bool

  public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data(), closeConnection: Bool = false) {
    self.status = status
    self.headers = headers
    self.body = body
    self.closeConnection = closeConnection
    self.dropConnection = false
  }

  /// A JSON response with `Content-Type: application/json;charset=utf-8`.
  public static func json(_ status: Int, _ value: JSONValue, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
    var h = headers
    h.set("Content-Type", "application/json;charset=utf-8")
    return HTTPResponse(status: status, headers: h, body: value.jsonData())
  }

  public static func text(_ status: Int, _ text: String) -> HTTPResponse {
    HTTPResponse(
      status: status, headers: HTTPHeaders([("Content-Type", "text/plain;charset=utf-8")]), body: Data(text.utf8))
  }

  /// Tells the server to close the connection without answering.
  public static var drop: HTTPResponse {
    var r = HTTPResponse(status: 0)
    r.dropConnection = true
    return r
  }

  /// The standard reason phrase for a status code.
  public static func reason(_ status: Int) -> String {
    switch status {
    case 100: return "Continue"
    case 200: return "OK"
    case 201: return "Created"
    case 204: return "No Content"
    case 400: return "Bad Request"
    case 401: return "Unauthorized"
    case 403: return "Forbidden"
    case 404: return "Not Found"
    case 405: return "Method Not Allowed"
    case 408: return "Request Timeout"
    case 411: return "Length Required"
    case 413: return "Content Too Large"
    case 415: return "Unsupported Media Type"
    case 429: return "Too Many Requests"
    case 431: return "Request Header Fields Too Large"
    case 500: return "Internal Server Error"
    case 501: return "Not Implemented"
    case 502: return "Bad Gateway"
    case 503: return "Service Unavailable"
    case 504: return "Gateway Timeout"
    case 505: return "HTTP Version Not Supported"
    default: return "Status \(status)"
    }
  }
}

/// The async request handler a server calls, one request at a time per connection.
public typealias HTTPHandler = @Sendable (HTTPRequest) async -> HTTPResponse

/// A handler that answers on the calling thread (see `HTTPServer.init(blockingHandler:)`).
public typealias BlockingHTTPHandler = @Sendable (HTTPRequest) -> HTTPResponse
