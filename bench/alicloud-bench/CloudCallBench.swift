import AliCloudAPI
import AliCloudCore
import AliCloudSigning
import AliCloudSim
import Foundation

/// `alicloud-bench cloud-call [--calls N] [--python PATH]`: the per-call cost of one simple API
/// call (VPC DescribeVpcs, one VPC listed) through our client and through the official Python SDK,
/// against the same simulator (V3 signatures verified), in one run.
enum CloudCallBench {
  static let accessKeyId = "bench-id"
  static let secret = "bench-secret"

  static func run(_ args: [String]) async -> Int32 {
    var calls = 2_000
    var python: String? = nil
    var i = 0
    while i < args.count {
      switch args[i] {
      case "--calls" where i + 1 < args.count:
        calls = max(1, Int(args[i + 1]) ?? calls)
        i += 1
      case "--python" where i + 1 < args.count:
        python = args[i + 1]
        i += 1
      default:
        FileHandle.standardError.write(Data("cloud-call: unknown argument \(args[i])\n".utf8))
        return 2
      }
      i += 1
    }
    var config = SimConfig(credentials: [SimCredential(accessKeyId: accessKeyId, accessKeySecret: secret)])
    config.delays = .milliseconds(1)
    let sim: SimServer
    do { sim = try SimServer.start(config) } catch {
      FileHandle.standardError.write(Data("cloud-call: cannot start the simulator: \(error)\n".utf8))
      return 1
    }
    defer { sim.stop() }
    let url = sim.endpoint
    let ours: Double
    do { ours = try await timeOurs(url: url, calls: calls) } catch {
      FileHandle.standardError.write(Data("cloud-call: our client failed: \(error)\n".utf8))
      return 1
    }
    print(String(format: "alicloudd client   DescribeVpcs: %8.1f µs/call (%d calls)", ours, calls))
    guard let python else {
      print("official Python SDK: skipped (pass --python PATH of a venv with alibabacloud-vpc20160428)")
      return 0
    }
    guard let sdk = timeSDK(python: python, url: url, calls: calls) else { return 1 }
    print(String(format: "official Python SDK DescribeVpcs: %8.1f µs/call (%d calls)", sdk, calls))
    print(String(format: "ratio (SDK / ours): %.1fx", sdk / ours))
    return 0
  }

  static func timeOurs(url: String, calls: Int) async throws -> Double {
    let client = OpenAPIClient(configuration: .init(endpoints: try Endpoints.parse([url])))
    let cred = Credential(accessKeyId: accessKeyId, accessKeySecret: secret)
    _ = try await client.call(
      product: .vpc, action: "CreateVpc", params: ["CidrBlock": "10.0.0.0/16", "VpcName": "bench"],
      region: "cn-beijing",
      credential: cred)
    for _ in 0..<min(50, calls) {
      _ = try await client.call(product: .vpc, action: "DescribeVpcs", region: "cn-beijing", credential: cred)
    }
    let start = ContinuousClock.now
    for _ in 0..<calls {
      _ = try await client.call(product: .vpc, action: "DescribeVpcs", region: "cn-beijing", credential: cred)
    }
    let d = ContinuousClock.now - start
    return (Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12) / Double(calls)
  }

  static func timeSDK(python: String, url: String, calls: Int) -> Double? {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("cloud_call_sdk.py").path
    let p = Process()
    p.executableURL = URL(fileURLWithPath: python)
    p.arguments = [script, url, String(calls), accessKeyId, secret]
    let out = Pipe()
    p.standardOutput = out
    do { try p.run() } catch {
      FileHandle.standardError.write(Data("cloud-call: cannot run \(python): \(error)\n".utf8))
      return nil
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0,
      let v = Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    else {
      FileHandle.standardError.write(Data("cloud-call: the Python SDK run failed\n".utf8))
      return nil
    }
    return v
  }
}
