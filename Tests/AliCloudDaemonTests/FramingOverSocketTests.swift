import AliCloudCatalog
import AliCloudCore
import AliCloudWire
import Testing

@testable import TestSupport

/// Framing and JSON-RPC validation over a real Unix socket.
@Suite struct FramingOverSocketTests {
  func ping(_ id: JSONValue) -> [UInt8] {
    FrameEncoder.encode(["jsonrpc": "2.0", "id": id, "method": "daemon.ping"] as JSONValue)
  }

  @Test func framesSplitByteByByte() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    let bytes = ping(1) + ping("two")
    for b in bytes { s.send([b]) }
    #expect(await s.readFrame()?["id"] == 1)
    #expect(await s.readFrame()?["id"] == "two")
    await f.stop()
  }

  @Test func severalFramesInOneWrite() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    s.send((0..<20).flatMap { ping(.int($0)) })
    var ids: [JSONValue] = []
    for _ in 0..<20 { ids.append(await s.readFrame()?["id"] ?? "missing") }
    #expect(ids == (0..<20).map { .int($0) })
    await f.stop()
  }

  @Test func zeroLengthFrameGetsErrorThenClose() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    s.send([0, 0, 0, 0])
    let reply = await s.readFrame()
    #expect(reply?["error"]?["data"]?["name"] == "alicloudd.InvalidFrame")
    #expect(reply?["id"] == .null)
    #expect(await s.readsEOF())
    await f.stop()
  }

  @Test func oversizedFrameIsRejectedFromItsHeader() async throws {
    let f = try DaemonFixture { $0.connection.limits = FrameLimits(maxBody: 1024) }
    let s = try f.raw()
    s.send([0x00, 0x00, 0x04, 0x01])  // 1025 bytes declared, none sent
    let reply = await s.readFrame()
    #expect(reply?["error"]?["code"] == -32006)
    #expect(reply?["error"]?["data"]?["max"] == 1024)
    #expect(await s.readsEOF())
    let huge = try f.raw()
    huge.send([0xFF, 0xFF, 0xFF, 0xFF])  // 4 GiB declared: answered without allocating
    #expect(await huge.readFrame()?["error"]?["data"]?["name"] == "alicloudd.FrameTooLarge")
    await f.stop()
  }

  @Test func plainTextClientGetsReadableError() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    s.send(Array(#"{"jsonrpc":"2.0","id":1,"method":"daemon.ping"}"#.utf8) + [0x0A])
    let message = await s.readFrame()?["error"]?["message"]?.stringValue ?? ""
    #expect(message.contains("length prefix"))
    #expect(await s.readsEOF())
    await f.stop()
  }

  static let badMessages: [(String, Int, String, JSONValue)] = [
    ("not json", -32700, "alicloudd.ParseError", .null),
    (#"{"a":1} x"#, -32700, "alicloudd.ParseError", .null),
    ("42", -32600, "alicloudd.InvalidRequest", .null),
    (#"{"jsonrpc":"2.0","id":5}"#, -32600, "alicloudd.InvalidRequest", 5),
    (#"{"jsonrpc":"1.0","id":"k","method":"daemon.ping"}"#, -32600, "alicloudd.InvalidRequest", "k"),
    ("[]", -32600, "alicloudd.InvalidRequest", .null),
    (
      #"{"jsonrpc":"2.0","id":6,"method":"vpc/create","params":{"inputs":[{"vpcName":[1]}]}}"#, -32602,
      "alicloudd.InvalidParams", 6
    ),
    (#"{"jsonrpc":"2.0","id":7,"method":"vpc/create","params":[1]}"#, -32602, "alicloudd.InvalidParams", 7),
    (#"{"jsonrpc":"2.0","id":8,"method":"vpc/craete","params":{}}"#, -32601, "alicloudd.MethodNotFound", 8),
    (#"{"jsonrpc":"2.0","id":9,"method":"vswitch/create","params":{"inputs":[]}}"#, -32004, "alicloudd.NoHandler", 9),
  ]

  /// Each bad message gets one error with the recovered id, and the connection stays usable.
  @Test(arguments: badMessages.indices) func badMessageGetsErrorAndConnectionSurvives(_ i: Int) async throws {
    let (text, code, name, id) = Self.badMessages[i]
    let f = try DaemonFixture()
    let s = try f.raw()
    s.send(FrameEncoder.frame(body: Array(text.utf8)))
    let reply = await s.readFrame()
    #expect(reply?["error"]?["code"]?.intValue == code, "\(text)")
    #expect(reply?["error"]?["data"]?["name"]?.stringValue == name, "\(text)")
    #expect(reply?["id"] == id)
    s.send(ping("after"))
    #expect(await s.readFrame()?["id"] == "after")
    await f.stop()
  }

  /// protocol/README.md §4: an input text over its field's limit, or holding a control character,
  /// is refused with -32602 naming the field and the limit before the operation runs.
  @Test func inputTextLimitsAreRefusedOverTheSocket() async throws {
    let runs = Counter()
    var handlers = TestHandlers.all
    handlers["vpc/create"] = { params, context in
      runs.increment()
      return try await TestHandlers.echo(params, context)
    }
    let f = try DaemonFixture(handlers: handlers)
    let s = try f.raw()
    s.request(1, "vpc/create", ["inputs": [[:], ["vpcName": .string(String(repeating: "v", count: 100_000))]]])
    let long = await s.readFrame()?["error"]
    #expect(long?["code"] == -32602)
    #expect(long?["data"]?["field"] == "inputs[1].vpcName")
    #expect(long?["message"]?.stringValue?.contains("\(FieldSpec.defaultMaxBytes)") == true)
    s.request(2, "vpc/create", ["inputs": [["description": "a\u{0}b"]]])
    let nul = await s.readFrame()?["error"]
    #expect(nul?["code"] == -32602)
    #expect(nul?["data"]?["field"] == "inputs[0].description")
    #expect(nul?["message"]?.stringValue?.contains("U+0000") == true)
    s.request(3, "vpc/create", ["inputs": [["description": "line one\r\n\tline two"]]])
    #expect(await s.readFrame()?["result"]?["echo"] != nil, "tab, CR and LF are allowed")
    #expect(runs.value == 1, "refused calls never reach the operation")
    await f.stop()
  }

  @Test func invalidParamsNameTheFieldAndUnknownMethodsSuggest() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    s.request(1, "vpc/create", ["inputs": [["vpcName": ["x": 1]]]])
    #expect(await s.readFrame()?["error"]?["data"]?["field"] == "inputs[0].vpcName")
    s.request(2, "vpc/craete", [:])
    let e = await s.readFrame()?["error"]
    #expect(e?["message"]?.stringValue?.contains("did you mean vpc/create") == true)
    await f.stop()
  }

  @Test func notificationGetsNoReplyButIDNullDoes() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    s.sendFrame(["jsonrpc": "2.0", "method": "daemon.ping"])
    s.sendFrame(["jsonrpc": "2.0", "method": "no.such.method"])
    s.sendFrame(["jsonrpc": "2.0", "id": nil, "method": "daemon.ping"])
    let reply = await s.readFrame()
    #expect(reply?["id"] == .null)
    #expect(reply?["result"]?["version"] != nil)
    #expect(await s.readFrame(timeout: .milliseconds(100)) == nil)
    await f.stop()
  }

  @Test func nonASCIIPayloadRoundTrips() async throws {
    let f = try DaemonFixture()
    let c = try f.client()
    // An unknown field, so that the catalogue's text limits do not apply.
    let name = "中文名称 😀 ✓ " + String(repeating: "é", count: 100_000)
    let r = try await c.call("vpc/create", params: ["inputs": [["payload": .string(name)]]])
    #expect(r["echo"]?["inputs"]?[0]?["payload"]?.stringValue == name)
    await f.stop()
  }

  @Test func clientClosingMidReplyLeavesDaemonRunning() async throws {
    let f = try DaemonFixture()
    for _ in 0..<5 {
      let s = try f.raw()
      let big = String(repeating: "x", count: 2_000_000)
      for i in 0..<4 { s.request(.int(i), "vpc/create", ["inputs": [["payload": .string(big)]]]) }
      _ = await s.readFrame(timeout: .milliseconds(1))
    }  // each socket closes with replies still being written
    let c = try f.client()
    #expect(try await c.call("daemon.ping")["version"] != nil)
    await f.stop()
  }
}
