import AliCloudCore
import AliCloudSigning
import Testing

@testable import TestSupport

/// Asserts success and that every listed output field is a non-empty string.
@discardableResult
func expectOK(_ out: JSONValue, _ fields: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue
{
  #expect(out["errorCode"] == "0", "\(out)", sourceLocation: sourceLocation)
  #expect(out["errorMessage"] == "", sourceLocation: sourceLocation)
  #expect(out["callbackParameter"] == "cb", sourceLocation: sourceLocation)
  for f in fields {
    let value: String = out[f]?.stringValue ?? ""
    #expect(!value.isEmpty, "missing \(f) in \(out)", sourceLocation: sourceLocation)
  }
  return out
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
    "zoneId": .string(ComputeCloudFixture.zone), "vSwitchId": .string(vsw), "securityGroupId": .string(group),
    "instanceName": "web",
  ].merging(extra) { _, b in b }
}

extension ComputeCloudFixture {
  func securityGroup(_ vpc: String, name: String = "web") async throws -> String {
    let out = try await one(
      "security_group/create", ["securityGroupName": .string(name), "description": "d", "vpcId": .string(vpc)])
    return out["securityGroupId"]?.stringValue ?? ""
  }

  func vm(_ vsw: String, _ group: String) async throws -> JSONValue {
    try await one("vm/create", vmInput(vsw, group))
  }
}

let cipherSeed = "seed123"
