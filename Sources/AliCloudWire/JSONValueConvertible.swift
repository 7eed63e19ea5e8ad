import AliCloudCore

/// Things that print as JSON into a frame.
public protocol JSONValueConvertible {
  func writeJSON(to out: inout [UInt8])
}

extension JSONValue: JSONValueConvertible {
  public func writeJSON(to out: inout [UInt8]) { write(to: &out) }
}

// Messages print member by member, in the sorted key order `JSONValue` objects print in, so the
// bytes are the same as printing `json` without building its dictionaries on every frame.

extension RPCRequest: JSONValueConvertible {
  public func writeJSON(to out: inout [UInt8]) {
    var o = JSONMemberWriter(&out)
    if let id { o.member("id", &out) { id.json.write(to: &$0) } }
    o.member("jsonrpc", &out) { $0.append(contentsOf: Self.version) }
    o.member("method", &out) { JSONValue.writeString(method, to: &$0) }
    if let params { o.member("params", &out) { params.write(to: &$0) } }
    out.append(0x7D)
  }

  static let version: [UInt8] = Array("\"2.0\"".utf8)
}

extension RPCResponse: JSONValueConvertible {
  public func writeJSON(to out: inout [UInt8]) {
    var o = JSONMemberWriter(&out)
    if case .failure(let e) = outcome { o.member("error", &out) { e.json.write(to: &$0) } }
    o.member("id", &out) { id.json.write(to: &$0) }
    o.member("jsonrpc", &out) { $0.append(contentsOf: RPCRequest.version) }
    if case .success(let r) = outcome { o.member("result", &out) { r.write(to: &$0) } }
    out.append(0x7D)
  }
}

/// Writes `{` then `"key":value` members separated by commas; the caller closes with `}`.
struct JSONMemberWriter {
  var first = true

  init(_ out: inout [UInt8]) { out.append(0x7B) }

  mutating func member(_ key: StaticString, _ out: inout [UInt8], _ value: (inout [UInt8]) -> Void) {
    if !first { out.append(0x2C) }
    first = false
    out.append(0x22)
    out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    out.append(contentsOf: [0x22, 0x3A])
    value(&out)
  }
}

/// A batch's responses print as one JSON array.
extension Array: JSONValueConvertible where Element == RPCResponse {
  public func writeJSON(to out: inout [UInt8]) {
    out.append(0x5B)
    for (i, r) in enumerated() {
      if i > 0 { out.append(0x2C) }
      r.writeJSON(to: &out)
    }
    out.append(0x5D)
  }
}
