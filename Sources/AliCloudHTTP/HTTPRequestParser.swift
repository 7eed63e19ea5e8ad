import Foundation

/// Incremental HTTP/1.x request parser: feed bytes, take complete requests. No I/O, so a
/// pipelined stream yields its requests one by one and leftovers stay buffered.
public struct HTTPRequestParser: Sendable {
  public enum Step: Sendable {
    case request(HTTPRequest)
    /// More bytes are needed. `expectContinue` is true once, when the head asked for `100-continue`.
    case needMore(expectContinue: Bool)
  }

  struct Head: Sendable {
    var method: String
    var target: String
    var version: String
    var headers: HTTPHeaders
    var contentLength: Int
    var expectsContinue: Bool
  }

  public let limits: HTTPLimits
  private var buffer: [UInt8] = []
  private var head: Head?
  private var continueAnnounced = false

  public init(limits: HTTPLimits = HTTPLimits()) { self.limits = limits }

  /// Bytes received but not yet consumed by a complete request.
  public var bufferedCount: Int { buffer.count }
  /// True while a request has started arriving but is not complete.
  public var inRequest: Bool { head != nil || !buffer.isEmpty }

  public mutating func append(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

  public mutating func next(connectionID: Int = 0) throws(HTTPParseError) -> Step {
    if head == nil {
      skipLeadingEmptyLines()
      guard let end = headEnd() else {
        if buffer.count > limits.maxHeaderBytes { throw HTTPParseError(431, "request header too large") }
        return .needMore(expectContinue: false)
      }
      if end.headerLength > limits.maxHeaderBytes { throw HTTPParseError(431, "request header too large") }
      head = try parseHead(Array(buffer[0..<end.headerLength]))
      buffer.removeFirst(end.totalLength)
      continueAnnounced = false
    }
    guard let h = head else { return .needMore(expectContinue: false) }
    guard buffer.count >= h.contentLength else {
      let announce = h.expectsContinue && !continueAnnounced
      continueAnnounced = continueAnnounced || announce
      return .needMore(expectContinue: announce)
    }
    let body = Data(buffer[0..<h.contentLength])
    buffer.removeFirst(h.contentLength)
    head = nil
    return .request(
      HTTPRequest(
        method: h.method, target: h.target, version: h.version, headers: h.headers, body: body,
        connectionID: connectionID))
  }

  private mutating func skipLeadingEmptyLines() {
    var i = 0
    while i + 1 < buffer.count, buffer[i] == 13, buffer[i + 1] == 10 { i += 2 }
    if i > 0 { buffer.removeFirst(i) }
  }

  /// Where the head ends: the length of the head without the blank line, and with it.
  private func headEnd() -> (headerLength: Int, totalLength: Int)? {
    guard buffer.count >= 4 else { return nil }
    var i = 0
    let limit = min(buffer.count - 4, limits.maxHeaderBytes + 4)
    while i <= limit {
      if buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
        return (i, i + 4)
      }
      i += 1
    }
    return nil
  }

  private func parseHead(_ bytes: [UInt8]) throws(HTTPParseError) -> Head {
    guard let text = String(bytes: bytes, encoding: .utf8) ?? String(bytes: bytes, encoding: .isoLatin1) else {
      throw HTTPParseError(400, "request head is not text")
    }
    var lines = text.components(separatedBy: "\r\n")
    let requestLine = lines.removeFirst()
    let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
    guard parts.count == 3, Self.isToken(parts[0]), !parts[1].isEmpty else {
      throw HTTPParseError(400, "malformed request line")
    }
    let version = String(parts[2])
    guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
      if version.hasPrefix("HTTP/") { throw HTTPParseError(505, "unsupported HTTP version \(version)") }
      throw HTTPParseError(400, "malformed request line")
    }
    let target = String(parts[1])
    guard target.hasPrefix("/") || target == "*" || target.hasPrefix("http://") else {
      throw HTTPParseError(400, "malformed request target")
    }
    guard lines.count <= limits.maxHeaderCount else { throw HTTPParseError(431, "too many header fields") }
    var headers = HTTPHeaders()
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { throw HTTPParseError(400, "malformed header field") }
      let name = line[..<colon]
      guard Self.isToken(name) else { throw HTTPParseError(400, "malformed header field name") }
      let value = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
      headers.add(String(name), value)
    }
    if !headers.values("transfer-encoding").isEmpty {
      throw HTTPParseError(501, "Transfer-Encoding request bodies are not supported; send Content-Length")
    }
    let lengths = Set(headers.values("content-length").map { $0.trimmingCharacters(in: .whitespaces) })
    guard lengths.count <= 1 else { throw HTTPParseError(400, "conflicting Content-Length headers") }
    var length = 0
    if let l = lengths.first {
      guard !l.isEmpty, l.allSatisfy(\.isASCII), l.allSatisfy(\.isNumber), l.count <= 18, let n = Int(l) else {
        throw HTTPParseError(400, "invalid Content-Length")
      }
      length = n
    }
    if length > limits.maxBodyBytes {
      throw HTTPParseError(413, "request body of \(length) bytes exceeds the limit of \(limits.maxBodyBytes)")
    }
    let expects = (headers["expect"] ?? "").lowercased() == "100-continue"
    return Head(
      method: String(parts[0]), target: target, version: version, headers: headers, contentLength: length,
      expectsContinue: expects && version == "HTTP/1.1" && length > 0)
  }

  static func isToken(_ s: Substring) -> Bool {
    guard !s.isEmpty else { return false }
    return s.utf8.allSatisfy { c in
      (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
        || "!#$%&'*+-.^_`|~".utf8.contains(c)
    }
  }
}
