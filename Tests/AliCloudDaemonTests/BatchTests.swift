import AliCloudCore
import AliCloudWire
import Foundation
import Testing

@testable import TestSupport

/// JSON-RPC 2.0 batches over the socket, as the specification's examples have them: an array of
/// requests gets one array of responses; notifications are answered by nothing; a batch of
/// notifications gets no reply at all; an empty array is one invalid request; every invalid
/// member gets its own error.
@Suite struct BatchTests {
  func send(_ s: RawSocket, _ text: String) { s.send(FrameEncoder.frame(body: Array(text.utf8))) }

  func byID(_ reply: JSONValue?) -> [String: JSONValue] {
    var out: [String: JSONValue] = [:]
    for r in reply?.arrayValue ?? [] { out[r["id"]?.jsonString() ?? "?"] = r }
    return out
  }

  @Test func aMixedBatchGetsOneArrayWithAResponsePerRequest() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    send(
      s,
      #"""
      [{"jsonrpc":"2.0","method":"daemon.ping","id":"1"},
       {"jsonrpc":"2.0","method":"daemon.ping"},
       {"foo":"boo"},
       {"jsonrpc":"2.0","method":"foo.get","params":{"name":"myself"},"id":"5"},
       {"jsonrpc":"2.0","method":"vpc/create","params":{"inputs":[{"vpcName":"a"}]},"id":"9"}]
      """#)
    let reply = try #require(await s.readFrame())
    let responses = try #require(reply.arrayValue)
    #expect(responses.count == 4, "no response for the notification")
    let r = byID(reply)
    #expect(r["\"1\""]?["result"]?["version"] != nil)
    #expect(r["\"5\""]?["error"]?["code"] == .int(-32601))
    #expect(r["\"9\""]?["result"]?["echo"]?["inputs"]?[0]?["vpcName"] == "a")
    #expect(r["null"]?["error"]?["code"] == .int(-32600))
    await f.stop()
  }

  @Test(arguments: [("[1]", 1), ("[1,2,3]", 3)]) func invalidMembersEachGetAnError(text: String, count: Int)
    async throws
  {
    let f = try DaemonFixture()
    let s = try f.raw()
    send(s, text)
    let responses = try #require(await s.readFrame()?.arrayValue)
    #expect(responses.count == count)
    #expect(responses.allSatisfy { $0["error"]?["code"] == .int(-32600) && $0["id"] == .null })
    await f.stop()
  }

  @Test func anEmptyBatchIsOneInvalidRequest() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    send(s, "[]")
    let reply = try #require(await s.readFrame())
    #expect(reply["error"]?["code"] == .int(-32600) && reply.arrayValue == nil)
    await f.stop()
  }

  @Test func aBatchOfNotificationsGetsNoReply() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    send(s, #"[{"jsonrpc":"2.0","method":"daemon.ping"},{"jsonrpc":"2.0","method":"daemon.status"}]"#)
    send(s, #"{"jsonrpc":"2.0","method":"daemon.ping","id":"next"}"#)
    #expect(await s.readFrame()?["id"] == "next", "the first frame back answers the next request")
    await f.stop()
  }

  @Test func theInputLimitAppliesToTheWholeBatch() async throws {
    let f = try DaemonFixture { $0.maxInputs = 3 }
    let s = try f.raw()
    let call =
      #"{"jsonrpc":"2.0","method":"vpc/create","params":{"inputs":[{"vpcName":"a"},{"vpcName":"b"}]},"id":"X"}"#
    send(
      s, "[" + call.replacingOccurrences(of: "X", with: "a") + "," + call.replacingOccurrences(of: "X", with: "b") + "]"
    )
    let reply = try #require(await s.readFrame())
    #expect(reply["error"]?["code"] == .int(-32600))
    #expect(reply["error"]?["message"]?.stringValue?.contains("4 inputs, more than the limit of 3") == true)
    await f.stop()
  }

  @Test func operationsOfABatchRunTogetherAndAnswerInOneArray() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    let members = (0..<20).map {
      #"{"jsonrpc":"2.0","method":"vpc/create","params":{"inputs":[{"vpcName":"v\#($0)"}]},"id":\#($0)}"#
    }
    send(s, "[" + members.joined(separator: ",") + "]")
    let responses = try #require(await s.readFrame()?.arrayValue)
    #expect(responses.count == 20)
    for r in responses {
      let id = r["id"]?.intValue ?? -1
      #expect(r["result"]?["echo"]?["inputs"]?[0]?["vpcName"]?.stringValue == "v\(id)")
    }
    #expect(f.daemon.status()["calls"]?["vpc/create"] == 20)
    await f.stop()
  }
}
