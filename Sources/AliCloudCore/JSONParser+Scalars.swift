import Foundation

extension JSONParser {
  /// Parses a string starting at the opening quote. Plain runs are validated as UTF-8 and copied
  /// in one step; escapes go through a scratch buffer.
  mutating func parseString() throws(ParseError) -> String {
    let open = pos
    pos += 1
    var runStart = pos
    var scratch: [UInt8]? = nil
    while true {
      guard pos < bytes.count else { throw fail("unterminated string", at: open) }
      let b = bytes[pos]
      if b == 0x22 {
        let run = UnsafeRawBufferPointer(rebasing: bytes[runStart..<pos])
        pos += 1
        if var s = scratch {
          s.append(contentsOf: run)
          return String(decoding: s, as: UTF8.self)
        }
        return String(decoding: run, as: UTF8.self)
      } else if b == 0x5C {
        if scratch == nil { scratch = [] }
        scratch!.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<pos]))
        try parseEscape(into: &scratch!)
        runStart = pos
      } else if b < 0x20 {
        throw fail("control character in string (must be escaped)")
      } else if b < 0x80 {
        pos += 1
      } else {
        try validateUTF8Sequence()
      }
    }
  }

  /// Checks one multi-byte UTF-8 sequence at `pos` (no overlongs, no surrogates, at most U+10FFFF).
  mutating func validateUTF8Sequence() throws(ParseError) {
    let b0 = bytes[pos]
    let count: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch b0 {
    case 0xC2...0xDF: count = 2
    case 0xE0: (count, low) = (3, 0xA0)
    case 0xE1...0xEC, 0xEE...0xEF: count = 3
    case 0xED: (count, high) = (3, 0x9F)
    case 0xF0: (count, low) = (4, 0x90)
    case 0xF1...0xF3: count = 4
    case 0xF4: (count, high) = (4, 0x8F)
    default: throw fail("invalid UTF-8")
    }
    guard pos + count <= bytes.count else { throw fail("invalid UTF-8 (truncated sequence)") }
    let b1 = bytes[pos + 1]
    guard b1 >= low && b1 <= high else { throw fail("invalid UTF-8") }
    for i in 2..<max(2, count) where bytes[pos + i] & 0xC0 != 0x80 { throw fail("invalid UTF-8", at: pos + i) }
    pos += count
  }

  mutating func parseEscape(into out: inout [UInt8]) throws(ParseError) {
    let start = pos
    guard pos + 1 < bytes.count else { throw fail("unterminated escape") }
    let e = bytes[pos + 1]
    pos += 2
    switch e {
    case 0x22: out.append(0x22)
    case 0x5C: out.append(0x5C)
    case 0x2F: out.append(0x2F)
    case 0x62: out.append(0x08)
    case 0x66: out.append(0x0C)
    case 0x6E: out.append(0x0A)
    case 0x72: out.append(0x0D)
    case 0x74: out.append(0x09)
    case 0x75:
      var scalar = try hex4()
      if scalar >= 0xD800 && scalar < 0xDC00 {
        guard pos + 1 < bytes.count, bytes[pos] == 0x5C, bytes[pos + 1] == 0x75 else {
          throw fail("lone surrogate in \\u escape", at: start)
        }
        pos += 2
        let lowHalf = try hex4()
        guard lowHalf >= 0xDC00 && lowHalf < 0xE000 else { throw fail("invalid surrogate pair", at: start) }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (lowHalf - 0xDC00)
      } else if scalar >= 0xDC00 && scalar < 0xE000 {
        throw fail("lone surrogate in \\u escape", at: start)
      }
      out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
    default: throw fail("invalid escape", at: start)
    }
  }

  mutating func hex4() throws(ParseError) -> UInt32 {
    guard pos + 4 <= bytes.count else { throw fail("truncated \\u escape") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let c = bytes[pos]
      let d: UInt8
      switch c {
      case 0x30...0x39: d = c - 0x30
      case 0x41...0x46: d = c - 0x41 + 10
      case 0x61...0x66: d = c - 0x61 + 10
      default: throw fail("invalid hex digit in \\u escape")
      }
      v = v << 4 | UInt32(d)
      pos += 1
    }
    return v
  }

  mutating func parseNumber() throws(ParseError) -> JSONValue {
    let start = pos
    var negative = false
    if bytes[pos] == 0x2D {
      negative = true
      pos += 1
    }
    guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("invalid number", at: start) }
    if bytes[pos] == 0x30 {
      pos += 1
      if pos < bytes.count && isDigit(bytes[pos]) { throw fail("leading zero in number", at: start) }
    } else {
      while pos < bytes.count && isDigit(bytes[pos]) { pos += 1 }
    }
    let intEnd = pos
    var isInteger = true
    if pos < bytes.count && bytes[pos] == 0x2E {
      isInteger = false
      pos += 1
      guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("expected digits after '.'") }
      while pos < bytes.count && isDigit(bytes[pos]) { pos += 1 }
    }
    if pos < bytes.count && (bytes[pos] == 0x65 || bytes[pos] == 0x45) {
      isInteger = false
      pos += 1
      if pos < bytes.count && (bytes[pos] == 0x2B || bytes[pos] == 0x2D) { pos += 1 }
      guard pos < bytes.count, isDigit(bytes[pos]) else { throw fail("expected digits in exponent") }
      while pos < bytes.count && isDigit(bytes[pos]) { pos += 1 }
    }
    if isInteger, let i = exactInteger(from: negative ? start + 1 : start, to: intEnd, negative: negative) {
      return .int(i)
    }
    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
    guard let d = Double(text), d.isFinite else { throw fail("number out of range", at: start) }
    return .double(d)
  }

  @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

  /// The integer in `bytes[from..<to]` if it fits in `Int`.
  func exactInteger(from: Int, to: Int, negative: Bool) -> Int? {
    guard to - from <= 19 else { return nil }
    var magnitude: UInt64 = 0
    for i in from..<to { magnitude = magnitude * 10 + UInt64(bytes[i] - 0x30) }
    if negative {
      if magnitude <= UInt64(Int.max) { return -Int(magnitude) }
      return magnitude == UInt64(Int.max) + 1 ? Int.min : nil
    }
    return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil
  }
}
