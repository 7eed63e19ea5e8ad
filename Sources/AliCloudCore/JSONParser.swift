import Foundation

/// A strict RFC 8259 parser over UTF-8 bytes. Rejects invalid UTF-8, control characters in
/// strings, lone surrogates, leading zeros, trailing garbage and nesting deeper than `maxDepth`.
/// Integers that fit in `Int` become `.int`; every other number becomes `.double`.
struct JSONParser {
  typealias ParseError = JSONValue.ParseError
  let bytes: UnsafeRawBufferPointer
  let maxDepth: Int
  var pos = 0
  var depth = 0
  /// Members of the objects being parsed, innermost last: each object becomes one dictionary of
  /// the right size when it closes, instead of growing (and rehashing) member by member.
  var members: [(String, JSONValue)] = []

  init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  mutating func parseDocument() throws(ParseError) -> JSONValue {
    skipWhitespace()
    if pos == bytes.count { throw fail(bytes.isEmpty ? "empty input" : "no JSON value") }
    let value = try parseValue()
    skipWhitespace()
    if pos != bytes.count { throw fail("unexpected data after the JSON value") }
    return value
  }

  func fail(_ message: String, at offset: Int? = nil) -> ParseError {
    ParseError(message: message, offset: offset ?? pos)
  }

  @inline(__always) mutating func skipWhitespace() {
    while pos < bytes.count {
      let b = bytes[pos]
      guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
      pos += 1
    }
  }

  mutating func parseValue() throws(ParseError) -> JSONValue {
    guard pos < bytes.count else { throw fail("unexpected end of input") }
    switch bytes[pos] {
    case 0x7B: return try parseObject()
    case 0x5B: return try parseArray()
    case 0x22: return .string(try parseString())
    case 0x74: return try literal("true", .bool(true))
    case 0x66: return try literal("false", .bool(false))
    case 0x6E: return try literal("null", .null)
    case 0x2D, 0x30...0x39: return try parseNumber()
    default: throw fail(unexpected(bytes[pos]))
    }
  }

  func unexpected(_ b: UInt8) -> String {
    if b >= 0x21 && b < 0x7F { return "unexpected character '\(Character(UnicodeScalar(b)))'" }
    return "unexpected byte 0x\(String(b, radix: 16))"
  }

  mutating func literal(_ word: StaticString, _ value: JSONValue) throws(ParseError) -> JSONValue {
    let n = word.utf8CodeUnitCount
    guard pos + n <= bytes.count else { throw fail("invalid literal") }
    for i in 0..<n where bytes[pos + i] != word.utf8Start[i] { throw fail("invalid literal", at: pos + i) }
    pos += n
    return value
  }

  mutating func enter() throws(ParseError) {
    depth += 1
    if depth > maxDepth { throw fail("nesting deeper than \(maxDepth)") }
  }

  mutating func parseArray() throws(ParseError) -> JSONValue {
    try enter()
    pos += 1
    var items: [JSONValue] = []
    skipWhitespace()
    if pos < bytes.count && bytes[pos] == 0x5D {
      pos += 1
      depth -= 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try parseValue())
      skipWhitespace()
      guard pos < bytes.count else { throw fail("unterminated array") }
      let b = bytes[pos]
      pos += 1
      if b == 0x2C { continue }
      if b == 0x5D { break }
      throw fail("expected ',' or ']' in array", at: pos - 1)
    }
    depth -= 1
    return .array(items)
  }

  mutating func parseObject() throws(ParseError) -> JSONValue {
    try enter()
    pos += 1
    skipWhitespace()
    if pos < bytes.count && bytes[pos] == 0x7D {
      pos += 1
      depth -= 1
      return .object([:])
    }
    if members.capacity == 0 { members.reserveCapacity(8) }
    let base = members.count
    while true {
      skipWhitespace()
      guard pos < bytes.count, bytes[pos] == 0x22 else {
        throw fail(pos < bytes.count ? "expected a string key in object" : "unterminated object")
      }
      let key = try parseString()
      skipWhitespace()
      guard pos < bytes.count, bytes[pos] == 0x3A else { throw fail("expected ':' after object key") }
      pos += 1
      skipWhitespace()
      let value = try parseValue()
      members.append((key, value))
      skipWhitespace()
      guard pos < bytes.count else { throw fail("unterminated object") }
      let b = bytes[pos]
      pos += 1
      if b == 0x2C { continue }
      if b == 0x7D { break }
      throw fail("expected ',' or '}' in object", at: pos - 1)
    }
    depth -= 1
    var object = [String: JSONValue](minimumCapacity: members.count - base)
    for i in base..<members.count { object[members[i].0] = members[i].1 }  // a repeated key: the last wins
    members.removeSubrange(base...)
    return .object(object)
  }
}
