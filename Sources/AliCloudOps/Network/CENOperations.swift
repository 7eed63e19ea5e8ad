import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

extension Resource {
  /// CEN is global: its calls carry no region.
  static let cen = Resource(
    kind: .cen, noun: "CEN instance", product: .cbn, describe: "DescribeCens",
    query: { ["Filter": [["Key": "CenId", "Value": [.string($0)]]]] }, list: "Cens.Cen", idField: "CenId",
    ready: ["Active"], deleteAction: "DeleteCen", notFoundCodes: ["ParameterCenInstanceId"],
    busy: ["InvalidOperation.CenInstanceHasChildInstances"])

  /// A network attached to a CEN instance: its scope is `["CenId": cen]`; detached with the
  /// parameters its item carries (`CENOperations` builds them).
  static let cenChild = Resource(
    kind: .cen, noun: "attached network", product: .cbn, describe: "DescribeCenAttachedChildInstances",
    query: { _ in ["PageSize": 50] }, list: "ChildInstances.ChildInstance", idField: "ChildInstanceId",
    ready: ["Attached"], deleteAction: "DetachCenChildInstance", notFoundCodes: ["ParameterInstanceId"])
}

/// `cen/create`, `cen/delete`, `cen/attach`, `cen/detach` (CEN is global: no region on its calls;
/// attached networks default to the input's region).
enum CENOperations {
  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.cenCreate) { s in
        var p = s.input.forward(["description": "Description"])
        p["Name"] = .string(try s.input.require("name"))
        return try await s.findOrCreate(.cen, existing: "cenId", output: "cenId", create: .call("CreateCen", p)).out
      },
      env.operation(.cenDelete) { s in
        let id = try s.input.require("cenId")
        guard try await s.lookup(.cen, id) != nil else { return [:] }
        let children = try await s.call(
          .cbn, "DescribeCenAttachedChildInstances", ["CenId": .string(id), "PageSize": 50])
        for child in children.items("ChildInstances.ChildInstance") {
          try await s.detach(cen: id, child: child)
        }
        try await s.wait(for: "networks of \(id)", kind: .cen, until: ["0"]) {
          let r = try await s.send(.cbn, "DescribeCenAttachedChildInstances", ["CenId": .string(id)])
          return .state(String(r.items("ChildInstances.ChildInstance").count))
        }
        return try await s.delete(.cen, id)
      },
      env.operation(.cenAttach) { s in
        let (cen, child) = try s.cenChild()
        let id = child["ChildInstanceId"]?.stringValue ?? ""
        let scope: [String: JSONValue] = ["CenId": .string(cen)]
        if let attached = try await s.lookup(.cenChild, id, in: scope) {
          try await s.wait(.cenChild, id, in: scope, from: attached)
          return [:]
        }
        var p = child
        p["CenId"] = .string(cen)
        p.merge(s.input.forward(["childInstanceOwnerId": "ChildInstanceOwnerId"])) { a, _ in a }
        let r = try await s.callRetryingConflicts(
          .cbn, "AttachCenChildInstance", p, kind: .cen, what: "attaching \(id) to \(cen)", notFoundIsGone: false,
          done: { () throws(OperationFailure) in try await s.lookup(.cenChild, id, in: scope) != nil })
        let out = outputs(["requestId": r?.text("RequestId")])
        try await s.wait(.cenChild, id, in: scope, keeping: out)
        return out
      },
      env.operation(.cenDetach) { s in
        let (cen, child) = try s.cenChild()
        let id = child["ChildInstanceId"]?.stringValue ?? ""
        guard let found = try await s.lookup(.cenChild, id, in: ["CenId": .string(cen)]) else { return [:] }
        return try await s.detach(cen: cen, child: found.adding(s.input.forward(["cenOwnerId": "CenOwnerId"])))
      },
    ])
  }
}

extension CloudSession {
  /// `cenId` and the child's id, type (default VPC) and region (default the input's region).
  func cenChild() throws(OperationFailure) -> (String, [String: JSONValue]) {
    let cen = try input.require("cenId")
    let type = try input.oneOf("childInstanceType") ?? "VPC"
    return (
      cen,
      [
        "ChildInstanceId": .string(try input.require("childInstanceId")), "ChildInstanceType": .string(type),
        "ChildInstanceRegionId": .string(input.string("childInstanceRegionId") ?? region),
      ]
    )
  }

  /// Detaches one network (as DescribeCenAttachedChildInstances lists it) and waits until it is gone.
  @discardableResult
  func detach(cen: String, child: JSONValue) async throws(OperationFailure) -> [String: JSONValue] {
    let id = child.text("ChildInstanceId") ?? ""
    var extra: [String: JSONValue] = [:]
    for key in ["ChildInstanceType", "ChildInstanceRegionId", "ChildInstanceOwnerId", "CenOwnerId"] {
      if let v = child.text(key) { extra[key] = .string(v) }
    }
    return try await delete(
      .cenChild, id, in: ["CenId": .string(cen)], extra: extra, what: "detaching \(id) from \(cen)")
  }
}
