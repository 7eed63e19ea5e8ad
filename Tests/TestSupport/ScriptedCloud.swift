import AliCloudAPI
import AliCloudCatalog
import AliCloudCore
import AliCloudOps
import AliCloudSigning
import Synchronization
import Testing

/// A fake cloud: answers each action from its queue (the last answer repeats; an action without
/// answers gets `InvalidAction.NotFound`) and records every query, with its action under
/// `Action`, for checking exactly what operations send.
public final class ScriptedCloud: HTTPTransport {
  private let state: Mutex<(answers: [String: [JSONValue]], queries: [[String: String]])>

  public init(_ answers: [String: [JSONValue]]) { state = Mutex((answers, [])) }

  public var queries: [[String: String]] { state.withLock { $0.queries } }

  /// The queries that called `action`.
  public func sent(_ action: String) -> [[String: String]] { queries.filter { $0["Action"] == action } }

  public func send(_ request: HTTPRequest) async throws(AliCloudError) -> HTTPResponse {
    let q = request.url.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
    let query = PercentEncoding.parseQuery(q, plusIsSpace: false) ?? [:]
    let action = request.headers["x-acs-action"] ?? query["Action"] ?? ""
    let body: JSONValue = state.withLock { s in
      s.queries.append(query.merging(["Action": action]) { a, _ in a })
      guard var list = s.answers[action], !list.isEmpty else {
        return ["Code": "InvalidAction.NotFound", "Message": .string("no scripted answer for \(action)")]
      }
      let first = list.count > 1 ? list.removeFirst() : list[0]
      s.answers[action] = list
      return first
    }
    return HTTPResponse(status: body["Code"] == nil ? 200 : 400, body: Array(body.jsonString().utf8))
  }

  /// Runs `method` with one input (sandbox-style credentials and region added); returns its output.
  public func run(_ method: String, _ fields: [String: JSONValue]) async throws -> JSONValue {
    let env = OpsEnvironment(
      client: OpenAPIClient(
        configuration: .init(retry: RetryPolicy(maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1)), transport: self),
      waits: .fast(timeoutMs: 2_000), defaultCredential: { nil })
    let handler = try #require(Operations.handlers(env)[method])
    var input: [String: JSONValue] = [
      "guid": "0033_0000000001", "identityParams": "accessKeyId=AK;secret=SK", "cloudParams": "regionId=cn-test",
    ]
    input.merge(fields) { _, b in b }
    let result = try await handler(["inputs": [.object(input)]], OperationContext(callID: "1"))
    return result["results"]?["outputs"]?[0] ?? .null
  }
}
