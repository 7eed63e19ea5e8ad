import Foundation
import Testing

@testable import AliCloudCore

struct JSONTextTests {
  static let valid: [(String, JSONValue)] = [
    ("null", .null), ("true", true), (" false ", false), ("0", 0), ("-0", 0), ("42", 42),
    ("-17", -17), ("9223372036854775807", .int(Int.max)), ("-9223372036854775808", .int(Int.min)),
    ("9223372036854775808", .double(9_223_372_036_854_775_808)), ("1.5", 1.5), ("-2.5e3", -2500.0),
    ("1E2", 100.0), ("1e-2", 0.01), (#""""#, ""), (#""a\"b\\c\/d""#, "a\"b\\c/d"),
    (#""\b\f\n\r\t""#, "\u{8}\u{c}\n\r\t"), (#""\u00e9\u4E2D""#, "é中"), (#""\ud83d\ude00""#, "😀"),
    ("\"中文 😀\"", "中文 😀"), ("[]", []), ("{}", [:]), ("[1,[2,[3]]]", [1, [2, [3]]]),
    (#"{"a":{"b":[true,null]},"c":"d"}"#, ["a": ["b": [true, nil]], "c": "d"]),
    ("\t\r\n [ 1 , 2 ] \n", [1, 2]),
  ]

  @Test(arguments: valid.indices) func parsesValidText(_ i: Int) throws {
    let (text, expected) = Self.valid[i]
    #expect(try JSONValue.parse(text) == expected)
    #expect(try JSONValue.parse(Data(text.utf8)) == expected)
    #expect(try JSONValue.parse(bytes: Array(text.utf8)) == expected)
  }

  static let invalid: [(String, Int, String)] = [
    ("", 0, "empty input"), ("   ", 3, "no JSON value"), ("{", 1, "unterminated object"),
    ("[1,]", 3, "unexpected character ']'"), ("[1 2]", 3, "expected ',' or ']'"),
    ("01", 0, "leading zero"), ("1.", 2, "expected digits after '.'"), ("-", 0, "invalid number"),
    ("1e", 2, "expected digits in exponent"), (".5", 0, "unexpected character '.'"),
    ("tru", 0, "invalid literal"), ("nulx", 3, "invalid literal"), ("\"abc", 0, "unterminated string"),
    ("\"a\nb\"", 2, "control character"), (#""\x""#, 1, "invalid escape"),
    (#""\ud83d""#, 1, "lone surrogate"), (#""\ude00""#, 1, "lone surrogate"),
    (#""\ud83d\u0041""#, 1, "invalid surrogate pair"), (#""\u12G4""#, 5, "invalid hex digit"),
    ("{\"a\" 1}", 5, "expected ':'"), ("{1:2}", 1, "expected a string key"), ("[1] x", 4, "unexpected data"),
    ("{\"a\":1}}", 7, "unexpected data"), ("1e999", 0, "out of range"), ("NaN", 0, "unexpected character 'N'"),
  ]

  @Test(arguments: invalid.indices) func rejectsInvalidTextWithOffset(_ i: Int) {
    let (text, offset, message) = Self.invalid[i]
    do {
      _ = try JSONValue.parse(text)
      Issue.record("accepted \(text)")
    } catch {
      #expect(error.offset == offset, "\(text): \(error)")
      #expect(error.message.contains(message), "\(text): \(error)")
    }
  }

  @Test func rejectsInvalidUTF8() {
    let cases: [[UInt8]] = [
      [0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xE0, 0x80, 0xAF, 0x22],
      [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xE4, 0xB8, 0x22],
      [0x22, 0xC3],
    ]
    for bytes in cases {
      #expect(throws: JSONValue.ParseError.self, "\(bytes)") { try JSONValue.parse(bytes: bytes) }
    }
  }

  @Test func limitsDepth() throws {
    let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
    #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(deep) }
    let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
    _ = try JSONValue.parse(ok)
    #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(bytes: Array(ok.utf8), maxDepth: 10) }
  }

  static let printed: [(JSONValue, String)] = [
    (.null, "null"), (true, "true"), (0, "0"), (-123, "-123"), (.int(Int.min), "-9223372036854775808"),
    (1.5, "1.5"), (.double(.nan), "null"), ("a\"b\\c\n\u{1}/é", #""a\"b\\c\n\u0001/é""#),
    ([:], "{}"), ([], "[]"), (["b": 1, "a": [nil, "x"], "C": [:]], #"{"C":{},"a":[null,"x"],"b":1}"#),
  ]

  @Test(arguments: printed.indices) func printsCompactSorted(_ i: Int) {
    let (value, text) = Self.printed[i]
    #expect(value.jsonString() == text)
  }

  @Test func printsPretty() {
    let v: JSONValue = ["b": [1, 2], "a": [:], "c": ["x": "y"]]
    let expected = """
      {
        "a": {},
        "b": [
          1,
          2
        ],
        "c": {
          "x": "y"
        }
      }
      """
    #expect(v.jsonString(pretty: true) == expected)
  }

  @Test func roundTripsThroughText() throws {
    let v: JSONValue = ["s": "中文 😀 \u{7f} \t", "n": [0, -1, 1e300, 2.5e-8, .int(Int.max)], "o": ["k": nil]]
    #expect(try JSONValue.parse(v.jsonString()) == v)
    #expect(try JSONValue.parse(v.jsonString(pretty: true)) == v)
  }
}
