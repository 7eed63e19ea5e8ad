import AliCloudCore
import Testing

@testable import AliCloudWire

struct FrameDecoderTests {
  let messages: [JSONValue] = [["a": 1], ["text": "中文 😀 emoji"], .string(String(repeating: "x", count: 70_000))]

  func stream() -> [UInt8] { messages.flatMap { FrameEncoder.encode($0) } }

  func drain(_ d: inout FrameDecoder) throws -> [JSONValue] {
    var out: [JSONValue] = []
    while let body = try d.nextFrame() { out.append(try JSONValue.parse(bytes: body)) }
    return out
  }

  @Test func headerCountsUTF8Bytes() {
    let frame = FrameEncoder.encode(JSONValue.string("é"))
    #expect(frame == [0, 0, 0, 4, 0x22, 0xC3, 0xA9, 0x22])
  }

  @Test func decodesByteByByte() throws {
    var d = FrameDecoder()
    var got: [JSONValue] = []
    for b in stream() {
      d.feed([b])
      got += try drain(&d)
    }
    #expect(got == messages)
    #expect(d.bufferedByteCount == 0)
  }

  @Test func decodesSeveralFramesInOneFeed() throws {
    var d = FrameDecoder()
    d.feed(stream())
    #expect(try drain(&d) == messages)
  }

  @Test(arguments: [1, 3, 4, 5, 7, 4096]) func decodesAnySplit(_ chunk: Int) throws {
    var d = FrameDecoder()
    let s = stream()
    var got: [JSONValue] = []
    for start in stride(from: 0, to: s.count, by: chunk) {
      d.feed(Array(s[start..<min(start + chunk, s.count)]))
      got += try drain(&d)
    }
    #expect(got == messages)
  }

  @Test func rejectsZeroLength() {
    var d = FrameDecoder()
    d.feed([0, 0, 0, 0, 1])
    #expect(throws: FrameError.zeroLength) { try d.nextFrame() }
    #expect(throws: FrameError.zeroLength) { try d.nextFrame() }
  }

  @Test func rejectsOversizeFromTheHeaderAlone() {
    var d = FrameDecoder(limits: FrameLimits(maxBody: 100))
    d.feed([0, 0, 0, 101])
    #expect(throws: FrameError.tooLarge(length: 101, max: 100)) { try d.nextFrame() }
    var e = FrameDecoder()
    e.feed([0x00, 0x40, 0x00, 0x01])
    #expect(throws: FrameError.tooLarge(length: (4 << 20) + 1, max: 4 << 20)) { try e.nextFrame() }
  }

  @Test func rejectsPlainTextOnTheFirstByte() {
    var d = FrameDecoder()
    d.feed(Array("{".utf8))
    #expect(throws: FrameError.notFramed(firstByte: 0x7B)) { try d.nextFrame() }
    #expect(FrameError.notFramed(firstByte: 0x7B).rpcError.message.contains("length prefix"))
    #expect(FrameError.notFramed(firstByte: 0x7B).rpcError.name == "alicloudd.InvalidFrame")
  }

  @Test func limitsAreClampedToTheHardCeiling() {
    #expect(FrameLimits(maxBody: 1 << 30).maxBody == 16 << 20)
    #expect(FrameLimits(maxBody: 0).maxBody == 1)
    var d = FrameDecoder(limits: FrameLimits(maxBody: 1 << 30))
    d.feed([0x01, 0x00, 0x00, 0x01])
    #expect(throws: FrameError.tooLarge(length: (16 << 20) + 1, max: 16 << 20)) { try d.nextFrame() }
  }

  @Test func waitsForPartialHeaderAndBody() throws {
    var d = FrameDecoder()
    d.feed([0, 0])
    #expect(try d.nextFrame() == nil)
    d.feed([0, 2, 0x31])
    #expect(try d.nextFrame() == nil)
    d.feed([0x32])
    #expect(try d.nextFrame() == Array("12".utf8))
  }
}
