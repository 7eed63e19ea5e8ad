import Foundation

/// Parsing and printing JSON text (RFC 8259). Object keys are printed sorted, so output is
/// deterministic. The parser and printer work on UTF-8 bytes directly (JSONParser, JSONPrinter).
extension JSONValue {
  public struct ParseError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    /// The byte offset in the input where the problem was found.
    public var offset: Int?

    public init(message: String, offset: Int? = nil) {
      self.message = message
      self.offset = offset
    }

    public var description: String {
      guard let offset else { return message }
      return "\(message) at byte \(offset)"
    }
  }

  /// The default nesting limit of arrays and objects.
  public static let defaultMaxDepth = 512

  public static func parse(_ data: Data) throws(ParseError) -> JSONValue {
    var result: Result<JSONValue, ParseError> = .failure(ParseError(message: "empty input", offset: 0))
    data.withUnsafeBytes { buf in result = Result { () throws(ParseError) in try parse(bytes: buf) } }
    return try result.get()
  }

  public static func parse(_ text: String) throws(ParseError) -> JSONValue {
    var text = text
    var result: Result<JSONValue, ParseError> = .failure(ParseError(message: "empty input", offset: 0))
    text.withUTF8 { buf in
      result = Result { () throws(ParseError) in try parse(bytes: UnsafeRawBufferPointer(buf)) }
    }
    return try result.get()
  }

  public static func parse(bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(ParseError) -> JSONValue {
    var result: Result<JSONValue, ParseError> = .failure(ParseError(message: "empty input", offset: 0))
    bytes.withUnsafeBytes { buf in
      result = Result { () throws(ParseError) in try parse(bytes: buf, maxDepth: maxDepth) }
    }
    return try result.get()
  }

  /// Parses exactly one JSON value filling `bytes` (surrounding whitespace allowed).
  public static func parse(bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws(ParseError)
    -> JSONValue
  {
    var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
    return try parser.parseDocument()
  }

  public func jsonData(pretty: Bool = false) -> Data {
    Data(jsonBytes(pretty: pretty))
  }

  public func jsonString(pretty: Bool = false) -> String {
    String(decoding: jsonBytes(pretty: pretty), as: UTF8.self)
  }

  public func jsonBytes(pretty: Bool = false) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(64)
    write(to: &out, pretty: pretty)
    return out
  }

  /// Appends `s` as a JSON string (quoted and escaped) to `out`.
  public static func writeString(_ s: String, to out: inout [UInt8]) {
    JSONPrinter.writeString(s, to: &out)
  }

  /// Appends this value's JSON text to `out`.
  public func write(to out: inout [UInt8], pretty: Bool = false) {
    var printer = JSONPrinter(pretty: pretty)
    printer.write(self, to: &out, indent: 0)
  }
}
