import AliCloudAPI
import AliCloudCore
import AliCloudSigning
import Foundation

/// A scripted transport: answers each request with the next scripted outcome (the last one
/// repeats) and records what was sent.
final class FakeTransport: HTTPTransport, @unchecked Sendable {
  enum Outcome: Sendable {
    case json(Int, JSONValue, headers: [String: String] = [:])
    case raw(Int, String)
    case fail(AliCloudError)
  }

  private let lock = NSLock()
  private var script: [Outcome]
  private var sent: [HTTPRequest] = []

  init(_ script: [Outcome]) { self.script = script }

  var requests: [HTTPRequest] { lock.withLock { sent } }

  /// The decoded query parameters of each request sent.
  var queries: [[String: String]] {
    requests.map { r in
      guard let q = r.url.split(separator: "?", maxSplits: 1).dropFirst().first else { return [:] }
      return PercentEncoding.parseQuery(String(q), plusIsSpace: false) ?? [:]
    }
  }

  func send(_ request: HTTPRequest) async throws(AliCloudError) -> HTTPResponse {
    let outcome: Outcome = lock.withLock {
      sent.append(request)
      return script.count > 1 ? script.removeFirst() : script[0]
    }
    switch outcome {
    case .json(let status, let body, let headers):
      return HTTPResponse(status: status, headers: headers, body: Array(body.jsonString().utf8))
    case .raw(let status, let text):
      return HTTPResponse(status: status, body: Array(text.utf8))
    case .fail(let e):
      throw e
    }
  }
}

enum Fixtures {
  static let credential = Credential(accessKeyId: "LTAItestid", accessKeySecret: "test-secret-value")
  static let fastRetry = RetryPolicy(maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5)

  static func client(
    _ transport: FakeTransport, retry: RetryPolicy = fastRetry, signature: OpenAPIClient.SignatureVersion = .v3
  )
    -> OpenAPIClient
  {
    OpenAPIClient(
      configuration: .init(signatureVersion: signature, retry: retry), transport: transport)
  }

  static func error(_ code: String, status: Int, requestId: String = "REQ-1") -> JSONValue {
    [
      "Code": .string(code), "Message": .string("message for \(code)"), "RequestId": .string(requestId),
      "HostId": "vpc.aliyuncs.com",
    ]
  }
}
