import AliCloudCore
import AliCloudSim
import Foundation
import TestSupport

/// Calls and teardown for the SLB, RDS and Redis tests, on top of the compute fixtures.
extension ComputeWorld {
  /// Calls a product's action in the world's region; returns the reply (success or error).
  func call(_ product: String, _ action: String, _ p: [String: String] = [:], region: Bool = true) throws
    -> SimTestClient.Reply
  {
    var params = p
    if region && params["RegionId"] == nil { params["RegionId"] = self.region }
    return try c.call(action, params, product: product)
  }

  /// Calls and expects success.
  @discardableResult
  func ok(_ product: String, _ action: String, _ p: [String: String] = [:], region: Bool = true) throws -> JSONValue {
    let r = try call(product, action, p, region: region)
    guard r.status == 200 else { throw LoopbackHTTPClient.Failure(description: "\(action): \(r.status) \(r.body)") }
    return r.body
  }

  /// Deletes the instances, the security group, the vSwitch and the VPC, waiting for each.
  func teardown(sim: SimServer, instances: [String] = []) throws {
    for i in instances { try ecs("DeleteInstance", ["InstanceId": i, "Force": "true"]) }
    _ = settle { sim.simulator.resources(kind: "instance").isEmpty }
    try ecs("DeleteSecurityGroup", ["SecurityGroupId": group])
    try c.ok("DeleteVSwitch", ["RegionId": region, "VSwitchId": vSwitch])
    _ = settle { sim.simulator.resource(vSwitch) == nil }
    try c.ok("DeleteVpc", ["RegionId": region, "VpcId": vpc])
    _ = settle { sim.simulator.resources().isEmpty }
  }
}
