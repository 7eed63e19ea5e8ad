import AliCloudCore
import Testing

@testable import AliCloudWire

@Suite struct ReplySizeTests {
  func header(_ frame: ArraySlice<UInt8>) -> Int {
    let b = Array(frame.prefix(4))
    return Int(b[0]) << 24 | Int(b[1]) << 16 | Int(b[2]) << 8 | Int(b[3])
  }

  @Test func replyOverTheMaximumIsReplacedByReplyTooLarge() throws {
    var out: [UInt8] = [9, 9]  // earlier frames in the same buffer are kept
    let big = RPCResponse(id: .string("a"), result: .string(String(repeating: "x", count: 500)))
    #expect(!FrameEncoder.appendReply(big, to: &out, max: 200))
    #expect(out.prefix(2) == [9, 9])
    let frame = out.dropFirst(2)
    #expect(header(frame) == frame.count - 4, "the header counts the replacement's bytes")
    var decoder = FrameDecoder()
    decoder.feed(Array(frame))
    let body = try #require(try decoder.nextFrame())
    let reply = try JSONValue.parse(bytes: body)
    #expect(reply["id"] == "a")
    #expect(reply["error"]?["code"] == -32603)
    #expect(reply["error"]?["data"]?["name"] == "alicloudd.ReplyTooLarge")
    #expect(reply["error"]?["data"]?["max"] == 200)
    #expect((reply["error"]?["data"]?["length"]?.intValue ?? 0) > 500)
  }

  @Test func replyWithinTheMaximumIsSentAsIs() throws {
    var out: [UInt8] = []
    let small = RPCResponse(id: .int(1), result: ["ok": true])
    #expect(FrameEncoder.appendReply(small, to: &out))
    #expect(out == FrameEncoder.encode(small))
    #expect(header(out[...]) == out.count - 4)
  }

  @Test func theDefaultMaximumIsTheProtocolCeiling() {
    var out: [UInt8] = []
    let over = RPCResponse(id: .int(1), result: .string(String(repeating: "y", count: FrameLimits.hardCeiling)))
    #expect(!FrameEncoder.appendReply(over, to: &out))
    #expect(out.count < 1000)
    #expect(header(out[...]) == out.count - 4)
  }

  @Test func frameHeadersNeverWrapAround() {
    var out = [UInt8](repeating: 0, count: 4)
    FrameEncoder.writeHeader(Int(UInt32.max) + 5, at: 0, in: &out)
    #expect(out == [0xFF, 0xFF, 0xFF, 0xFF], "too large to say is written as the largest length, never a small one")
    #expect(FrameEncoder.frame(body: [0x7B, 0x7D]) == [0, 0, 0, 2, 0x7B, 0x7D])
  }

  /// Ids round-trip exactly when they are strings, null, or integers within 64 bits (README §3).
  @Test func documentedIDsRoundTrip() throws {
    for text in ["\"abc\"", "null", "0", "-1", "9223372036854775807", "-9223372036854775808"] {
      let body = Array("{\"jsonrpc\":\"2.0\",\"id\":\(text),\"method\":\"m\"}".utf8)
      guard case .success(.request(let r)) = RPCMessage.decode(body), let id = r.id else {
        Issue.record("not decoded: \(text)")
        continue
      }
      var out: [UInt8] = []
      RPCResponse(id: id, result: .null).writeJSON(to: &out)
      #expect(String(decoding: out, as: UTF8.self).contains("\"id\":\(text),"), "\(text)")
    }
  }
}
