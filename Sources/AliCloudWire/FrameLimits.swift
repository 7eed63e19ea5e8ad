/// Frame size limits. A frame is a 4-byte big-endian unsigned length (the number of UTF-8 bytes of
/// the JSON body) followed by the body.
public struct FrameLimits: Sendable, Hashable {
  public static let headerSize = 4
  /// The default maximum body size: 4 MiB.
  public static let defaultMaxBody = 4 << 20
  /// No configuration may exceed 16 MiB.
  public static let hardCeiling = 16 << 20

  public let maxBody: Int

  /// Clamps `maxBody` to 1...16 MiB.
  public init(maxBody: Int = FrameLimits.defaultMaxBody) {
    self.maxBody = min(max(maxBody, 1), FrameLimits.hardCeiling)
  }

  public static let `default` = FrameLimits()
}

/// Why the byte stream cannot be read as frames. After any of these, the stream is out of sync:
/// answer once (id null) and close.
public enum FrameError: Error, Sendable, Hashable, CustomStringConvertible {
  case zeroLength
  case tooLarge(length: Int, max: Int)
  /// The first byte is not a plausible length byte: most likely plain text (JSON typed into nc).
  case notFramed(firstByte: UInt8)
  /// A frame begun but not completed within the connection's frame timeout.
  case timedOut(after: Duration)

  public var description: String { rpcError.message }

  public var rpcError: RPCError {
    switch self {
    case .zeroLength: return RPCError(.invalidFrame, "invalid frame: zero length")
    case .tooLarge(let length, let max): return .frameTooLarge(length: length, max: max)
    case .notFramed(let b):
      let shown = b >= 0x20 && b < 0x7F ? "'\(Character(UnicodeScalar(b)))'" : "0x\(String(b, radix: 16))"
      return RPCError(
        .invalidFrame,
        "not a frame: first byte \(shown); every message needs a 4-byte big-endian length prefix (see protocol/README.md)"
      )
    case .timedOut(let t):
      let seconds = Double(t.components.seconds) + Double(t.components.attoseconds) / 1e18
      let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
      return RPCError(
        .frameTimeout, "frame not completed within \(shown) s of its first byte; closing the connection",
        details: ["timeoutSeconds": .double(seconds)])
    }
  }
}

/// Builds frames.
public enum FrameEncoder {
  /// Appends a frame holding `value`'s compact JSON text to `out`. Returns the body's length,
  /// which callers that may produce large bodies check (see `appendReply`).
  @discardableResult
  public static func append(_ value: JSONValueConvertible, to out: inout [UInt8]) -> Int {
    let start = out.count
    out.append(contentsOf: [0, 0, 0, 0])
    value.writeJSON(to: &out)
    let length = out.count - start - FrameLimits.headerSize
    writeHeader(length, at: start, in: &out)
    return length
  }

  /// Appends the frame of a reply. A reply whose body would exceed `max` (by default the 16 MiB
  /// every client reads) is never sent: the same id is answered with -32603
  /// `alicloudd.ReplyTooLarge` instead. Returns false in that case.
  @discardableResult
  public static func appendReply(
    _ response: RPCResponse, to out: inout [UInt8], max: Int = FrameLimits.hardCeiling
  ) -> Bool {
    let start = out.count
    let length = append(response, to: &out)
    guard length > max else { return true }
    out.removeSubrange(start...)
    append(RPCResponse(id: response.id, error: .replyTooLarge(length: length, max: max)), to: &out)
    return false
  }

  public static func encode(_ value: JSONValueConvertible) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(128)
    append(value, to: &out)
    return out
  }

  /// A frame around an already-encoded body (at most 4 GiB - 1 bytes, the header's range).
  public static func frame(body: [UInt8]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: FrameLimits.headerSize)
    writeHeader(body.count, at: 0, in: &out)
    return out + body
  }

  /// Writes the 4-byte big-endian length. Lengths beyond the header's range are written as the
  /// largest value, which every reader refuses as too large, never wrapped to a small one.
  static func writeHeader(_ length: Int, at start: Int, in out: inout [UInt8]) {
    let n = UInt32(clamping: length)
    out[start] = UInt8(n >> 24)
    out[start + 1] = UInt8((n >> 16) & 0xFF)
    out[start + 2] = UInt8((n >> 8) & 0xFF)
    out[start + 3] = UInt8(n & 0xFF)
  }
}
