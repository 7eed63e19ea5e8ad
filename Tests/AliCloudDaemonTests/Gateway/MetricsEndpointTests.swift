import AliCloudCore
import AliCloudHTTP
import Foundation
import TestSupport
import Testing

@testable import AliCloudDaemon

/// `/metrics` and `/healthz` on the gateway and on the `--metrics` listener, after calls against
/// the sandbox: the exposition is well formed and holds the calls, errors, durations, cloud
/// requests, retries and throttling the calls made.
@Suite struct MetricsEndpointTests {
  /// The samples of an exposition by their name and labels, after checking each line's shape:
  /// HELP and TYPE lines once per family before its samples, samples `name{labels} value`.
  static func samples(_ text: String) throws -> [String: Double] {
    var out: [String: Double] = [:]
    var typed: [String: String] = [:]
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
      if line.hasPrefix("# HELP ") { continue }
      if line.hasPrefix("# TYPE ") {
        let parts = line.split(separator: " ")
        try #require(parts.count == 4 && typed[String(parts[2])] == nil, "\(line)")
        typed[String(parts[2])] = String(parts[3])
        continue
      }
      let space = try #require(line.lastIndex(of: " "), "\(line)")
      let key = String(line[..<space])
      let value = try #require(Double(line[line.index(after: space)...].replacingOccurrences(of: "+Inf", with: "inf")))
      let name = String(key.prefix { $0 != "{" })
      try #require(name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }, "\(line)")
      let family = typed.keys.first { name == $0 || (typed[$0] == "histogram" && name.hasPrefix($0 + "_")) }
      try #require(family != nil, "a sample without a TYPE: \(line)")
      out[key] = value
    }
    #expect(text.hasSuffix("\n"))
    return out
  }

  @Test func theGatewayServesMetricsAfterSandboxCalls() async throws {
    let f = try GatewayFixture(sandboxArguments: ["--sandbox-delay-ms", "5"])
    let http = try f.client()
    let input: JSONValue = ["cloudParams": "regionId=cn-hangzhou", "vpcName": "m", "cidrBlock": "10.0.0.0/16"]
    let created = try await http.send("/alicloud/v1/vpc/create", ["inputs": [input]])
    #expect(created.json?["resultCode"] == "0", "\(created.text)")
    let socket = try f.daemonFixture.client()
    _ = try? await socket.call("vpc/creat", params: ["inputs": []])
    _ = try await socket.call("daemon.ping")

    let r = try await http.send("GET", "/metrics")
    #expect(r.status == 200)
    #expect(r.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
    let s = try Self.samples(r.text)
    #expect(s["alicloudd_calls_total{method=\"vpc/create\"}"] == 1, "\(r.text)")
    #expect(s["alicloudd_calls_total{method=\"daemon.ping\"}"] == 1)
    #expect(s["alicloudd_call_errors_total{method=\"(unknown)\",error=\"alicloudd.MethodNotFound\"}"] == 1)
    #expect(s["alicloudd_call_duration_seconds_count{method=\"vpc/create\"}"] == 1)
    #expect(s["alicloudd_call_duration_seconds_bucket{method=\"vpc/create\",le=\"+Inf\"}"] == 1)
    #expect(s["alicloudd_cloud_requests_total{product=\"vpc\",action=\"CreateVpc\",code=\"OK\"}"] == 1)
    #expect((s["alicloudd_cloud_request_duration_seconds_count{product=\"vpc\",action=\"DescribeVpcs\"}"] ?? 0) >= 1)
    #expect(s["alicloudd_calls_in_flight"] == 0 && s["alicloudd_connections"] == 1)
    #expect(s["alicloudd_journal_entries_pending"] == 0 && s["alicloudd_journal_writable"] == 1)
    #expect((s["alicloudd_http_connections"] ?? 0) >= 1)
    #expect(s["alicloudd_build_info{version=\"\(Version.product)\",protocol=\"\(Version.protocolVersion)\"}"] == 1)

    // Every family is documented.
    let doc = try String(contentsOf: Repository.url("docs/operations.md"), encoding: .utf8)
    for line in r.text.split(separator: "\n") where line.hasPrefix("# TYPE ") {
      let name = line.split(separator: " ")[2]
      #expect(doc.contains("| `\(name)` |"), "\(name) is not in docs/operations.md")
    }

    let health = try await http.send("GET", "/healthz")
    #expect(health.status == 200 && health.json?["status"] == "ready" && health.json?["socket"] == "listening")
    #expect(try await http.send("POST", "/metrics", body: Data("{}".utf8)).status == 405)
    socket.close()
    await f.stop()
  }

  @Test func retriesAndThrottlingAreCounted() async throws {
    let f = try SandboxDaemonFixture(arguments: [
      "--sandbox-delay-ms", "5", "--sandbox-throttle-rate", "0.4", "--sandbox-seed", "7", "--retry-delay-ms", "1-5",
    ])
    let client = try f.fixture.client()
    for i in 0..<4 {
      let input: JSONValue = [
        "cloudParams": "regionId=cn-beijing", "vpcName": .string("t\(i)"), "cidrBlock": "10.0.0.0/16",
      ]
      _ = try await client.call("vpc/create", params: ["inputs": [input]])
    }
    let s = try Self.samples(f.daemon.metricsText())
    let throttled = s.filter { $0.key.hasPrefix("alicloudd_cloud_throttled_total{") }.values.reduce(0, +)
    let retries = s.filter { $0.key.hasPrefix("alicloudd_cloud_retries_total{") }.values.reduce(0, +)
    let throttledAnswers = s.filter {
      $0.key.hasPrefix("alicloudd_cloud_requests_total{") && $0.key.contains("Throttling")
    }
    #expect(throttled > 0 && retries > 0, "\(s)")
    #expect(throttledAnswers.values.reduce(0, +) == throttled)
    client.close()
    await f.stop()
  }

  @Test func theMetricsListenerServesWithoutTheGateway() async throws {
    let d = try DaemonFixture()
    let server = MetricsServer(daemon: d.daemon, host: "127.0.0.1", port: 0)
    let port = try server.start()
    let http = try LoopbackHTTPClient(port: port)
    let metrics = try await http.send("GET", "/metrics")
    #expect(metrics.status == 200 && metrics.text.contains("# TYPE alicloudd_calls_total counter"))
    #expect(try await http.send("GET", "/healthz").status == 200)
    #expect(try await http.send("GET", "/alicloud/v1/vpc/create").status == 404)
    await d.stop()
  }

  @Test func healthNeedsTheSocketAndAWritableJournal() async throws {
    let dir = try DaemonFixture.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    _ = FileManager.default.createFile(atPath: dir + "/file", contents: Data())
    guard
      case .run(let o) = try DaemonOptions.parse(["--endpoint", "http://127.0.0.1:1", "--state-dir", dir + "/file/x"])
    else { throw DaemonOptions.UsageError(message: "not run") }
    var config = try o.configuration(logger: .silent)
    config.socketPath = dir + "/alicloudd.sock"
    let daemon = Daemon(configuration: config)
    let before = daemon.health()
    #expect(!before.ready && before.body["socket"] == "not started")
    try daemon.start()
    let started = daemon.health()
    #expect(!started.ready && started.body["socket"] == "listening", "\(started.body)")
    #expect(started.body["journal"]?.stringValue?.hasPrefix("not writable") == true, "\(started.body)")
    #expect(started.body["status"] == "unavailable")
    await daemon.shutdown()
    #expect(daemon.health().body["socket"] == "shutting down")
  }
}
