import AliCloudCore
import AliCloudDaemon
import AliCloudHTTP
import Foundation
import TestSupport
import Testing

/// The gateway's HTTP errors: each has its status and a JSON body in the envelope's shape.
@Suite struct GatewayErrorTests {
  /// Checks the error body: `resultCode` "1", `resultMessage` = `error.message`, the status and name.
  func expectError(
    _ r: LoopbackHTTPClient.Response, _ status: Int, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(r.status == status, "\(String(decoding: r.body, as: UTF8.self))", sourceLocation: sourceLocation)
    #expect(r.headers["content-type"]?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
    let body = r.json
    #expect(body?["resultCode"] == "1", sourceLocation: sourceLocation)
    #expect(body?["results"]?["outputs"] == [], sourceLocation: sourceLocation)
    #expect(body?["error"]?["status"]?.intValue == status, sourceLocation: sourceLocation)
    #expect(body?["error"]?["name"]?.stringValue == name, sourceLocation: sourceLocation)
    let message = body?["error"]?["message"]?.stringValue ?? ""
    #expect(!message.isEmpty && body?["resultMessage"]?.stringValue == message, sourceLocation: sourceLocation)
  }

  @Test func anOperationAnswers200WithTheHandlersEnvelope() async throws {
    let f = try GatewayFixture()
    let body: JSONValue = ["inputs": [["guid": "g1", "cloudParams": "regionId=cn-hangzhou"]]]
    let r = try await f.client().send("/alicloud/v1/vpc/create", body)
    #expect(r.status == 200)
    #expect(r.json?["echo"] == body)
    await f.stop()
  }

  @Test func unknownPathsAre404WithSuggestions() async throws {
    let f = try GatewayFixture()
    let c = try f.client()
    let typo = try await c.send("/alicloud/v1/vpc/creat", ["inputs": []])
    expectError(typo, 404, "alicloudd.http.NotFound")
    #expect(typo.json?["error"]?["data"]?["suggestions"]?[0] == "/alicloud/v1/vpc/create")
    for path in ["/", "/alicloud/v1/", "/alicloud/v2/vpc/create", "/vpc/create", "/alicloud/v1/daemon.status"] {
      expectError(try await c.send(path, ["inputs": []]), 404, "alicloudd.http.NotFound")
    }
    await f.stop()
  }

  @Test func otherMethodsAre405WithAllow() async throws {
    let f = try GatewayFixture()
    let c = try f.client()
    for method in ["GET", "PUT", "DELETE", "PATCH"] {
      let r = try await c.send(method, "/alicloud/v1/vpc/create")
      expectError(r, 405, "alicloudd.http.MethodNotAllowed")
      #expect(r.headers["allow"] == "POST")
    }
    await f.stop()
  }

  @Test func badBodiesAre400NamingTheProblem() async throws {
    let f = try GatewayFixture()
    let c = try f.client()
    let path = "/alicloud/v1/vpc/create"
    let broken = try await c.send("POST", path, body: Data("{\"inputs\": [".utf8))
    expectError(broken, 400, "alicloudd.ParseError")
    #expect(broken.json?["resultMessage"]?.stringValue?.contains("not valid JSON") == true)
    expectError(try await c.send("POST", path, body: Data()), 400, "alicloudd.InvalidParams")
    expectError(try await c.send("POST", path, body: Data("[1]".utf8)), 400, "alicloudd.InvalidParams")
    let noInputs = try await c.send(path, ["input": []])
    expectError(noInputs, 400, "alicloudd.InvalidParams")
    #expect(noInputs.json?["error"]?["code"]?.intValue == -32602)
    #expect(noInputs.json?["error"]?["data"]?["field"] == "inputs")
    let wrongType = try await c.send(path, ["inputs": [["vpcName": ["not", "a", "string"]]]])
    expectError(wrongType, 400, "alicloudd.InvalidParams")
    #expect(wrongType.json?["error"]?["data"]?["field"] == "inputs[0].vpcName")
    // The connection is still usable after every error above.
    #expect(try await c.send(path, ["inputs": []]).status == 200)
    await f.stop()
  }

  @Test func oversizedBodiesAre413AndCloseTheConnection() async throws {
    var limits = HTTPLimits()
    limits.maxBodyBytes = 1024
    let f = try GatewayFixture(limits: limits)
    let big: JSONValue = ["inputs": [["description": .string(String(repeating: "x", count: 2000))]]]
    let c = try f.client()
    expectError(try await c.send("/alicloud/v1/vpc/create", big), 413, "alicloudd.http.BodyTooLarge")
    #expect(try await offPool { c.readsEOF() })
    // Announced but never sent: refused before the body arrives.
    let c2 = try f.client()
    let r = try await offPool {
      c2.send(Array("POST /alicloud/v1/vpc/create HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n".utf8))
      return try c2.readResponse()
    }
    expectError(r, 413, "alicloudd.http.BodyTooLarge")
    await f.stop()
  }

  @Test func anOperationWithoutAHandlerIs501() async throws {
    let f = try GatewayFixture()
    let r = try await f.client().send("/alicloud/v1/vswitch/create", ["inputs": []])
    expectError(r, 501, "alicloudd.NoHandler")
    #expect(r.json?["error"]?["code"]?.intValue == -32004)
    await f.stop()
  }

  @Test func aHandlerFailureIs500WithACorrelationIdOnly() async throws {
    let f = try GatewayFixture(handlers: ["vpc/create": { _, _ in throw POSIXError(.EACCES) }])
    let r = try await f.client().send("/alicloud/v1/vpc/create", ["inputs": []])
    expectError(r, 500, "alicloudd.InternalError")
    #expect(r.json?["error"]?["data"]?["correlationId"]?.stringValue?.isEmpty == false)
    #expect(!String(decoding: r.body, as: UTF8.self).contains("EACCES"))
    await f.stop()
  }

  @Test func aTokenIsRequiredWhenConfigured() async throws {
    let token = "s3cret-token-0123456789"
    let f = try GatewayFixture(token: token)
    let c = try f.client()
    let body: JSONValue = ["inputs": []]
    let none = try await c.send("/alicloud/v1/vpc/create", body)
    expectError(none, 401, "alicloudd.http.Unauthorized")
    #expect(none.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
    #expect(!String(decoding: none.body, as: UTF8.self).contains(token))
    for wrong in ["Bearer s3cret-token-012345678", "Bearer s3cret-token-01234567890", "Basic \(token)", token] {
      expectError(
        try await c.send("/alicloud/v1/vpc/create", body, headers: [("Authorization", wrong)]), 401,
        "alicloudd.http.Unauthorized")
    }
    // Unknown paths do not reveal themselves without the token either.
    expectError(try await c.send("/nothing", body), 401, "alicloudd.http.Unauthorized")
    let ok = try await c.send("/alicloud/v1/vpc/create", body, headers: [("Authorization", "Bearer \(token)")])
    #expect(ok.status == 200)
    await f.stop()
  }
}
