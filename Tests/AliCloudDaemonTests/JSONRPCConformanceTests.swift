import AliCloudCore
import AliCloudWire
import Testing

@testable import TestSupport

/// The single-message cases of the JSON-RPC 2.0 specification (section 7's examples and the rules
/// of sections 4 and 5), each sent as one frame over the daemon's socket. Batches are in
/// BatchTests. Every case is followed by a request with a known id, so a case that must get no
/// reply is checked by the next reply being that request's.
@Suite struct JSONRPCConformanceTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let frame: String
    /// nil: the message gets no reply at all.
    let id: JSONValue?
    /// nil: a result is expected.
    let code: Int?
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "a call with a string id echoes the id", frame: #"{"jsonrpc":"2.0","method":"daemon.ping","id":"abc"}"#,
      id: "abc", code: nil),
    Case(
      name: "a call with a number id echoes the number", frame: #"{"jsonrpc":"2.0","method":"daemon.ping","id":7}"#,
      id: 7, code: nil),
    Case(
      name: "a call with id null is answered with id null",
      frame: #"{"jsonrpc":"2.0","method":"daemon.ping","id":null}"#, id: .null, code: nil),
    Case(
      name: "empty params object is accepted", frame: #"{"jsonrpc":"2.0","method":"daemon.ping","params":{},"id":3}"#,
      id: 3, code: nil),
    Case(
      name: "a notification gets no reply", frame: #"{"jsonrpc":"2.0","method":"daemon.ping"}"#, id: nil, code: nil),
    Case(
      name: "a notification of an unknown method gets no reply", frame: #"{"jsonrpc":"2.0","method":"foobar"}"#,
      id: nil, code: nil),
    Case(
      name: "a non-existent method is -32601", frame: #"{"jsonrpc":"2.0","method":"foobar","id":"1"}"#, id: "1",
      code: -32601),
    Case(
      name: "invalid JSON is -32700 with id null", frame: #"{"jsonrpc":"2.0","method":"foobar,"params":"bar","baz]"#,
      id: .null, code: -32700),
    Case(
      name: "a method that is not a string is -32600", frame: #"{"jsonrpc":"2.0","method":1,"params":"bar"}"#,
      id: .null, code: -32600),
    Case(
      name: "a version other than 2.0 is -32600", frame: #"{"jsonrpc":"1.0","method":"daemon.ping","id":4}"#,
      id: 4, code: -32600),
    Case(name: "a missing version is -32600", frame: #"{"method":"daemon.ping","id":5}"#, id: 5, code: -32600),
    Case(
      name: "params that are neither object nor array are -32600 or -32602",
      frame: #"{"jsonrpc":"2.0","method":"daemon.ping","params":"bar","id":6}"#, id: 6, code: -32600),
    Case(
      name: "positional params to a method taking named ones are -32602",
      frame: #"{"jsonrpc":"2.0","method":"vpc/create","params":[42,23],"id":8}"#, id: 8, code: -32602),
    Case(
      name: "an id of the wrong type (object) is -32600 with id null",
      frame: #"{"jsonrpc":"2.0","method":"daemon.ping","id":{"a":1}}"#, id: .null, code: -32600),
    Case(name: "a JSON value that is not an object is -32600", frame: "42", id: .null, code: -32600),
    Case(name: "an empty object is -32600", frame: "{}", id: .null, code: -32600),
  ]

  @Test(arguments: cases) func specificationCase(_ c: Case) async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    #expect(s.send(FrameEncoder.frame(body: Array(c.frame.utf8))))
    s.request("after", "daemon.ping")
    let first = try #require(await s.readFrame(), "the daemon answered")
    guard let id = c.id else {
      #expect(first["id"] == "after", "no reply to the case itself, got \(first.jsonString())")
      await f.stop()
      return
    }
    // Section 5: jsonrpc "2.0", the request's id, and exactly one of result and error.
    #expect(first["jsonrpc"] == "2.0")
    #expect(first["id"] == id, "id echoed: \(first.jsonString())")
    #expect((first["result"] == nil) != (first["error"] == nil), "exactly one of result and error")
    if let code = c.code {
      let error = try #require(first["error"], "an error: \(first.jsonString())")
      #expect(error["code"] == .int(code), "\(first.jsonString())")
      #expect(error["message"]?.stringValue?.isEmpty == false, "an error names the problem")
      #expect(error["data"]?["name"]?.stringValue?.hasPrefix("alicloudd.") == true, "a stable name")
    } else {
      #expect(first["result"] != nil, "a result: \(first.jsonString())")
    }
    let next = try #require(await s.readFrame())
    #expect(next["id"] == "after", "the connection serves on after the case")
    await f.stop()
  }

  /// Section 5: a response carries only jsonrpc, id and one of result/error.
  @Test func aResponseHasNoOtherMembers() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    s.request(1, "daemon.ping")
    s.request(2, "nosuch.method")
    for _ in 0..<2 {
      let r = try #require(await s.readFrame()?.objectValue)
      #expect(Set(r.keys) == ["jsonrpc", "id", "result"] || Set(r.keys) == ["jsonrpc", "id", "error"], "\(r.keys)")
    }
    await f.stop()
  }
}
