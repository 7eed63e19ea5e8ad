import AliCloudAPI
import AliCloudClient
import AliCloudCore
import AliCloudSigning
import Foundation

/// `alicloud-bench cloud-call --url URL [--calls N] [--floor PATH] [--python PATH] [--daemon PATH]
/// [--only client|daemon]`: the cost of one AliCloud API call against the same canned server (an
/// nginx answering DescribeVpcs, started by bench/cloud-call.sh), side by side in one run:
/// a C libcurl keep-alive loop (the floor), the official Python SDK, our API client in-process,
/// and an idempotent `vpc/create` of the existing VPC through a child daemon's socket. Wall and
/// CPU microseconds per call, and their ratios to the floor.
enum CloudCallBench {
  static let accessKeyId = "bench-id"
  static let secret = "bench-secret"
  /// The VPC the canned server lists.
  static let vpcId = "vpc-bench"

  struct Cost {
    var wallUs: Double
    var cpuUs: Double
  }

  static func run(_ args: [String]) async -> Int32 {
    var calls = 2_000
    var named: [String: String] = [:]
    var i = 0
    while i < args.count {
      let name = args[i].hasPrefix("--") ? String(args[i].dropFirst(2)) : ""
      guard ["url", "calls", "floor", "python", "daemon", "only"].contains(name), i + 1 < args.count else {
        fail("unknown argument \(args[i])")
        return 2
      }
      if name == "calls" { calls = max(1, Int(args[i + 1]) ?? calls) } else { named[name] = args[i + 1] }
      i += 2
    }
    guard let url = named["url"] else {
      fail("--url URL of the canned server is required (bench/cloud-call.sh starts one)")
      return 2
    }
    let only = named["only"]
    var rows: [(String, Cost)] = []
    var floor: Cost? = nil
    if only == nil, let path = named["floor"] {
      guard let c = timeChild(path, [url, String(calls)]) else { return 1 }
      floor = c
      rows.append(("C libcurl floor        DescribeVpcs", c))
    }
    if only == nil, let python = named["python"] {
      let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("cloud_call_sdk.py").path
      guard let c = timeChild(python, [script, url, String(calls), accessKeyId, secret]) else { return 1 }
      rows.append(("official Python SDK    DescribeVpcs", c))
    }
    if only == nil || only == "client" {
      do { rows.append(("OpenAPIClient          DescribeVpcs", try await timeClient(url: url, calls: calls))) } catch {
        fail("our client failed: \(error)")
        return 1
      }
    }
    var perRequest: (cost: Cost, requests: Double)? = nil
    if only == nil || only == "daemon", let daemon = named["daemon"] {
      do {
        let d = try await timeDaemon(daemon, url: url, calls: calls)
        rows.append(("alicloudd vpc/create of the existing VPC", d.cost))
        perRequest = d
      } catch {
        fail("the daemon run failed: \(error)")
        return 1
      }
    }
    print("\(calls) calls each against \(url); µs per call (CPU: user + system of the process that makes it)")
    print("                                          wall µs    CPU µs   wall/floor  CPU/floor")
    for (name, c) in rows {
      var line = name.padding(toLength: 40, withPad: " ", startingAt: 0)
      line += String(format: " %9.1f %9.1f", c.wallUs, c.cpuUs)
      if let floor { line += String(format: "   %8.2fx  %8.2fx", c.wallUs / floor.wallUs, c.cpuUs / floor.cpuUs) }
      print(line)
    }
    if let (cost, requests) = perRequest {
      var line = String(format: "the daemon made %.2f AliCloud requests per create; daemon CPU per request", requests)
      line += String(format: " %.1f µs", cost.cpuUs / max(requests, 1))
      if let floor { line += String(format: " (%.2fx the floor's CPU)", cost.cpuUs / max(requests, 1) / floor.cpuUs) }
      print(line)
    }
    return 0
  }

  static func fail(_ message: String) {
    FileHandle.standardError.write(Data("cloud-call: \(message)\n".utf8))
  }

  /// Runs a measuring child that prints `WALL_US CPU_US`.
  static func timeChild(_ path: String, _ arguments: [String]) -> Cost? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    let out = Pipe()
    p.standardOutput = out
    do { try p.run() } catch {
      fail("cannot run \(path): \(error)")
      return nil
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let values = String(decoding: data, as: UTF8.self).split(separator: " ").compactMap {
      Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    guard p.terminationStatus == 0, values.count == 2 else {
      fail("\(path) \(arguments.first ?? "") failed")
      return nil
    }
    return Cost(wallUs: values[0], cpuUs: values[1])
  }

  static func processCPUus() -> Double {
    var r = rusage()
    getrusage(RUSAGE_SELF.rawValue, &r)
    return Double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1e6 + Double(r.ru_utime.tv_usec + r.ru_stime.tv_usec)
  }

  static func microseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
  }

  /// DescribeVpcs through our client (V3 signing, libcurl keep-alive), in this process.
  static func timeClient(url: String, calls: Int) async throws -> Cost {
    let client = OpenAPIClient(configuration: .init(endpoints: try Endpoints.parse([url])))
    let cred = Credential(accessKeyId: accessKeyId, accessKeySecret: secret)
    for _ in 0..<min(50, calls) {
      let answer = try await client.call(product: .vpc, action: "DescribeVpcs", region: "cn-beijing", credential: cred)
      guard answer.items("Vpcs.Vpc").first?.text("VpcId") == vpcId else {
        throw AliCloudError(kind: .badResponse, code: "Unexpected", message: "the answer does not list \(vpcId)")
      }
    }
    let cpu = processCPUus()
    let start = ContinuousClock.now
    for _ in 0..<calls {
      _ = try await client.call(product: .vpc, action: "DescribeVpcs", region: "cn-beijing", credential: cred)
    }
    let wall = microseconds(ContinuousClock.now - start)
    return Cost(wallUs: wall / Double(calls), cpuUs: (processCPUus() - cpu) / Double(calls))
  }

  /// `vpc/create` naming the existing VPC (a new guid each call, so none is answered from the
  /// journal) through a child daemon pointed at the server. CPU is the daemon's, from
  /// /proc/PID/stat; the second value is the AliCloud requests it sent per create.
  static func timeDaemon(_ path: String, url: String, calls: Int) async throws -> (cost: Cost, requests: Double) {
    let directory = NSTemporaryDirectory() + "acd-cloud-call-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let socket = directory + "/d.sock"
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = [
      "--socket", socket, "--state-dir", directory + "/state", "--endpoint", url, "--log-level", "warning",
    ]
    try p.run()
    defer {
      p.terminate()
      p.waitUntilExit()
    }
    let client = try await connect(socket, daemon: p)
    defer { client.close() }
    func create(_ n: Int) async throws {
      let input: JSONValue = [
        "guid": .string("bench-\(getpid())-\(n)"), "cloudParams": "regionId=cn-beijing",
        "identityParams": .string("accessKeyId=\(accessKeyId);secret=\(secret)"), "vpcName": "bench",
        "cidrBlock": "10.0.0.0/16", "vpcId": .string(vpcId),
      ]
      let r = try await client.call("vpc/create", params: ["inputs": [input]])
      guard r["resultCode"] == "0", r["results"]?["outputs"]?[0]?["vpcId"]?.stringValue == vpcId else {
        throw AliCloudError(kind: .badResponse, code: "Unexpected", message: "vpc/create answered \(r.jsonString())")
      }
    }
    for n in 0..<min(50, calls) { try await create(n) }
    let requests0 = try await attempts(client)
    let cpu0 = try childCPUus(p.processIdentifier)
    let start = ContinuousClock.now
    for n in 0..<calls { try await create(1_000_000 + n) }
    let wall = microseconds(ContinuousClock.now - start)
    let cpu = try childCPUus(p.processIdentifier) - cpu0
    let requests = Double(try await attempts(client) - requests0) / Double(calls)
    return (Cost(wallUs: wall / Double(calls), cpuUs: cpu / Double(calls)), requests)
  }

  /// Connects once the child daemon answers.
  static func connect(_ socket: String, daemon: Process) async throws -> Client {
    let deadline = ContinuousClock.now + .seconds(30)
    while true {
      if let c = try? Client(socketPath: socket), (try? await c.call("daemon.ping")) != nil { return c }
      guard daemon.isRunning, ContinuousClock.now < deadline else {
        throw AliCloudError(kind: .connection, code: "NoDaemon", message: "the daemon did not answer on \(socket)")
      }
      try await Task.sleep(for: .milliseconds(20))
    }
  }

  /// The AliCloud requests (attempts) the daemon has sent.
  static func attempts(_ client: Client) async throws -> Int {
    try await client.call("daemon.status")["cloud"]?["attempts"]?.intValue ?? 0
  }

  /// User + system CPU of process `pid` (all its threads), in microseconds.
  static func childCPUus(_ pid: Int32) throws -> Double {
    let text = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
    // Fields after the parenthesised command: state is field 3, utime 14, stime 15.
    guard let close = text.lastIndex(of: ")") else { return 0 }
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK))) * 1e6
  }
}
