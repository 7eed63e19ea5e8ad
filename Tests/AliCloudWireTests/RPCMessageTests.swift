import AliCloudCore
import Testing

@testable import AliCloudWire

struct RPCMessageTests {
  func decode(_ text: String) -> Result<RPCMessage, RPCDecodeFailure> {
    RPCMessage.decode(Array(text.utf8))
  }

  func failure(_ text: String) -> RPCDecodeFailure? {
    if case .failure(let f) = decode(text) { return f }
    return nil
  }

  func request(_ text: String) -> RPCRequest? {
    if case .success(.request(let r)) = decode(text) { return r }
    return nil
  }

  @Test func decodesRequestsAndKeepsIDs() {
    #expect(request(#"{"jsonrpc":"2.0","id":7,"method":"daemon.ping"}"#)?.id == .int(7))
    #expect(request(#"{"jsonrpc":"2.0","id":"a-1","method":"m","params":{"x":1}}"#)?.id == .string("a-1"))
    #expect(request(#"{"jsonrpc":"2.0","id":null,"method":"m"}"#)?.id == .null)
    #expect(request(#"{"jsonrpc":"2.0","id":null,"method":"m"}"#)?.isNotification == false)
    #expect(request(#"{"jsonrpc":"2.0","method":"m"}"#)?.isNotification == true)
    #expect(request(#"{"jsonrpc":"2.0","id":1.5,"method":"m","params":[1]}"#)?.id == .double(1.5))
  }

  static let failures: [(String, RPCErrorKind, RPCID)] = [
    ("{", .parseError, .null), ("[]", .invalidRequest, .null), ("42", .invalidRequest, .null),
    (#"{"jsonrpc":"1.0","id":3,"method":"m"}"#, .invalidRequest, .int(3)),
    (#"{"jsonrpc":"2.0","id":{},"method":"m"}"#, .invalidRequest, .null),
    (#"{"jsonrpc":"2.0","id":"x","method":5}"#, .invalidRequest, .string("x")),
    (#"{"jsonrpc":"2.0","id":4,"method":"m","params":"p"}"#, .invalidRequest, .int(4)),
    (#"{"jsonrpc":"2.0","id":4}"#, .invalidRequest, .int(4)),
  ]

  @Test(arguments: failures.indices) func rejectsWithRecoveredID(_ i: Int) {
    let (text, kind, id) = Self.failures[i]
    let f = failure(text)
    #expect(f?.error.code == kind.code)
    #expect(f?.error.name == kind.name)
    #expect(f?.id == id)
  }

  @Test func encodesResponsesExactly() {
    let ok = RPCResponse(id: .string("a"), result: ["pong": true])
    #expect(ok.json.jsonString() == #"{"id":"a","jsonrpc":"2.0","result":{"pong":true}}"#)
    let err = RPCResponse(id: .null, error: .invalidParams(field: "inputs", "expected array"))
    #expect(
      err.json.jsonString()
        == #"{"error":{"code":-32602,"data":{"field":"inputs","name":"alicloudd.InvalidParams"},"message":"invalid params: inputs: expected array"},"id":null,"jsonrpc":"2.0"}"#
    )
  }

  @Test func decodesResponses() {
    guard
      case .success(.response(let r)) = decode(
        #"{"jsonrpc":"2.0","id":2,"error":{"code":-32001,"message":"c","data":{"name":"alicloudd.Cancelled"}}}"#)
    else {
      Issue.record("not a response")
      return
    }
    #expect(r.id == .int(2))
    if case .failure(let e) = r.outcome { #expect(e.name == "alicloudd.Cancelled") } else { Issue.record("no error") }
  }

  @Test func errorKindsAreUniqueAndNamed() {
    #expect(Set(RPCErrorKind.all.map(\.name)).count == RPCErrorKind.all.count)
    for k in RPCErrorKind.all { #expect(k.name.hasPrefix("alicloudd.")) }
    #expect(
      RPCError.methodNotFound("vpc/craete", suggestions: ["vpc/create"]).message.contains("did you mean vpc/create"))
    #expect(RPCError.from(CancellationError()).0.code == -32001)
    struct Oops: Error {}
    let (e, isInternal) = RPCError.from(Oops(), correlationID: { "c-1" })
    #expect(isInternal && e.code == -32603 && e.data["correlationId"] == "c-1" && !e.message.contains("Oops"))
  }
}
