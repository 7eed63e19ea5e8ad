import AliCloudCore

/// A request id: string, number or null, echoed exactly as given. (`"id": null` is a request that
/// gets a reply; a missing id makes a notification.)
public enum RPCID: Sendable, Hashable, CustomStringConvertible {
  case null
  case int(Int)
  case double(Double)
  case string(String)

  public init?(json: JSONValue) {
    switch json {
    case .null: self = .null
    case .int(let i): self = .int(i)
    case .double(let d): self = .double(d)
    case .string(let s): self = .string(s)
    default: return nil
    }
  }

  public var json: JSONValue {
    switch self {
    case .null: return .null
    case .int(let i): return .int(i)
    case .double(let d): return .double(d)
    case .string(let s): return .string(s)
    }
  }

  /// The id as text, for logs and operation contexts.
  public var description: String {
    switch self {
    case .string(let s): return s
    default: return json.jsonString()
    }
  }
}
