import AliCloudAPI
import AliCloudCore
import AliCloudSigning
import AliCloudSim
import Testing

@testable import TestSupport

/// Asserts success and that every listed output field is a non-empty string.
@discardableResult
func expectOK(_ out: JSONValue, _ fields: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue
{
  #expect(out["errorCode"] == "0", "\(out)", sourceLocation: sourceLocation)
  #expect(out["errorMessage"] == "", sourceLocation: sourceLocation)
  #expect(out["guid"] != nil && out["callbackParameter"] != nil, sourceLocation: sourceLocation)
  for f in fields {
    let value: String = out[f]?.stringValue ?? ""
    #expect(!value.isEmpty, "missing \(f) in \(out)", sourceLocation: sourceLocation)
  }
  return out
}

@discardableResult
func expectOK(_ out: [String: JSONValue], _ fields: [String] = [], sourceLocation: SourceLocation = #_sourceLocation)
  -> JSONValue
{
  expectOK(.object(out), fields, sourceLocation: sourceLocation)
}

func expectFailure(_ out: [String: JSONValue], _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation)
{
  expectFailure(.object(out), fragments, sourceLocation: sourceLocation)
}

/// Asserts failure with a message containing every fragment.
func expectFailure(_ out: JSONValue, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(out["errorCode"] == "1", "\(out)", sourceLocation: sourceLocation)
  let message = out["errorMessage"]?.stringValue ?? ""
  for f in fragments { #expect(message.contains(f), "\"\(message)\" lacks \"\(f)\"", sourceLocation: sourceLocation) }
}

/// The inputs of a working VM in the fixture's network.
func vmInput(_ vsw: String, _ group: String, _ extra: [String: JSONValue] = [:]) -> [String: JSONValue] {
  [
    "seed": "seed123", "instanceSpec": "1C1G", "instanceFamily": "s6", "imageId": "m-ubuntu2204",
    "zoneId": .string(CloudFixture.zone), "vSwitchId": .string(vsw), "securityGroupId": .string(group),
    "instanceName": "web",
  ].merging(extra) { _, b in b }
}

extension CloudFixture {
  convenience init() throws { try self.init(delayMs: 5) }

  func securityGroup(_ vpc: String, name: String = "web") async throws -> String {
    let out = try await one(
      "security_group/create", ["securityGroupName": .string(name), "description": "d", "vpcId": .string(vpc)])
    return out["securityGroupId"]?.stringValue ?? ""
  }

  func vm(_ vsw: String, _ group: String) async throws -> [String: JSONValue] {
    try await one("vm/create", vmInput(vsw, group))
  }

  /// Calls `method` with several inputs (guids `g-1`, `g-2`, ... unless given); returns the envelope.
  func calls(_ method: String, _ inputs: [[String: JSONValue]]) async throws -> JSONValue {
    try await call(method, inputs.enumerated().map { CloudFixture.input($1, guid: "g-\($0 + 1)") })
  }

  /// One AliCloud call straight to the simulator (for setting up and checking).
  func cloud(_ product: Product, _ action: String, _ params: [String: JSONValue] = [:]) async throws -> JSONValue {
    let c = SimCredential.sandbox
    return try await env.client.call(
      product: product, action: action, params: params, region: CloudFixture.region,
      credential: Credential(accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret))
  }

  /// A VPC with a vSwitch in the fixture's zone, made through the daemon: (vpcId, vSwitchId).
  func network() async throws -> (String, String) {
    let vpc = try await one("vpc/create", ["vpcName": "net", "cidrBlock": "10.0.0.0/16"])["vpcId"]?.stringValue ?? ""
    let vsw = try await one(
      "vswitch/create",
      ["vpcId": .string(vpc), "vSwitchName": "sw", "cidrBlock": "10.0.1.0/24", "zoneId": .string(CloudFixture.zone)])
    return (vpc, vsw["vSwitchId"]?.stringValue ?? "")
  }
}

let cipherSeed = "seed123"
