import AliCloudCore

/// Things that print as JSON into a frame.
public protocol JSONValueConvertible {
  func writeJSON(to out: inout [UInt8])
}

extension JSONValue: JSONValueConvertible {
  public func writeJSON(to out: inout [UInt8]) { write(to: &out) }
}

extension RPCRequest: JSONValueConvertible {
  public func writeJSON(to out: inout [UInt8]) { json.write(to: &out) }
}

extension RPCResponse: JSONValueConvertible {
  public func writeJSON(to out: inout [UInt8]) { json.write(to: &out) }
}
