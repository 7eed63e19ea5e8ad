import Foundation

/// Parsing and printing JSON text. Object keys are printed sorted, so output is deterministic.
extension JSONValue {
  public struct ParseError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }

  public static func parse(_ data: Data) throws(ParseError) -> JSONValue {
    do {
      return try JSONDecoder().decode(JSONValue.self, from: data)
    } catch {
      throw ParseError(message: "invalid JSON")
    }
  }

  public static func parse(_ text: String) throws(ParseError) -> JSONValue {
    try parse(Data(text.utf8))
  }

  public func jsonData(pretty: Bool = false) -> Data {
    let e = JSONEncoder()
    e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    return (try? e.encode(self)) ?? Data("null".utf8)
  }

  public func jsonString(pretty: Bool = false) -> String {
    String(decoding: jsonData(pretty: pretty), as: UTF8.self)
  }
}
