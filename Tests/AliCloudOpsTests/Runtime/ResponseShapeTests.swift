import AliCloudAPI
import AliCloudCatalog
import AliCloudCore
import AliCloudOps
import TestSupport
import Testing

@testable import AliCloudOps

/// Numbers in AliCloud answers that no Int holds, or that are not numbers at all, never trap:
/// they are reported as text or left out, and what was created is still reported.

@Test func hugeRequestIdStillReportsTheCreatedVSwitch() async throws {
  let vsw: JSONValue = [
    "RequestId": .double(1e19),
    "VSwitches": [
      "VSwitch": [["VSwitchId": "vsw-abc", "Status": "Available", "AvailableIpAddressCount": .double(1e300)]]
    ],
  ]
  let transport = ScriptedCloud([
    "CreateVSwitch": [["RequestId": .double(1e19), "VSwitchId": "vsw-abc"]], "DescribeVSwitches": [vsw],
  ])
  let handler = try #require(Operations.handlers(testEnv(transport))["vswitch/create"])
  let result = try await handler(
    request(["vpcId": "vpc-1", "zoneId": "cn-test-a", "cidrBlock": "10.0.1.0/24", "vSwitchName": "s"]),
    OperationContext(callID: "1"))
  let out = try #require(result["results"]?["outputs"]?[0])
  #expect(out["errorCode"] == "0" && out["vSwitchId"] == "vsw-abc", "\(out)")
  #expect(out["requestId"] == "1e+19")
}

@Test func textOfNumbersNeverTraps() {
  let o: JSONValue = [
    "big": .double(1e19), "neg": .double(-1e19), "whole": .double(42), "half": .double(0.5), "max": .double(9.3e18),
  ]
  #expect(o.text("big") == "1e+19" && o.text("neg") == "-1e+19")
  #expect(o.text("whole") == "42" && o.text("half") == "0.5")
  #expect(o.text("max") == String(Double(9.3e18)))
  #expect(JSONValue.object(["n": .double(.nan)]).text("n") == "nan")
  #expect(JSONValue.object(["n": .double(-.infinity)]).text("n") == "-inf")
}

@Test(arguments: ["nan", "NaN", "inf", "-inf", "infinity", "1e400", "", "x"])
func nonFiniteNumbersAreRefused(_ text: String) {
  #expect(InstanceTypes.number(.string(text)) == nil)
}

@Test func finiteNumbersAreRead() {
  #expect(InstanceTypes.number(.string(" 4 ")) == 4)
  #expect(InstanceTypes.number(.int(8)) == 8)
  #expect(InstanceTypes.number(.double(0.5)) == 0.5)
  #expect(ResponseNumbers.count(1e19, limit: 1 << 20) == nil)
  #expect(ResponseNumbers.count(-1, limit: 10) == nil)
  #expect(ResponseNumbers.count(2.5, limit: 10) == 2)
}

@Test func instanceTypesWithImpossibleSizesAreLeftOut() {
  let answer: JSONValue = [
    "InstanceTypes": [
      "InstanceType": [
        ["InstanceTypeId": "ecs.c5.huge", "CpuCoreCount": .double(1e19), "MemorySize": 8],
        ["InstanceTypeId": "ecs.c5.nan", "CpuCoreCount": "nan", "MemorySize": 8],
        ["InstanceTypeId": "ecs.c5.inf", "CpuCoreCount": 2, "MemorySize": "inf"],
        ["InstanceTypeId": "ecs.c5.neg", "CpuCoreCount": -4, "MemorySize": 8],
        ["InstanceTypeId": "ecs.c5.large", "CpuCoreCount": 2, "MemorySize": 4],
      ]
    ]
  ]
  let types = InstanceTypes.types(of: "ecs.c5", in: answer)
  #expect(types.map(\.id) == ["ecs.c5.large"])
}

@Test func rdsClassesWithImpossibleSizesFallBackToTheTable() {
  let answer: JSONValue = [
    "DBInstanceClasses": [
      ["DBInstanceClass": "made.up.1", "Cpu": .double(1e19), "Memory": 8],
      ["DBInstanceClass": "made.up.2", "Cpu": "inf", "Memory": 8],
      ["DBInstanceClass": "made.up.3", "Cpu": 2, "Memory": "nan"],
      ["DBInstanceClass": "made.up.4", "Cpu": 2, "MemoryClass": "infG"],
    ]
  ]
  #expect(RDSClass.available(answer, engine: "MySQL").isEmpty)
}

@Test func redisOffersWithImpossibleCapacitiesAreLeftOut() {
  let answer: JSONValue = [
    "Offers": [
      ["InstanceClass": "redis.huge", "Capacity": .double(1e19)],
      ["InstanceClass": "redis.nan", "Capacity": "nan"],
      ["InstanceClass": "redis.1g", "Capacity": 1024],
    ]
  ]
  #expect(RedisCapacity.offers(answer).map(\.instanceClass) == ["redis.1g"])
}

@Test func memoryTextOfHugeValuesNeverTraps() {
  #expect(CoreMemorySpec.amountText(2) == "2" && CoreMemorySpec.amountText(0.5) == "0.5")
  #expect(!CoreMemorySpec.amountText(1e300).isEmpty)
  #expect(!gibText(mib: .greatestFiniteMagnitude).isEmpty)
  #expect(CoreMemorySpec(cores: 2, memoryGiB: 1e19).description.hasPrefix("2C"))
}

@Test func uncertainCreateFailureSaysToResendTheSameInput() {
  var e = AliCloudError(kind: .connection, code: "ConnectionError", message: "reset", action: "Vpc:CreateVpc")
  #expect(!OperationFailure.cloud(e).message.contains("re-send the same input"))
  #expect(!OperationFailure.cloud(e).uncertain)
  e.mayHaveApplied = true
  #expect(OperationFailure.cloud(e).message.contains("re-send the same input"))
  #expect(OperationFailure.cloud(e).uncertain)
}
