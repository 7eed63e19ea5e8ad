import AliCloudAPI
import AliCloudCore
import Foundation
import Synchronization

/// Running a shell script on an instance through ECS Cloud Assistant (RunCommand, then
/// DescribeInvocationResults until the invocation ends): no SSH, no password on the wire.
extension CloudSession {
  static let finishedInvocation: Set<String> = [
    "Success", "Failed", "Error", "Timeout", "Cancelled", "Terminated", "Invalid", "Aborted",
  ]

  /// The script's output when it exits 0; otherwise a failure with its exit code and the
  /// `error=` line it printed. `what` names the step in messages.
  func runScript(
    _ script: String, on instance: String, what: String, keeping partial: [String: JSONValue]
  ) async throws(OperationFailure) -> String {
    let r = try await call(
      .ecs, "RunCommand",
      [
        "Type": "RunShellScript", "CommandContent": .string(Data(script.utf8).base64EncodedString()),
        "ContentEncoding": "Base64", "InstanceId": [.string(instance)], "Timeout": "300",
        "Name": .string("alicloudd-\(what.replacingOccurrences(of: " ", with: "-"))"),
      ], idempotent: true, tokenKey: what, retryOn: ["InvalidInstance.NotRunning"], keeping: partial)
    guard let invoke = r.text("InvokeId") else {
      throw OperationFailure("RunCommand answered without an InvokeId", partial: partial)
    }
    let last = Mutex<JSONValue?>(nil)
    try await wait(
      for: "\(instance) \(what) (\(invoke))", kind: .command, until: CloudSession.finishedInvocation,
      keeping: partial
    ) {
      let answer = try await self.send(
        .ecs, "DescribeInvocationResults", ["InvokeId": .string(invoke), "ContentEncoding": "PlainText"])
      let item = answer.items("Invocation.InvocationResults.InvocationResult").first {
        $0["InstanceId"]?.stringValue == instance
      }
      last.withLock { $0 = item }
      guard let item else { return .state("Pending") }
      return .state(item["InvocationStatus"]?.stringValue ?? "Pending")
    }
    let result = last.withLock { $0 } ?? [:]
    let output = result["Output"]?.stringValue ?? ""
    let status = result["InvocationStatus"]?.stringValue ?? ""
    guard status == "Success" else {
      var message = "\(what) on \(instance) ended \(status)"
      if let code = result.text("ExitCode") { message += " with exit code \(code)" }
      let tail = output.split(separator: "\n").suffix(3).joined(separator: " | ")
      if !tail.isEmpty { message += ": \(tail.prefix(400))" }
      if let code = result.text("ErrorCode") {
        message += " (\(code)\(result.text("ErrorInfo").map { ": \($0)" } ?? ""))"
      }
      throw OperationFailure(message, partial: partial)
    }
    return output
  }
}
