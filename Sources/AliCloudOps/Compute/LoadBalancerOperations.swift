import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

/// `load_balancer/create`, `/delete`, `/backend_server/add`, `/backend_server/remove`.
enum LoadBalancerOperations {
  static let busy: Set<String> = [
    "SystemBusy", "OperationBusy", "ServiceIsConfiguring", "BackendServer.configuring", "ServiceIsStopping",
    "OperationFailed.TokenIsProcessing",
  ]

  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.loadBalancerCreate) { s in try await s.createLoadBalancer() },
      env.operation(.loadBalancerDelete) { s in
        let id = try s.input.require("loadBalancerId")
        guard try await s.lookup(id) != nil else { return [:] }
        let r = try await s.callRetryingConflicts(
          .slb, "DeleteLoadBalancer", ["LoadBalancerId": .string(id)], kind: "load_balancer", what: "deleting \(id)",
          alsoRetry: busy)
        try await s.waitGone(id, kind: "load_balancer") {
          .of(try await s.findLoadBalancer(id), field: "LoadBalancerStatus")
        }
        return outputs(["requestId": r?.text("RequestId")])
      },
      env.operation(.loadBalancerBackendServerAdd) { s in try await s.addBackendServers() },
      env.operation(.loadBalancerBackendServerRemove) { s in try await s.removeBackendServers() },
    ])
  }
}

extension CloudSession {
  func findLoadBalancer(_ id: String) async throws(AliCloudError) -> JSONValue? {
    try await find(
      .slb, "DescribeLoadBalancers", ["LoadBalancerId": .string(id)], list: "LoadBalancers.LoadBalancer",
      idField: "LoadBalancerId", id: id)
  }

  func lookup(_ loadBalancer: String) async throws(OperationFailure) -> JSONValue? {
    do { return try await findLoadBalancer(loadBalancer) } catch { throw OperationFailure.cloud(error) }
  }

  func createLoadBalancer() async throws(OperationFailure) -> [String: JSONValue] {
    let addressType = try input.oneOf("addressType", ["internet", "intranet"]) ?? "internet"
    var params = input.forward([
      "loadBalancerName": "LoadBalancerName", "masterZoneId": "MasterZoneId", "slaveZoneId": "SlaveZoneId",
      "loadBalancerSpec": "LoadBalancerSpec",
    ])
    params["AddressType"] = .string(addressType)
    if addressType == "intranet" {
      params.merge(input.forward(["vpcId": "VpcId", "vSwitchId": "VSwitchId", "address": "Address"])) { a, _ in a }
    }
    if let c = try input.oneOf("internetChargeType", ["paybybandwidth", "paybytraffic"]) {
      params["InternetChargeType"] = .string(c)
    }
    var bw = try input.int("bandWidth")
    if bw == nil { bw = try input.int("bandwidth") }
    if let b = bw {
      guard b == -1 || (1...5120).contains(b) else {
        throw OperationFailure.invalid("bandWidth", "\(b) is not -1 or 1-5120")
      }
      params["Bandwidth"] = .string(String(b))
    }
    if let pay = input.string("payType") {
      switch pay.lowercased() {
      case "payondemand", "postpaid": params["PayType"] = "PayOnDemand"
      case "prepay", "prepaid":
        params["PayType"] = "PrePay"
        params["PricingCycle"] = try input.oneOf("pricingCycle", ["month", "year"]).map(JSONValue.string)
        params["Duration"] = try input.int("duration", in: 1...9).map { .string(String($0)) }
        params["AutoPay"] = "true"
      default: throw OperationFailure.invalid("payType", "\"\(pay)\" is not PostPaid (PayOnDemand) or PrePaid (PrePay)")
      }
    }
    if let id = input.string("loadBalancerId"), let lb = try await lookup(id) {
      let out = outputs(["loadBalancerId": id, "address": lb.text("Address")])
      try await waitActive(id, keeping: out)
      return out
    }
    let r = try await call(.slb, "CreateLoadBalancer", params, idempotent: true, retryOn: LoadBalancerOperations.busy)
    guard let id = r.text("LoadBalancerId") else {
      throw OperationFailure("CreateLoadBalancer answered without a LoadBalancerId")
    }
    let out = outputs(["loadBalancerId": id, "address": r.text("Address"), "requestId": r.text("RequestId")])
    try await waitActive(id, keeping: out)
    return out
  }

  func waitActive(_ id: String, keeping out: [String: JSONValue]) async throws(OperationFailure) {
    try await wait(for: id, kind: "load_balancer", until: ["active"], failOn: ["locked"], keeping: out) {
      .of(try await self.findLoadBalancer(id), field: "LoadBalancerStatus")
    }
  }
}
