import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

extension Resource {
  static let loadBalancer = Resource(
    kind: .loadBalancer, noun: "load balancer", product: .slb, describe: "DescribeLoadBalancers",
    list: "LoadBalancers.LoadBalancer", idField: "LoadBalancerId", stateField: "LoadBalancerStatus", ready: ["active"],
    failed: ["locked"], deleteAction: "DeleteLoadBalancer", notFoundCodes: ["InvalidLoadBalancerId.NotFound"],
    busy: [
      "SystemBusy", "OperationBusy", "ServiceIsConfiguring", "BackendServer.configuring", "ServiceIsStopping",
      "OperationFailed.TokenIsProcessing",
    ])
}

/// `load_balancer/create`, `/delete`, `/backend_server/add`, `/backend_server/remove`.
enum LoadBalancerOperations {
  static let busy = Resource.loadBalancer.busy

  static let table: @Sendable (OpsEnvironment) -> [String: OperationHandler] = { env in
    env.table([
      env.operation(.loadBalancerCreate) { s in try await s.createLoadBalancer() },
      env.operation(.loadBalancerDelete) { s in
        try await s.deleteIfPresent(.loadBalancer, try s.input.require("loadBalancerId"))
      },
      env.operation(.loadBalancerBackendServerAdd) { s in try await s.addBackendServers() },
      env.operation(.loadBalancerBackendServerRemove) { s in try await s.removeBackendServers() },
    ])
  }
}

extension CloudSession {
  func createLoadBalancer() async throws(OperationFailure) -> [String: JSONValue] {
    let addressType = try input.oneOf("addressType") ?? "internet"
    var params = input.forward([
      "loadBalancerName": "LoadBalancerName", "masterZoneId": "MasterZoneId", "slaveZoneId": "SlaveZoneId",
      "loadBalancerSpec": "LoadBalancerSpec",
    ])
    params["AddressType"] = .string(addressType)
    if addressType == "intranet" {
      params.merge(input.forward(["vpcId": "VpcId", "vSwitchId": "VSwitchId", "address": "Address"])) { a, _ in a }
    }
    if let c = try input.oneOf("internetChargeType") {
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
        params["PricingCycle"] = try input.oneOf("pricingCycle").map(JSONValue.string)
        params["Duration"] = try input.int("duration", in: 1...9).map { .string(String($0)) }
        params["AutoPay"] = "true"
      default: throw OperationFailure.invalid("payType", "\"\(pay)\" is not PostPaid (PayOnDemand) or PrePaid (PrePay)")
      }
    }
    return try await findOrCreate(
      .loadBalancer, existing: "loadBalancerId", output: "loadBalancerId",
      fields: { lb, _ in outputs(["address": lb.text("Address")]) }, create: .call("CreateLoadBalancer", params)
    ).out
  }
}
