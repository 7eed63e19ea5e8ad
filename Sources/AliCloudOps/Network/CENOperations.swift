import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

extension Resource {
  /// CEN is global: its calls carry no region.
  static let cen = Resource(
    kind: "cen", noun: "CEN instance", product: .cbn, describe: "DescribeCens",
    query: { ["Filter": [["Key": "CenId", "Value": [.string($0)]]]] }, list: "Cens.Cen", idField: "CenId",
    ready: ["Active"], deleteAction: "DeleteCen", notFoundCodes: ["ParameterCenInstanceId"],
    busy: ["InvalidOperation.CenInstanceHasChildInstances"])
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
        try await s.wait(for: "networks of \(id)", kind: "cen", until: ["0"]) {
          let r = try await s.send(.cbn, "DescribeCenAttachedChildInstances", ["CenId": .string(id)])
          return .state(String(r.items("ChildInstances.ChildInstance").count))
        }
        return try await s.delete(.cen, id)
      },
      env.operation(.cenAttach) { s in
        let (cen, child) = try s.cenChild()
        if try await s.findChild(cen: cen, child: child) == nil {
          var p = child
          p["CenId"] = .string(cen)
          p.merge(s.input.forward(["childInstanceOwnerId": "ChildInstanceOwnerId"])) { a, _ in a }
          let r = try await s.callRetryingConflicts(
            .cbn, "AttachCenChildInstance", p, kind: "cen", what: "attaching \(child["ChildInstanceId"]!) to \(cen)",
            notFoundIsGone: false)
          try await s.waitChild(cen: cen, child: child)
          return outputs(["requestId": r?.text("RequestId")])
        }
        try await s.waitChild(cen: cen, child: child)
        return [:]
      },
      env.operation(.cenDetach) { s in
        let (cen, child) = try s.cenChild()
        guard let found = try await s.findChild(cen: cen, child: child) else { return [:] }
        var record = found
        if case .object(var o) = record, let owner = s.input.string("cenOwnerId") {
          o["CenOwnerId"] = .string(owner)
          record = .object(o)
        }
        return try await s.detach(cen: cen, child: record)
      },
    ])
  }
}

extension CloudSession {
  /// `cenId` and the child's id, type (default VPC) and region (default the input's region).
  func cenChild() throws(OperationFailure) -> (String, [String: JSONValue]) {
    let cen = try input.require("cenId")
    let type = try input.oneOf("childInstanceType", ["VPC", "VBR", "CCN"]) ?? "VPC"
    return (
      cen,
      [
        "ChildInstanceId": .string(try input.require("childInstanceId")), "ChildInstanceType": .string(type),
        "ChildInstanceRegionId": .string(input.string("childInstanceRegionId") ?? region),
      ]
    )
  }

  func findChild(cen: String, child: [String: JSONValue]) async throws(OperationFailure) -> JSONValue? {
    let r = try await call(.cbn, "DescribeCenAttachedChildInstances", ["CenId": .string(cen), "PageSize": 50])
    return r.items("ChildInstances.ChildInstance").first { $0["ChildInstanceId"] == child["ChildInstanceId"] }
  }

  func waitChild(cen: String, child: [String: JSONValue]) async throws(OperationFailure) {
    let id = child["ChildInstanceId"]?.stringValue ?? ""
    try await wait(for: id, kind: "cen", until: ["Attached"]) {
      let r = try await self.send(.cbn, "DescribeCenAttachedChildInstances", ["CenId": .string(cen), "PageSize": 50])
      return .of(r.items("ChildInstances.ChildInstance").first { $0.text("ChildInstanceId") == id })
    }
  }

  /// Detaches one network (as DescribeCenAttachedChildInstances lists it) and waits until it is gone.
  @discardableResult
  func detach(cen: String, child: JSONValue) async throws(OperationFailure) -> [String: JSONValue] {
    let id = child.text("ChildInstanceId") ?? ""
    var p: [String: JSONValue] = ["CenId": .string(cen)]
    for key in ["ChildInstanceId", "ChildInstanceType", "ChildInstanceRegionId", "ChildInstanceOwnerId", "CenOwnerId"] {
      if let v = child.text(key) { p[key] = .string(v) }
    }
    let r = try await callRetryingConflicts(
      .cbn, "DetachCenChildInstance", p, kind: "cen", what: "detaching \(id) from \(cen)")
    try await waitGone(id, kind: "cen") {
      let l = try await self.send(.cbn, "DescribeCenAttachedChildInstances", ["CenId": .string(cen), "PageSize": 50])
      return .of(l.items("ChildInstances.ChildInstance").first { $0.text("ChildInstanceId") == id })
    }
    return outputs(["requestId": r?.text("RequestId")])
  }
}
