import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

/// How `changeSecurityGroups` changes the security groups of an RDS or Redis instance.
enum SecurityGroupChange {
  case append
  case remove
}

extension CloudSession {
  /// Adds security groups to, or removes them from, an RDS or Redis instance (`r`; `describeKey`
  /// is the parameter that names the instance in its DescribeSecurityGroupConfiguration):
  /// reads the instance's groups, and when the new set differs sends all of it with
  /// ModifySecurityGroupConfiguration, then waits until the instance is ready again. A change
  /// already in place makes no call. AliCloud takes no empty SecurityGroupId, so removing every
  /// group of the instance is refused.
  func changeSecurityGroups(of r: Resource, describedBy describeKey: String, _ change: SecurityGroupChange)
    async throws(OperationFailure) -> [String: JSONValue]
  {
    let id = try input.require("dBInstanceId")
    var requested: [String] = []
    for group in input.list("securityGroupId") where !requested.contains(group) { requested.append(group) }
    guard !requested.isEmpty else { throw OperationFailure.missing(["securityGroupId"]) }
    guard let current = try await securityGroupIds(of: r, id, describedBy: describeKey) else {
      throw OperationFailure("\(r.noun) \(id) does not exist in \(region)")
    }
    let target: [String]
    switch change {
    case .append: target = current + requested.filter { !current.contains($0) }
    case .remove: target = current.filter { !requested.contains($0) }
    }
    if target == current { return [:] }
    guard !target.isEmpty else {
      throw OperationFailure.invalid(
        "securityGroupId",
        "removing \(ListSyntax.join(current)) would leave \(r.noun) \(id) in no security group, and AliCloud"
          + " requires at least one; append the group that replaces them first")
    }
    let answer = try await call(
      r.product, "ModifySecurityGroupConfiguration",
      ["DBInstanceId": .string(id), "SecurityGroupId": .string(ListSyntax.join(target))], retryOn: r.busy,
      done: { () throws(OperationFailure) in
        try await self.securityGroupIds(of: r, id, describedBy: describeKey).map(Set.init) == Set(target)
      })
    let out = outputs(["requestId": answer.text("RequestId")])
    try await wait(r, id, keeping: out)
    return out
  }

  /// The security groups of the instance in the order AliCloud lists them; nil when it does not
  /// exist.
  func securityGroupIds(of r: Resource, _ id: String, describedBy describeKey: String)
    async throws(OperationFailure) -> [String]?
  {
    let answer: JSONValue
    do {
      answer = try await send(r.product, "DescribeSecurityGroupConfiguration", [describeKey: .string(id)])
    } catch  where r.isNotFound(error) {
      return nil
    } catch {
      throw OperationFailure.cloud(error)
    }
    var ids: [String] = []
    for item in answer.items("Items.EcsSecurityGroupRelation") {
      if let g = item.text("SecurityGroupId"), !ids.contains(g) { ids.append(g) }
    }
    return ids
  }
}
