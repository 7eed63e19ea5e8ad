import AliCloudCatalog
import AliCloudClient
import AliCloudCore
import AliCloudOps
import AliCloudWire
import Testing

@testable import AliCloudDaemon
@testable import TestSupport

/// Replies never exceed the frame clients read, batches are bounded, and status counters cannot be
/// grown by bogus method names.
@Suite struct WireLimitsTests {
  @Test func aReplyTooLargeForAFrameIsAnsweredWithAnError() async throws {
    let huge: OperationHandler = { _, _ in ["blob": .string(String(repeating: "x", count: FrameLimits.hardCeiling))] }
    let f = try DaemonFixture(handlers: ["vpc/create": huge])
    let s = try f.raw()
    s.request("big", "vpc/create", ["inputs": [[:]]])
    let reply = await s.readFrame(timeout: .seconds(20))
    #expect(reply?["id"] == "big")
    #expect(reply?["error"]?["code"] == -32603)
    #expect(reply?["error"]?["data"]?["name"] == "alicloudd.ReplyTooLarge")
    #expect(reply?["error"]?["data"]?["max"]?.intValue == FrameLimits.hardCeiling)
    s.request(2, "daemon.ping")
    #expect(await s.readFrame()?["id"] == 2, "the connection stays usable")
    await f.stop()
  }

  @Test func tooManyInputsAreRefusedNamingInputs() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    let many = JSONValue.object(["inputs": .array(Array(repeating: [:], count: 150_000))])
    s.request(1, "vpc/create", many)
    let reply = await s.readFrame(timeout: .seconds(20))
    #expect(reply?["error"]?["code"] == -32602)
    #expect(reply?["error"]?["data"]?["field"] == "inputs")
    await f.stop()

    let small = try DaemonFixture(configure: { $0.maxInputs = 2 })
    let t = try small.raw()
    t.request(1, "vpc/create", ["inputs": [[:], [:], [:]]])
    #expect(await t.readFrame()?["error"]?["data"]?["field"] == "inputs")
    t.request(2, "vpc/create", ["inputs": [[:], [:]]])
    #expect(await t.readFrame()?["result"]?["echo"] != nil)
    await small.stop()
  }

  @Test func unknownMethodsShareOneStatusKey() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    for i in 0..<50 { s.request(.int(i), "bogus.method.\(i)") }
    for _ in 0..<50 { #expect(await s.readFrame()?["error"]?["code"] == -32601) }
    s.request("alias", "/alicloud/v1/vpc/create", ["inputs": []])
    _ = await s.readFrame()
    s.request("bad", "/alicloud/v1/vpc/create", ["inputs": 5])
    _ = await s.readFrame()
    s.request("st", "daemon.status")
    let calls = await s.readFrame()?["result"]?["calls"]?.objectValue ?? [:]
    #expect(calls[Dispatcher.unknownMethodKey] == 50)
    #expect(calls["vpc/create"] == 2, "aliases count under the operation's name: \(calls)")
    #expect(Set(calls.keys) == [Dispatcher.unknownMethodKey, "vpc/create"], "\(calls.keys)")
    await f.stop()
  }

  @Test func paramsOfTheWrongShapeNameParams() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    s.request(1, "vpc/create", [])
    let reply = await s.readFrame()
    #expect(reply?["error"]?["code"] == -32602)
    #expect(reply?["error"]?["data"]?["field"] == "params")
    await f.stop()
  }

  /// README §3: a message that is not a valid request gets -32600 with id null, even without an id.
  @Test func anInvalidMessageWithoutIDIsAnsweredWithIDNull() async throws {
    let f = try DaemonFixture()
    let s = try f.raw()
    s.sendFrame(["jsonrpc": "1.0", "method": "daemon.ping"])
    let reply = await s.readFrame()
    #expect(reply?["error"]?["code"] == -32600)
    #expect(reply?["id"] == .null)
    s.sendFrame(["jsonrpc": "2.0", "method": "daemon.ping"])
    s.request(2, "daemon.ping")
    #expect(await s.readFrame()?["id"] == 2, "a valid notification gets no reply")
    await f.stop()
  }

  /// A cancelled operation that answers with its envelope (as every real operation does): a
  /// client timeout keeps that envelope, so what the call created is not lost.
  @Test func clientTimeoutKeepsTheFinalEnvelope() async throws {
    let envelopeOnCancel: OperationHandler = { _, _ in
      // A deliberately endless operation: it runs until the client's timeout cancels it.
      while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
      return [
        "resultCode": "1", "resultMessage": "cancelled",
        "results": ["outputs": [["errorCode": "1", "instanceId": "i-created"]]],
      ]
    }
    let f = try DaemonFixture(handlers: ["vm/create": envelopeOnCancel, "vpc/delete": TestHandlers.slow])
    let c = try f.client()
    do {
      _ = try await c.call("vm/create", params: ["inputs": [[:]]], timeout: .milliseconds(50))
      Issue.record("expected a timeout")
    } catch {
      #expect(error.name == "alicloudd.TimedOut")
      #expect(error.data["result"]?["results"]?["outputs"]?[0]?["instanceId"] == "i-created")
    }
    do {
      _ = try await c.call("vpc/delete", params: ["inputs": [["delayMs": 60_000]]], timeout: .milliseconds(50))
      Issue.record("expected a timeout")
    } catch {
      #expect(error.name == "alicloudd.TimedOut")
      #expect(error.data["partial"]?["vpcId"] == "vpc-partial")
      #expect(error.data["error"]?["data"]?["name"] == "alicloudd.Cancelled")
    }
    await f.stop()
  }
}
