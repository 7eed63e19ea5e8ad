import AliCloudAPI
import AliCloudClient
import AliCloudCore
import AliCloudDaemon
import AliCloudOps
import AliCloudSigning
import AliCloudSim
import Foundation

/// `alicloud-bench batch [--inputs N] [--latency-ms MS] [--per-region N]`: N `vpc/create` inputs
/// in one call (run concurrently, bounded per region) against the same N inputs sent one call at
/// a time, through an in-process daemon and a simulator that adds MS milliseconds to every call.
enum BatchBench {
  static func run(_ args: [String]) async throws -> Int32 {
    guard
      let o = BenchOptions.counts(
        "batch", args, ["inputs": 50, "latency-ms": 200, "per-region": RegionLimiter().perRegion])
    else { return 2 }
    let (inputs, latency, perRegion) = (o["inputs"]!, o["latency-ms"]!, o["per-region"]!)
    var config = SimConfig(delays: .milliseconds(1))
    config.faults.latencyRate = 1
    config.faults.latencyMinMillis = latency
    config.faults.latencyMaxMillis = latency
    let sim = try SimServer.start(config)
    defer { sim.stop() }
    let directory = NSTemporaryDirectory() + "acd-bench-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var daemonConfig = DaemonConfiguration(socketPath: directory + "/d.sock", logger: .silent)
    let sandbox = Credential(
      accessKeyId: SimCredential.sandbox.accessKeyId, accessKeySecret: SimCredential.sandbox.accessKeySecret)
    daemonConfig.operations = OpsEnvironment(
      client: OpenAPIClient(configuration: .init(endpoints: Endpoints(all: sim.endpoint))),
      limiter: RegionLimiter(perRegion: perRegion),
      waits: WaitSettings(pollBaseMs: 50, pollMaxMs: 200), defaultCredential: { sandbox })
    let daemon = Daemon(configuration: daemonConfig)
    try daemon.start()
    let client = try Client(socketPath: directory + "/d.sock")
    func input(_ n: Int, _ run: String) -> JSONValue {
      [
        "guid": .string("\(run)-\(n)"), "cloudParams": "regionId=cn-hangzhou", "vpcName": .string("\(run)\(n)"),
        "cidrBlock": "10.0.0.0/16",
      ]
    }

    var start = ContinuousClock.now
    let batch = try await client.call("vpc/create", params: ["inputs": .array((0..<inputs).map { input($0, "b") })])
    let batchTime = ContinuousClock.now - start
    guard batch["resultCode"] == "0" else {
      FileHandle.standardError.write(Data("batch: the batch failed: \(batch["resultMessage"] ?? "")\n".utf8))
      return 1
    }
    start = ContinuousClock.now
    for n in 0..<inputs {
      let one = try await client.call("vpc/create", params: ["inputs": [input(n, "s")]])
      guard one["resultCode"] == "0" else {
        FileHandle.standardError.write(Data("batch: input \(n) failed: \(one["resultMessage"] ?? "")\n".utf8))
        return 1
      }
    }
    let serialTime = ContinuousClock.now - start
    client.close()
    await daemon.shutdown()
    let b = seconds(batchTime)
    let s = seconds(serialTime)
    print("vpc/create, \(inputs) inputs, \(latency) ms per API call, at most \(perRegion) inputs at once per region")
    print(String(format: "one call with %d inputs:      %7.2f s", inputs, b))
    print(String(format: "%d calls of one input each:  %7.2f s", inputs, s))
    print(String(format: "ratio (one at a time / batch): %.1fx", s / b))
    return 0
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
  }
}
