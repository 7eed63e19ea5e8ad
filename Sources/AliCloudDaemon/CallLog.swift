import AliCloudCore
import AliCloudWire
import Foundation

/// The fields the daemon logs for a call. Every line of one call carries its correlation
/// fields; its end is one `call finished` line at info. docs/logging.md lists them.
enum CallLog {
  /// The longest caller-given value logged (method names, ids, `requestId`, `operator`).
  static let maxValue = 128

  /// `logger` with the call's correlation fields: `rpc.method`, `rpc.id`, `call.front_end`, and
  /// the caller's `requestId` and `operator` (sent by WeCube in the request body) when given.
  static func correlation(
    _ logger: Logger, method: String, statsKey: String, id: RPCID, frontEnd: String, params: JSONValue?
  ) -> Logger {
    let name = statsKey == Dispatcher.unknownMethodKey ? capped(method) : statsKey
    var fields = [("rpc.method", name), ("rpc.id", capped(id.description)), ("call.front_end", frontEnd)]
    if case .object(let p) = params {
      if let r = p["requestId"]?.stringValue { fields.append(("call.request_id", capped(r))) }
      if let o = p["operator"]?.stringValue { fields.append(("call.operator", capped(o))) }
    }
    return logger.with(fields)
  }

  /// `text`, cut to its first `maxValue` characters.
  static func capped(_ text: String) -> String {
    text.utf8.count <= maxValue ? text : String(text.prefix(maxValue))
  }

  /// The `call finished` line: duration, result (`ok` or the error name) and code (the
  /// envelope's `resultCode`, or the JSON-RPC error code), inputs and failed inputs, and for an
  /// operation the AliCloud requests it sent and the RequestIds of their answers.
  static func finished(_ call: CallInfo, _ outcome: Result<JSONValue, RPCError>, elapsed: Duration) {
    call.logger.info("call finished", fields(call, outcome, elapsed: elapsed))
  }

  static func fields(_ call: CallInfo, _ outcome: Result<JSONValue, RPCError>, elapsed: Duration) -> [String: String] {
    var f = ["duration_ms": String(format: "%.3f", elapsed.seconds * 1000)]
    switch outcome {
    case .success(let result):
      f["result"] = "ok"
      if let code = result["resultCode"]?.stringValue { f["result.code"] = code }
      if let outputs = result["results"]?["outputs"]?.arrayValue {
        f["inputs"] = String(outputs.count)
        f["inputs.failed"] = String(outputs.filter { $0["errorCode"]?.stringValue == "1" }.count)
      }
    case .failure(let e):
      f["result"] = e.name.isEmpty ? "error" : e.name
      f["result.code"] = String(e.code)
      f["error.message"] = String(e.message.prefix(256))
    }
    if let cloud = call.cloud {
      f["cloud.requests"] = String(cloud.requests)
      f["cloud.request_ids"] = cloud.requestIds.joined(separator: ",")
    }
    return f
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
