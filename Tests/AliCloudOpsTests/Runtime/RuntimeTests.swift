import AliCloudAPI
import AliCloudCatalog
import AliCloudCore
import AliCloudOps
import AliCloudSigning
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import AliCloudOps

func testEnv(_ transport: ScriptedCloud, credential: Credential? = nil, timeoutMs: Int = 10_000) -> OpsEnvironment {
  OpsEnvironment(
    client: OpenAPIClient(
      configuration: .init(retry: RetryPolicy(maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2)), transport: transport),
    waits: .fast(timeoutMs: timeoutMs), defaultCredential: { credential })
}

/// A request body with one input: the good credentials and region plus `extra`.
func request(_ extra: [String: JSONValue]) -> JSONValue {
  ["inputs": [.object(goodInput.fields.merging(extra) { _, b in b })]]
}

let goodInput = Input(["identityParams": "accessKeyId=AK1; secret=s3cr3t-value", "cloudParams": "regionId = cn-test"])

@Test func sessionResolvesCredentialAndRegion() async throws {
  let s = try await CloudSession(
    env: testEnv(ScriptedCloud([:])), input: goodInput, context: .init(callID: "1"), callNonce: "n")
  #expect(s.credential.accessKeyId == "AK1" && s.region == "cn-test")
}

@Test func sessionErrorsNameWhatIsMissingWithoutSecrets() async {
  let env = testEnv(ScriptedCloud([:]))
  let cases: [([String: JSONValue], String)] = [
    (["identityParams": "accessKeyId=AK1;secret=topsecret", "cloudParams": "regionGroup=x"], "regionId"),
    (["identityParams": "accessKeyId=AK1;sekret=topsecret", "cloudParams": "regionId=cn-test"], "secret"),
    (["cloudParams": "regionId=cn-test"], "no default credentials"),
  ]
  for (fields, expected) in cases {
    do {
      _ = try await CloudSession(env: env, input: Input(fields), context: .init(callID: "1"), callNonce: "n")
      Issue.record("expected a failure for \(fields)")
    } catch {
      #expect(error.message.contains(expected), "\(error.message)")
      #expect(!error.message.contains("topsecret"))
    }
  }
}

@Test func defaultCredentialAppliesWhenIdentityIsEmpty() async throws {
  let env = testEnv(ScriptedCloud([:]), credential: Credential(accessKeyId: "DEF", accessKeySecret: "x"))
  let s = try await CloudSession(
    env: env, input: Input(["identityParams": "", "cloudParams": "regionId=cn-test"]), context: .init(callID: "1"),
    callNonce: "n")
  #expect(s.credential.accessKeyId == "DEF")
}

@Test func clientTokensAreStableShortAndDistinct() async throws {
  let env = testEnv(ScriptedCloud([:]))
  func session(_ call: String, _ index: Int, nonce: String = "n") async throws -> CloudSession {
    try await CloudSession(
      env: env, input: Input(goodInput.fields.merging(["guid": "g"]) { a, _ in a }, index: index),
      context: .init(callID: call), callNonce: nonce)
  }
  let a = try await session("7", 0)
  let token = a.clientToken("CreateVpc")
  #expect(token == a.clientToken("CreateVpc"))
  #expect(token.count <= 64 && token.allSatisfy(\.isASCII))
  let others = [
    try await session("7", 1).clientToken("CreateVpc"), try await session("8", 0).clientToken("CreateVpc"),
    try await session("7", 0, nonce: "m").clientToken("CreateVpc"), a.clientToken("CreateVSwitch"),
    a.clientToken("CreateVpc", key: "x"),
  ]
  #expect(Set(others + [token]).count == 6)
}

@Test func createSendsTokenWaitsAndReportsTransitions() async throws {
  let vpc: (String) -> JSONValue = {
    ["RequestId": "R", "Vpcs": ["Vpc": [["VpcId": "vpc-1", "Status": .string($0)]]]]
  }
  let transport = ScriptedCloud([
    "CreateVpc": [["RequestId": "R0", "VpcId": "vpc-1", "RouteTableId": "vtb-1"]],
    "DescribeVpcs": [vpc("Pending"), vpc("Pending"), vpc("Available")],
  ])
  let handler = try #require(Operations.handlers(testEnv(transport))["vpc/create"])
  let seen = Mutex<[String]>([])
  let result = try await handler(
    request(["vpcName": "v", "cidrBlock": "10.0.0.0/16"]),
    OperationContext(callID: "1", progress: { m in seen.withLock { $0.append(m) } }))
  let out = try #require(result["results"]?["outputs"]?[0])
  #expect(out["errorCode"] == "0" && out["vpcId"] == "vpc-1" && out["routeTableId"] == "vtb-1")
  #expect(seen.withLock { $0 } == ["vpc-1: Pending", "vpc-1: Pending -> Available"])
  let create = try #require(transport.queries.first { $0["Action"] == "CreateVpc" })
  #expect(create["ClientToken"]?.hasPrefix("acd-") == true)
}

@Test func waitTimeoutKeepsTheCreatedIdAndNamesTheLastState() async throws {
  let transport = ScriptedCloud([
    "CreateVpc": [["RequestId": "R0", "VpcId": "vpc-2"]],
    "DescribeVpcs": [["Vpcs": ["Vpc": [["VpcId": "vpc-2", "Status": "Pending"]]]]],
  ])
  let handler = try #require(Operations.handlers(testEnv(transport, timeoutMs: 200))["vpc/create"])
  let result = try await handler(
    request(["vpcName": "v", "cidrBlock": "10.0.0.0/16"]),
    OperationContext(callID: "1"))
  let out = try #require(result["results"]?["outputs"]?[0])
  #expect(out["errorCode"] == "1" && out["vpcId"] == "vpc-2")
  #expect(out["errorMessage"]?.stringValue?.contains("last state Pending") == true)
}

@Test func badCidrIsRefusedBeforeAnyCall() async throws {
  let transport = ScriptedCloud([:])
  let handler = try #require(Operations.handlers(testEnv(transport))["vpc/create"])
  let result = try await handler(
    request(["vpcName": "v", "cidrBlock": "10.0.0.0/33"]),
    OperationContext(callID: "1"))
  #expect(result["results"]?["outputs"]?[0]?["errorMessage"]?.stringValue?.contains("cidrBlock") == true)
  #expect(transport.queries.isEmpty)
}

@Test func conflictsAreRetriedThenNameTheBlocker() async throws {
  let blocked: JSONValue = ["Code": "DependencyViolation.VSwitch", "Message": "vSwitches remain", "RequestId": "R9"]
  let transport = ScriptedCloud([
    "DescribeVpcs": [["Vpcs": ["Vpc": [["VpcId": "vpc-3", "Status": "Available"]]]]],
    "DeleteVpc": [blocked],
  ])
  let handler = try #require(Operations.handlers(testEnv(transport, timeoutMs: 200))["vpc/delete"])
  let result = try await handler(
    request(["vpcId": "vpc-3"]), OperationContext(callID: "1"))
  let message = result["results"]?["outputs"]?[0]?["errorMessage"]?.stringValue ?? ""
  #expect(message.contains("DependencyViolation.VSwitch") && message.contains("vSwitches remain"))
  #expect(transport.queries.filter { $0["Action"] == "DeleteVpc" }.count >= 2)
}

@Test func deleteOfSomethingGoneSucceeds() async throws {
  let transport = ScriptedCloud(["DescribeVpcs": [["Vpcs": ["Vpc": []]]]])
  let handler = try #require(Operations.handlers(testEnv(transport))["vpc/delete"])
  let result = try await handler(
    request(["vpcId": "vpc-gone"]), OperationContext(callID: "1"))
  #expect(result["resultCode"] == "0")
  #expect(!transport.queries.contains { $0["Action"] == "DeleteVpc" })
}

@Test func cancelledWaitReportsTheCreatedId() async throws {
  let transport = ScriptedCloud([
    "CreateVpc": [["RequestId": "R0", "VpcId": "vpc-4"]],
    "DescribeVpcs": [["Vpcs": ["Vpc": [["VpcId": "vpc-4", "Status": "Pending"]]]]],
  ])
  var env = testEnv(transport)
  env.waits = .fast(timeoutMs: 60_000)
  let handler = try #require(Operations.handlers(env)["vpc/create"])
  let task = Task {
    try await handler(
      request(["vpcName": "v", "cidrBlock": "10.0.0.0/16"]),
      OperationContext(callID: "1"))
  }
  try await eventually("the first DescribeVpcs poll") {
    transport.queries.contains(where: { $0["Action"] == "DescribeVpcs" })
  }
  task.cancel()
  let out = try #require(try await task.value["results"]?["outputs"]?[0])
  #expect(out["vpcId"] == "vpc-4" && out["errorCode"] == "1")
  #expect(out["errorMessage"] == "cancelled while waiting for vpc-4 to become Available")
}
