import AliCloudAPI
import AliCloudClient
import AliCloudCore
import AliCloudDaemon
import AliCloudOps
import AliCloudSigning
import AliCloudSim
import Foundation

/// `alicloud-bench batch [--inputs N] [--latency-ms MS] [--per-region N] [--initial-concurrency N]
/// [--max-concurrency N] [--flow-in-flight N]`: N `vpc/create` inputs in one call against the
/// same N inputs sent one call at a time, through an in-process daemon and a simulator that adds
/// MS milliseconds to every call; the batch both with today's fixed bound (8 inputs and 8 requests
/// at once) and with the adaptive bound. Then both bounds against a simulator whose flow control
/// throttles a request when `--flow-in-flight` requests of its action are already being answered:
/// attempts, throttled answers, failed outputs and wall time of each.
enum BatchBench {
  /// Today's bound before the adaptive one: 8 inputs, and so at most 8 requests, per region.
  static let fixed = Bounds(perRegion: 8, concurrency: .init(initial: 8, maximum: 8, adaptive: false))

  struct Bounds {
    var perRegion: Int
    var concurrency: ConcurrencyLimiter.Settings
    var text: String {
      !concurrency.adaptive
        ? "fixed \(concurrency.maximum) requests, \(perRegion) inputs"
        : "adaptive \(concurrency.initial)..\(concurrency.maximum) requests, \(perRegion) inputs"
    }
  }

  struct Run {
    var seconds: Double
    var attempts: Int
    var throttled: Int
    var failed: Int
    var peakInFlight: Int
  }

  static func run(_ args: [String]) async throws -> Int32 {
    let defaults = ConcurrencyLimiter.Settings()
    guard
      let o = BenchOptions.counts(
        "batch", args,
        [
          "inputs": 50, "latency-ms": 200, "per-region": RegionLimiter.defaultPerRegion,
          "initial-concurrency": defaults.initial, "max-concurrency": defaults.maximum, "flow-in-flight": 0,
          "flow-qps": 14, "parts": 3,
        ])
    else { return 2 }
    let (inputs, latency, parts) = (o["inputs"]!, o["latency-ms"]!, o["parts"]!)
    let adaptive = Bounds(
      perRegion: o["per-region"]!,
      concurrency: .init(initial: o["initial-concurrency"]!, maximum: o["max-concurrency"]!))
    var faults = SimFaults()
    faults.latencyRate = 1
    faults.latencyMinMillis = latency
    faults.latencyMaxMillis = latency

    print("vpc/create, \(inputs) inputs, \(latency) ms per API call; cloud-connections 64")
    if parts & 1 != 0 {
      let fixedBatch = try await measure(faults, fixed, inputs: inputs, serial: false)
      let adaptiveBatch = try await measure(faults, adaptive, inputs: inputs, serial: false)
      let serial = try await measure(faults, adaptive, inputs: inputs, serial: true)
      for (name, r) in [
        ("one call, \(fixed.text)", fixedBatch), ("one call, \(adaptive.text)", adaptiveBatch),
        ("\(inputs) calls of one input each", serial),
      ] {
        print(line(name, r))
      }
      guard fixedBatch.failed + adaptiveBatch.failed + serial.failed == 0 else { return failed() }
      print(
        String(
          format: "ratio one at a time / batch: fixed %.1fx, adaptive %.1fx", serial.seconds / fixedBatch.seconds,
          serial.seconds / adaptiveBatch.seconds))
    }
    guard parts & 2 != 0 else { return 0 }

    var throttling = faults
    var limits: [String] = []
    if let n = o["flow-in-flight"], n > 0 {
      throttling.flowInFlight = n
      limits.append("\(n) of its action are being answered")
    }
    if let n = o["flow-qps"], n > 0 {
      throttling.flowPerSecond = n
      limits.append("\(n) of its action were let in during the last second")
    }
    print("\nthe same batch, the simulator throttling a request when " + limits.joined(separator: " or when "))
    let fixedThrottled = try await measure(throttling, fixed, inputs: inputs, serial: false)
    let adaptiveThrottled = try await measure(throttling, adaptive, inputs: inputs, serial: false)
    for (name, r) in [("one call, \(fixed.text)", fixedThrottled), ("one call, \(adaptive.text)", adaptiveThrottled)] {
      print(line(name, r))
    }
    print(
      String(
        format: "throttled share: fixed %.0f%%, adaptive %.0f%%; attempts adaptive / fixed: %.2f",
        100 * Double(fixedThrottled.throttled) / Double(max(1, fixedThrottled.attempts)),
        100 * Double(adaptiveThrottled.throttled) / Double(max(1, adaptiveThrottled.attempts)),
        Double(adaptiveThrottled.attempts) / Double(max(1, fixedThrottled.attempts))))
    return fixedThrottled.failed + adaptiveThrottled.failed == 0 ? 0 : failed()
  }

  static func line(_ name: String, _ r: Run) -> String {
    name.padding(toLength: 50, withPad: " ", startingAt: 0)
      + String(
        format: " %6.2f s  attempts %4d  throttled %4d  failed %d  peak in flight %d", r.seconds, r.attempts,
        r.throttled, r.failed, r.peakInFlight)
  }

  static func failed() -> Int32 {
    FileHandle.standardError.write(Data("batch: some outputs failed\n".utf8))
    return 1
  }

  /// One fresh simulator and daemon; the inputs in one call, or one call each.
  static func measure(_ faults: SimFaults, _ bounds: Bounds, inputs: Int, serial: Bool) async throws -> Run {
    var config = SimConfig(delays: .milliseconds(1))
    config.faults = faults
    let sim = try SimServer.start(config)
    defer { sim.stop() }
    let directory = NSTemporaryDirectory() + "acd-bench-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var daemonConfig = DaemonConfiguration(socketPath: directory + "/d.sock", logger: .silent)
    let sandbox = Credential(
      accessKeyId: SimCredential.sandbox.accessKeyId, accessKeySecret: SimCredential.sandbox.accessKeySecret)
    let transport = CurlTransport.Configuration()  // 64 cloud connections, the daemon's default
    let apiClient = OpenAPIClient(
      configuration: .init(endpoints: Endpoints(all: sim.endpoint), concurrency: bounds.concurrency),
      transport: CurlTransport(configuration: transport))
    daemonConfig.operations = OpsEnvironment(
      client: apiClient, limiter: RegionLimiter(perRegion: bounds.perRegion),
      waits: WaitSettings(pollBaseMs: 50, pollMaxMs: 200), defaultCredential: { sandbox })
    let daemon = Daemon(configuration: daemonConfig)
    try daemon.start()
    let client = try Client(socketPath: directory + "/d.sock")
    func input(_ n: Int) -> JSONValue {
      [
        "guid": .string("b-\(n)"), "cloudParams": "regionId=cn-hangzhou", "vpcName": .string("b\(n)"),
        "cidrBlock": "10.0.0.0/16",
      ]
    }
    let calls: [[JSONValue]] = serial ? (0..<inputs).map { [input($0)] } : [(0..<inputs).map(input)]
    var failed = 0
    let start = ContinuousClock.now
    for call in calls {
      let reply = try await client.call("vpc/create", params: ["inputs": .array(call)])
      failed += (reply["results"]?["outputs"]?.arrayValue ?? []).filter { $0["errorCode"] != "0" }.count
    }
    let elapsed = ContinuousClock.now - start
    client.close()
    await daemon.shutdown()
    let stats = sim.simulator.stats
    return Run(
      seconds: seconds(elapsed), attempts: stats.requests, throttled: stats.byCode["Throttling.User"] ?? 0,
      failed: failed, peakInFlight: stats.peakInFlight)
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
  }
}
