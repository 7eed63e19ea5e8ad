import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

extension Resource {
  /// Security groups have no states: one that exists is ready.
  static let securityGroup = Resource(
    kind: .securityGroup, noun: "security group", product: .ecs, describe: "DescribeSecurityGroups",
    query: jsonIdList("SecurityGroupIds"), list: "SecurityGroups.SecurityGroup", idField: "SecurityGroupId",
    ready: [], deleteAction: "DeleteSecurityGroup", notFoundCodes: ["InvalidSecurityGroupId.NotFound"])
}

/// `security_group/create`, `/delete`, `/authorize`, `/revoke`.
enum SecurityGroupOperations {
  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.securityGroupCreate) { s in
        let name = try s.input.require("securityGroupName")
        let type = try s.input.oneOf("securityGroupType")
        var params = s.input.forward(["description": "Description", "vpcId": "VpcId"])
        params["SecurityGroupName"] = .string(name)
        if let type { params["SecurityGroupType"] = .string(type) }
        return try await s.findOrCreate(
          .securityGroup, existing: "securityGroupId", output: "securityGroupId",
          create: .call("CreateSecurityGroup", params)
        ).out
      },
      env.operation(.securityGroupDelete) { s in
        // Instances leaving the group, or groups referring to it, make AliCloud refuse for a while.
        try await s.deleteIfPresent(.securityGroup, try s.input.require("securityGroupId"), waitGone: false)
      },
      env.operation(.securityGroupAuthorize) { s in try await s.applyRules(authorize: true) },
      env.operation(.securityGroupRevoke) { s in try await s.applyRules(authorize: false) },
    ])
  }
}

extension CloudSession {
  /// Applies every rule of the input in order. A failing rule stops the batch; the message says
  /// which rule (its position and content), AliCloud's code, and which rules were applied before.
  /// Nothing is rolled back: authorizing or revoking the same rule again is harmless, so the
  /// input can simply be sent again once the cause is fixed.
  func applyRules(authorize: Bool) async throws(OperationFailure) -> [String: JSONValue] {
    let group = try input.require("securityGroupId")
    let direction = input.string("actionType") ?? input.string("policyType")
    guard let direction else { throw OperationFailure.missing(["actionType"]) }
    let rules = try SecurityRules.parse(
      cidrIp: try input.require("cidrIp"), ipProtocol: try input.require("ipProtocol"),
      portRange: try input.require("portRange"), direction: direction, policy: input.string("policy"))
    var extras = input.forward(["description": "Description", "nicType": "NicType"])
    if let p = try input.int("priority") {
      guard (1...100).contains(p) else { throw OperationFailure.invalid("priority", "\(p) is not between 1 and 100") }
      extras["Priority"] = .string(String(p))
    }
    if !authorize { extras["Description"] = nil }
    var lastRequest: String? = nil
    for (i, rule) in rules.enumerated() {
      let action =
        authorize
        ? (rule.direction == .ingress ? "AuthorizeSecurityGroup" : "AuthorizeSecurityGroupEgress")
        : (rule.direction == .ingress ? "RevokeSecurityGroup" : "RevokeSecurityGroupEgress")
      var params = rule.parameters.merging(extras) { a, _ in a }
      params["SecurityGroupId"] = .string(group)
      do {
        let r = try await send(.ecs, action, params, idempotent: true, tokenKey: "rule\(i)")
        lastRequest = r.text("RequestId") ?? lastRequest
      } catch {
        let done = i == 0 ? "no rule was applied" : "rules 1-\(i) were applied"
        var message = "rule \(i + 1) of \(rules.count) (\(rule)) failed: \(error.code): \(error.message)"
        if let r = error.requestId { message += " (RequestId \(r))" }
        throw OperationFailure(message + "; \(done)")
      }
    }
    return outputs(["requestId": lastRequest])
  }
}
