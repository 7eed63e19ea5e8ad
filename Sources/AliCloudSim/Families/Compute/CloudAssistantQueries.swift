import AliCloudCore
import Foundation

/// Cloud Assistant read calls: DescribeInvocationResults (one record per instance),
/// DescribeInvocations (one per invocation, instances nested), DescribeCloudAssistantStatus.
enum CloudAssistantQueries {
  static let kind = CloudAssistantFamily.invocationKind

  /// `Output` in the requested encoding: Base64 by default, `PlainText` on request.
  static func encode(_ r: JSONValue, _ ctx: SimContext) throws(SimError) -> JSONValue {
    var o = r.objectValue ?? [:]
    let encoding = (ctx.string("ContentEncoding") ?? "Base64").lowercased()
    guard encoding == "base64" || encoding == "plaintext" else {
      throw SimError("InvalidParameter.ContentEncoding", "ContentEncoding must be PlainText or Base64.")
    }
    if encoding == "base64" { o["Output"] = .string(Data((o["Output"]?.stringValue ?? "").utf8).base64EncodedString()) }
    return .object(o)
  }

  static func matching(_ ctx: SimContext, region: String) -> [SimResource] {
    let invoke = ctx.string("InvokeId")
    let command = ctx.string("CommandId")
    let instance = ctx.string("InstanceId")
    return ctx.state.list(kind, region: region) { inv in
      (invoke == nil || inv.id == invoke) && (command == nil || inv.string("CommandId") == command)
        && (instance == nil || SimContext.mentions(inv["SimInstanceIds"] ?? .null, instance!))
    }
  }

  static func results(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let instance = ctx.string("InstanceId")
    let record = ctx.string("InvokeRecordStatus")
    var items: [JSONValue] = []
    for inv in matching(ctx, region: region) {
      for r in inv["SimResults"]?.arrayValue ?? [] {
        if let instance, r["InstanceId"]?.stringValue != instance { continue }
        if let record, r["InvokeRecordStatus"]?.stringValue != record { continue }
        items.append(try encode(r, ctx))
      }
    }
    let page = try Compute.page(
      ctx, items, list: "InvocationResults", item: "InvocationResult", maxPageSize: 50, maxResults: 50)
    return ["Invocation": .object(page)]
  }

  static func invocations(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let status = ctx.string("InvokeStatus")
    let withOutput = ctx.bool("IncludeOutput") == true
    var items: [JSONValue] = []
    for inv in matching(ctx, region: region) where status == nil || inv.status == status {
      var o = Compute.visible(inv)
      var nested: [JSONValue] = []
      for r in inv["SimResults"]?.arrayValue ?? [] {
        var x = (try encode(r, ctx)).objectValue ?? [:]
        if !withOutput { x["Output"] = "" }
        x["FinishTime"] = x["FinishedTime"]
        x["FinishedTime"] = nil
        x["InstanceInvokeStatus"] = x["InvocationStatus"]
        nested.append(.object(x))
      }
      o["InvokeStatus"] = .string(inv.status == "Success" ? "Finished" : inv.status)
      o["InvokeInstances"] = ["InvokeInstance": .array(nested)]
      o["Tags"] = ["Tag": []]
      items.append(.object(o))
    }
    return try Compute.page(ctx, items, list: "Invocations", item: "Invocation", maxPageSize: 50, maxResults: 50)
  }

  static func status(_ ctx: inout SimContext) throws(SimError) -> [String: JSONValue] {
    let region = try ctx.region()
    let ids = ctx.list("InstanceId")
    let state = ctx.state
    let items = ctx.state.list(InstanceFamily.kind, region: region) { ids.isEmpty || ids.contains($0.id) }
      .map { i -> JSONValue in
        let count = state.list(kind) { SimContext.mentions($0["SimInstanceIds"] ?? .null, i.id) }.count
        return [
          "InstanceId": .string(i.id), "CloudAssistantStatus": .string(i.status == "Running" ? "true" : "false"),
          "CloudAssistantVersion": "2.2.3.857", "OSType": "Linux", "InvocationCount": .int(count),
          "ActiveTaskCount": 0, "SupportSessionManager": true, "LastHeartbeatTime": .string(ctx.timestamp),
          "LastInvokedTime": "",
        ]
      }
    return try Compute.page(
      ctx, items, list: "InstanceCloudAssistantStatusSet", item: "InstanceCloudAssistantStatus", maxPageSize: 50,
      maxResults: 50)
  }
}
