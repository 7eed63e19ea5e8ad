import AliCloudAPI
import AliCloudClient
import AliCloudCore
import Synchronization
import TestSupport
import Testing

@testable import AliCloudDaemon

@Suite struct SandboxOptionsTests {
  func options(_ args: [String]) throws -> DaemonOptions {
    guard case .run(let o) = try DaemonOptions.parse(args) else { throw DaemonOptions.UsageError(message: "not run") }
    return o
  }

  @Test func parsesSandboxSettings() throws {
    let o = try options([
      "--sandbox", "--sandbox-delay-ms", "50", "--sandbox-seed=9", "--sandbox-throttle-rate", "0.25",
      "--sandbox-unavailable-rate", "0.1", "--signature", "V1",
    ])
    #expect(o.cloud.sandbox && o.cloud.signature == .v1)
    #expect(o.cloud.sandboxSettings.delays.standard == 0.05 && o.cloud.sandboxSettings.seed == 9)
    #expect(o.cloud.sandboxSettings.faults.throttleRate == 0.25)
    #expect(o.cloud.sandboxSettings.faults.serviceUnavailableRate == 0.1)
    #expect(try !options([]).cloud.sandbox)
  }

  @Test func endpointOverridesReachTheClient() throws {
    let o = try options(["--endpoint", "http://127.0.0.1:9000/", "--endpoint", "ecs=http://127.0.0.1:9001"])
    let c = try o.configuration(logger: .silent)
    let endpoints = try #require(c.operations?.client.configuration.endpoints)
    #expect(endpoints.baseURL(product: .vpc, region: "cn-hangzhou") == "http://127.0.0.1:9000")
    #expect(endpoints.baseURL(product: .ecs, region: "cn-hangzhou") == "http://127.0.0.1:9001")
    #expect(c.statusProviders["sandbox"] == nil && c.onStop.isEmpty)
    let overrides = Daemon(configuration: c).status()["cloud"]?["endpointOverrides"]
    #expect(overrides?["*"] == "http://127.0.0.1:9000" && overrides?["ecs"] == "http://127.0.0.1:9001")
  }

  static let bad: [([String], String)] = [
    (["--endpoint", "ftp://x"], "--endpoint: endpoint 'ftp://x' must start with http://"),
    (["--endpoint", "nosuch=http://127.0.0.1:1"], "unknown product 'nosuch'"),
    (["--endpoint"], "--endpoint needs a value"),
    (["--signature", "v2"], "--signature: expected v3 or v1, got v2"),
    (
      ["--sandbox", "--sandbox-delay-ms", "-5"],
      "--sandbox-delay-ms: expected milliseconds between 0 and 3600000, got -5"
    ),
    (["--sandbox", "--sandbox-seed", "x"], "--sandbox-seed: expected a non-negative integer"),
    (["--sandbox", "--sandbox-throttle-rate", "1.5"], "--sandbox-throttle-rate: expected a number between 0 and 1"),
    (["--sandbox", "--sandbox-drop-rate", "0.6", "--sandbox-throttle-rate", "0.6"], "add up to more than 1"),
    (["--sandbox-delay-ms", "5"], "--sandbox-* options need --sandbox"),
    (["--sandbox", "--endpoint", "http://127.0.0.1:1"], "cannot be combined with --sandbox"),
  ]

  @Test(arguments: bad.indices) func rejectsBadCloudArguments(_ i: Int) {
    let (args, message) = Self.bad[i]
    #expect {
      _ = try DaemonOptions.parse(args)
    } throws: { error in
      "\(error)".contains(message)
    }
  }

  @Test func helpNamesEveryCloudFlag() {
    for flag in [
      "--sandbox ", "--sandbox-delay-ms", "--sandbox-seed", "--sandbox-throttle-rate", "--sandbox-unavailable-rate",
      "--sandbox-drop-rate", "--sandbox-lost-response-rate", "--endpoint [PRODUCT=]URL", "--sandbox-latency-ms MIN-MAX",
      "--wait-timeout [KIND=]SECONDS",
      "--signature", "ALIBABA_CLOUD_ACCESS_KEY_ID", "~/.aliyun/config.json",
    ] {
      #expect(DaemonOptions.help.contains(flag), "\(flag)")
    }
  }
}

@Suite struct SandboxDaemonTests {
  @Test func createsAVpcWithTheSandboxCredentialAndShowsItInStatus() async throws {
    let sandbox = try SandboxDaemonFixture()
    let endpoint = sandbox.sandbox.endpoint
    let client = try sandbox.fixture.client()
    let progress = Mutex<[String]>([])
    let input: JSONValue = [
      "identityParams": "", "cloudParams": "regionId=cn-hangzhou", "vpcName": "demo", "cidrBlock": "10.0.0.0/16",
    ]
    let result = try await client.call(
      "vpc/create", params: ["inputs": [input]],
      progress: { p in progress.withLock { $0.append(p["message"]?.stringValue ?? "\(p)") } })
    let out = try #require(result["results"]?["outputs"]?[0])
    #expect(out["errorCode"] == "0", "\(out)")
    let id = try #require(out["vpcId"]?.stringValue)
    let vpc = try #require(sandbox.simulator.resource(id))
    #expect(vpc.status == "Available" && vpc.regionId == "cn-hangzhou")
    #expect(sandbox.simulator.requests().allSatisfy { $0.accessKeyId == Sandbox.credential.accessKeyId })
    #expect(progress.withLock { $0 }.contains { $0.contains("Available") }, "\(progress.withLock { $0 })")

    let status = try await client.call("daemon.status")
    #expect(status["sandbox"]?["endpoint"]?.stringValue == endpoint)
    #expect(status["sandbox"]?["port"]?.intValue == Int(sandbox.sandbox.server.port))
    #expect(status["sandbox"]?["resources"]?.intValue ?? 0 >= 1)
    let regions = status["cloud"]?["cache"]?["regions"]?.arrayValue ?? []
    #expect(regions.contains { $0["region"] == "cn-hangzhou" }, "\(status)")
    #expect(!status.jsonString().contains(Sandbox.credential.accessKeySecret))
    let logged = sandbox.fixture.logs.records.map { $0.message + " " + $0.metadata.description }
    #expect(logged.contains { $0.contains("SANDBOX") && $0.contains(endpoint) })

    client.close()
    await sandbox.stop()
    // The simulator stopped with the daemon: its port no longer answers.
    let probe = OpenAPIClient(
      configuration: .init(endpoints: Endpoints(all: endpoint), retry: RetryPolicy(maxAttempts: 1)))
    await #expect(throws: AliCloudError.self) {
      _ = try await probe.call(
        product: .vpc, action: "DescribeVpcs", region: "cn-hangzhou", credential: Sandbox.credential)
    }
  }

  @Test func v1SigningAndFaultsReachTheSandbox() async throws {
    let sandbox = try SandboxDaemonFixture(arguments: [
      "--sandbox-delay-ms", "10", "--signature", "v1", "--sandbox-throttle-rate", "0.1", "--sandbox-seed", "3",
    ])
    let client = try sandbox.fixture.client()
    for i in 0..<3 {
      let input: JSONValue = [
        "identityParams": "", "cloudParams": "regionId=cn-beijing", "vpcName": .string("v\(i)"),
        "cidrBlock": "192.168.0.0/16",
      ]
      let result = try await client.call("vpc/create", params: ["inputs": [input]])
      #expect(result["results"]?["outputs"]?[0]?["errorCode"] == "0", "\(result)")
    }
    #expect(sandbox.simulator.resources(kind: "vpc").count == 3)
    #expect(Set(sandbox.simulator.requests().map(\.signing)) == ["v1"])
    let status = try await client.call("daemon.status")
    #expect(status["sandbox"]?["faults"]?["throttleRate"] == .double(0.1))
    client.close()
    await sandbox.stop()
  }
}
