import AliCloudCore
import TestSupport
import Testing

@testable import AliCloudOps

/// DescribeAvailableZones for MySQL 8.0: two single zones and a multi-zone id.
private let zoneAnswers: [String: [JSONValue]] = rdsAnswers.merging([
  "DescribeAvailableZones": [
    ["AvailableZones": [["ZoneId": "cn-test-MAZ1(a,b)"], ["ZoneId": "cn-test-a"], ["ZoneId": "cn-test-b"]]]
  ]
]) { _, b in b }

private func vSwitch(in zone: String) -> [String: [JSONValue]] {
  ["DescribeVSwitches": [["VSwitches": ["VSwitch": [["VSwitchId": "vsw-1", "ZoneId": .string(zone)]]]]]]
}

@Test func rdsCreateWithoutZoneTakesTheZoneOfItsVSwitch() async throws {
  let cloud = ScriptedCloud(zoneAnswers.merging(vSwitch(in: "cn-test-b")) { _, b in b })
  var input = rdsInput
  input["zoneId"] = nil
  let out = try await cloud.run("rds/db/create", input)
  #expect(out["errorCode"] == "0", "\(out)")
  #expect(cloud.sent("CreateDBInstance").first?["ZoneId"] == "cn-test-b")
  #expect(cloud.sent("DescribeAvailableClasses").first?["ZoneId"] == "cn-test-b")
}

@Test func rdsCreateWithoutZoneOrVSwitchTakesTheFirstSingleZone() async throws {
  let cloud = ScriptedCloud(zoneAnswers)
  var input = rdsInput
  for k in ["zoneId", "vSwitchId", "vpcId"] { input[k] = nil }
  let out = try await cloud.run("rds/db/create", input)
  #expect(out["errorCode"] == "0", "\(out)")
  #expect(cloud.sent("CreateDBInstance").first?["ZoneId"] == "cn-test-a")
}

@Test func rdsCreateWithoutZoneNamesAVSwitchZoneThatOffersNothing() async throws {
  let cloud = ScriptedCloud(zoneAnswers.merging(vSwitch(in: "cn-test-c")) { _, b in b })
  var input = rdsInput
  input["zoneId"] = nil
  let out = try await cloud.run("rds/db/create", input)
  #expect(out["errorCode"] == "1")
  let message = out["errorMessage"]?.stringValue ?? ""
  #expect(message.contains("cn-test-c") && message.contains("cn-test-a, cn-test-b"), "\(message)")
  #expect(cloud.sent("CreateDBInstance").isEmpty)
}
