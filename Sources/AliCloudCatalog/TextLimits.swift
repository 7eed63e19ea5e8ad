import AliCloudCore

/// The limits on every text value of an operation's params (protocol/README.md §4), checked by
/// `normalized` before anything runs.
extension OperationSpec {
  /// `value` unchanged when it is not text, or text of at most `maxBytes` UTF-8 bytes free of C0
  /// control characters other than tab, line feed and carriage return. The message names the
  /// limit or the character, never the value (it may be a secret).
  /// `field` is built only when the text is refused.
  static func checkText(
    _ value: JSONValue, field: @autoclosure () -> String, maxBytes: Int
  ) throws(ParamsError) -> JSONValue {
    guard case .string(let text) = value else { return value }
    let utf8 = text.utf8
    if utf8.count > maxBytes {
      throw ParamsError(
        field: field(), message: "\(utf8.count) UTF-8 bytes exceed the maximum of \(maxBytes) bytes for this field")
    }
    // UTF-8 continuation and lead bytes are all >= 0x80, so a byte below 0x20 is a C0 character.
    if let offset = utf8.firstIndex(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
      let byte = utf8[offset]
      let hex = String(byte, radix: 16, uppercase: true)
      throw ParamsError(
        field: field(),
        message: "control character U+\(String(repeating: "0", count: 4 - hex.count) + hex) at byte "
          + "\(utf8.distance(from: utf8.startIndex, to: offset)) is not allowed; only tab, line feed and "
          + "carriage return may appear in text")
    }
    return value
  }
}
