import AliCloudCore
import Foundation

/// ECS Cloud Assistant: RunCommand, CreateCommand, InvokeCommand, DeleteCommand, StopInvocation,
/// DescribeInvocations, DescribeInvocationResults, DescribeCloudAssistantStatus. A shell script
/// runs on each `Running` instance's guest model (`GuestShell`) when invoked; the invocation shows
/// `Running` and turns `Success`/`Failed` (`Finished`) after the `invocation` delay, with the
/// output (Base64 by default) and exit code. Instances that are not running get `Aborted` with
/// `InstanceNotRunning`.
enum CloudAssistantFamily: SimFamily {
  static let invocationKind = "invocation"
  static let commandKind = "command"
  static let maxContentBytes = 24 * 1024

  static func register(_ r: inout SimRegistry) {
    r.on("Ecs", "RunCommand", runCommand)
    r.on("Ecs", "CreateCommand", createCommand)
    r.on("Ecs", "InvokeCommand", invokeCommand)
    r.on("Ecs", "DeleteCommand", deleteCommand)
    r.on("Ecs", "StopInvocation", stopInvocation)
    r.on("Ecs", "DescribeInvocations", CloudAssistantQueries.invocations)
    r.on("Ecs", "DescribeInvocationResults", CloudAssistantQueries.results)
    r.on("Ecs", "DescribeCloudAssistantStatus", CloudAssistantQueries.status)
  }

  /// The script text of `CommandContent` per `ContentEncoding` (`PlainText` default, `Base64`).
  static func content(_ ctx: SimContext) throws(SimError) -> String {
    let raw = try ctx.required("CommandContent")
    let encoding = (ctx.string("ContentEncoding") ?? "PlainText").lowercased()
    switch encoding {
    case "plaintext":
      guard raw.utf8.count <= maxContentBytes * 3 / 4 else { throw tooLong }
      return raw
    case "base64":
      guard raw.utf8.count <= maxContentBytes else { throw tooLong }
      guard let data = Data(base64Encoded: raw), let text = String(data: data, encoding: .utf8) else {
        throw SimError("InvalidCommandContent.Malformed", "CommandContent is not valid Base64-encoded UTF-8.")
      }
      return text
    default:
      throw SimError("InvalidParameter.ContentEncoding", "ContentEncoding must be PlainText or Base64.")
    }
  }

  static let tooLong = SimError(
    "InvalidParameter.CommandContent", "The Base64-encoded CommandContent exceeds \(maxContentBytes) bytes.")

  static func checkType(_ type: String) throws(SimError) {
    guard ["RunShellScript", "RunBatScript", "RunPowerShellScript"].contains(type) else {
      throw SimError("InvalidCommandType.Unsupported", "The specified command type \"\(type)\" is not valid.")
    }
  }

  static func runCommand(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let type = try ctx.required("Type")
    try checkType(type)
    let script = try content(ctx)
    var commandId = ctx.newId("c-")
    if ctx.bool("KeepCommand") == true {
      commandId = try storeCommand(
        &ctx, region: region, type: type, script: script, name: ctx.string("Name") ?? commandId)
    }
    let invokeId = try invoke(
      &ctx, region: region, commandId: commandId, type: type, script: script,
      name: ctx.string("Name") ?? "")
    return ["CommandId": .string(commandId), "InvokeId": .string(invokeId)]
  }

  static func storeCommand(
    _ ctx: inout SimContext, region: String, type: String, script: String, name: String
  ) throws(SimError) -> String {
    let id = ctx.newId("c-")
    ctx.state.insert(
      kind: commandKind, id: id, region: region,
      fields: [
        "CommandId": .string(id), "Name": .string(name), "Type": .string(type),
        "Description": .string(ctx.string("Description") ?? ""),
        "CommandContent": .string(Data(script.utf8).base64EncodedString()),
        "WorkingDir": .string(ctx.string("WorkingDir") ?? "/root"), "Timeout": .int(try ctx.int("Timeout") ?? 60),
        "CreationTime": .string(ctx.timestamp), "Provider": "",
      ])
    return id
  }

  static func createCommand(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let type = try ctx.required("Type")
    try checkType(type)
    let script = try content(ctx)
    return [
      "CommandId": .string(
        try storeCommand(&ctx, region: region, type: type, script: script, name: try ctx.required("Name")))
    ]
  }

  static func invokeCommand(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let id = try ctx.required("CommandId")
    guard let c = ctx.state.get(id, kind: commandKind), c.regionId == region else {
      throw SimError.notFound("InvalidCommandId.NotFound", "command")
    }
    let script = Data(base64Encoded: c.string("CommandContent")).map { String(decoding: $0, as: UTF8.self) } ?? ""
    let invokeId = try invoke(
      &ctx, region: region, commandId: id, type: c.string("Type"), script: script, name: c.string("Name"))
    return ["InvokeId": .string(invokeId)]
  }

  static func deleteCommand(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let id = try ctx.required("CommandId")
    guard let c = ctx.state.get(id, kind: commandKind), c.regionId == region else {
      throw SimError.notFound("InvalidCommandId.NotFound", "command")
    }
    ctx.state.remove(c.id)
    return [:]
  }

  /// Runs the script on every instance now and records an invocation that finishes later.
  static func invoke(
    _ ctx: inout SimContext, region: String, commandId: String, type: String, script: String, name: String
  ) throws(SimError) -> String {
    let ids = ctx.list("InstanceId")
    guard !ids.isEmpty else { throw SimError.missingParameter("InstanceId") }
    guard ids.count <= 100 else { throw SimError.invalidParameter("InstanceId", "at most 100 instances") }
    if let mode = ctx.string("RepeatMode"), mode != "Once" {
      throw SimError.unsupportedBySimulator("RepeatMode \(mode) (only Once)")
    }
    let timeout = try ctx.int("Timeout") ?? 60
    guard timeout >= 10 else { throw SimError.invalidParameter("Timeout", "at least 10 seconds") }
    var instances: [SimResource] = []
    for id in ids {
      guard let i = ctx.state.get(id, kind: InstanceFamily.kind), i.regionId == region, !ctx.state.isBeingRemoved(id)
      else {
        throw SimError("InvalidInstance.NotFound", "The specified instance \(id) does not exist.", status: 404)
      }
      instances.append(i)
    }
    let invokeId = ctx.newId("t-")
    let now = ctx.timestamp
    var running: [JSONValue] = []
    var finished: [JSONValue] = []
    for i in instances {
      var r: [String: JSONValue] = [
        "InstanceId": .string(i.id), "CommandId": .string(commandId), "InvokeId": .string(invokeId),
        "Username": .string(ctx.string("Username") ?? "root"), "StartTime": .string(now), "Repeats": 1, "Dropped": 0,
        "ErrorCode": "", "ErrorInfo": "", "Output": "", "ExitCode": 0, "FinishedTime": "", "StopTime": "",
      ]
      guard i.status == "Running" else {
        r["InvocationStatus"] = "Aborted"
        r["InvokeRecordStatus"] = "Finished"
        r["ErrorCode"] = "InstanceNotRunning"
        r["ErrorInfo"] = .string("The instance is \(i.status), not Running.")
        r["FinishedTime"] = .string(now)
        running.append(.object(r))
        finished.append(.object(r))
        continue
      }
      let result: GuestShell.Result
      if type == "RunShellScript" {
        var machine = GuestMachine.load(i.id, ctx.state)
        result = GuestShell.run(script, on: &machine)
        machine.save(&ctx.state)
      } else {
        result = GuestShell.Result(exitCode: 1, output: "")
        r["ErrorCode"] = "CommandNotApplicable"
        r["ErrorInfo"] = "The command type is not applicable to a Linux instance."
      }
      r["InvocationStatus"] = "Running"
      r["InvokeRecordStatus"] = "Running"
      running.append(.object(r))
      r["InvocationStatus"] = .string(
        type != "RunShellScript" ? "Invalid" : result.exitCode == 0 ? "Success" : "Failed")
      r["InvokeRecordStatus"] = "Finished"
      r["ExitCode"] = .int(result.exitCode)
      r["Output"] = .string(result.output)
      r["FinishedTime"] = .string(now)
      if result.exitCode != 0 && r["ErrorCode"] == "" {
        r["ErrorCode"] = "ExitCodeNonzero"
        r["ErrorInfo"] = .string("The command exited with code \(result.exitCode).")
      }
      finished.append(.object(r))
    }
    let overall = overallStatus(finished)
    ctx.state.insert(
      kind: invocationKind, id: invokeId, region: region,
      fields: [
        "InvokeId": .string(invokeId), "CommandId": .string(commandId), "CommandName": .string(name),
        "CommandType": .string(type), "CommandContent": .string(Data(script.utf8).base64EncodedString()),
        "InvocationStatus": "Running", "RepeatMode": "Once", "Timeout": .int(timeout),
        "Username": .string(ctx.string("Username") ?? "root"),
        "WorkingDir": .string(ctx.string("WorkingDir") ?? "/root"),
        "CreationTime": .string(now), "Frequency": "", "Timed": false, "Parameters": "{}",
        "SimInstanceIds": .array(instances.map { .string($0.id) }), "SimResults": .array(running),
      ], statusField: "InvocationStatus")
    ctx.state.schedule(
      invokeId, after: ctx.delay(invocationKind),
      set: ["InvocationStatus": .string(overall), "SimResults": .array(finished)])
    return invokeId
  }

  static func overallStatus(_ results: [JSONValue]) -> String {
    let ok = results.filter { $0["InvocationStatus"]?.stringValue == "Success" }.count
    if ok == results.count { return "Success" }
    return ok == 0 ? "Failed" : "PartialFailed"
  }

  static func stopInvocation(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let id = try ctx.required("InvokeId")
    guard let inv = ctx.state.get(id, kind: invocationKind), inv.regionId == region else {
      throw SimError.notFound("InvalidInvokeId.NotFound", "invocation")
    }
    guard inv.status == "Running" else { return [:] }
    let results = (inv["SimResults"]?.arrayValue ?? []).map { r -> JSONValue in
      var o = r.objectValue ?? [:]
      if o["InvocationStatus"] == "Running" {
        o["InvocationStatus"] = "Terminated"
        o["InvokeRecordStatus"] = "Finished"
        o["StopTime"] = .string(ctx.timestamp)
      }
      return .object(o)
    }
    ctx.state.remove(id)
    ctx.state.insert(kind: invocationKind, id: id, region: region, fields: inv.fields, statusField: "InvocationStatus")
    ctx.state.update(id) { r in
      r["InvocationStatus"] = "Stopped"
      r["SimResults"] = .array(results)
    }
    return [:]
  }
}
