import AliCloudCore
import AliCloudDaemon
import AliCloudHTTP
import AliCloudWire
import Foundation
import Synchronization
import TestSupport
import Testing

/// Both front ends pass every call through the daemon's one pipeline: a stage added by the
/// configuration sees the same stages, method, stats key and outcome for a socket call and an
/// HTTP call; the shared admission stage refuses both during shutdown.
@Suite struct CallPipelineTests {
  /// Records every stage it passes as `frontEnd hook method statsKey outcome`.
  final class Recorder: CallStage {
    let seen = Mutex<[String]>([])
    func note(_ call: CallInfo, _ hook: String, _ outcome: Result<JSONValue, RPCError>? = nil) {
      var line = "\(call.frontEnd) \(hook) \(call.method) \(call.statsKey)"
      if let outcome {
        switch outcome {
        case .success: line += " ok"
        case .failure(let e): line += " " + e.name
        }
      }
      seen.withLock { $0.append(line) }
    }
    func admit(_ call: CallInfo) -> RPCError? {
      note(call, "admit")
      return nil
    }
    func answered(_ call: CallInfo, _ outcome: Result<JSONValue, RPCError>) { note(call, "answered", outcome) }
    func started(_ call: CallInfo) { note(call, "started") }
    func finished(_ call: CallInfo, _ outcome: Result<JSONValue, RPCError>, elapsed: Duration) {
      note(call, "finished", outcome)
    }
    func lines(_ frontEnd: String) -> [String] {
      seen.withLock { $0 }.filter { $0.hasPrefix(frontEnd + " ") }.map { String($0.dropFirst(frontEnd.count + 1)) }
    }
  }

  func fixture(_ recorder: Recorder) throws -> (DaemonFixture, Gateway, UInt16) {
    let d = try DaemonFixture { $0.stages = [recorder] }
    let g = try Gateway(daemon: d.daemon, configuration: GatewayConfiguration(port: 0))
    return (d, g, try g.start())
  }

  @Test func socketAndHTTPCallsPassTheSameStages() async throws {
    let recorder = Recorder()
    let (d, _, port) = try fixture(recorder)
    let body: JSONValue = ["inputs": [["guid": "1"]]]
    let client = try d.client()
    _ = try await client.call("vpc/create", params: body)
    _ = try? await client.call("/alicloud/v1/vpc/create", params: ["inputs": "not a list"])
    let http = try LoopbackHTTPClient(port: port)
    _ = try await offPool { try http.post("/alicloud/v1/vpc/create", body) }
    _ = try await offPool { try http.post("/alicloud/v1/vpc/create", ["inputs": "not a list"]) }
    let expected = [
      "admit vpc/create vpc/create", "started vpc/create vpc/create", "finished vpc/create vpc/create ok",
      "admit /alicloud/v1/vpc/create vpc/create",
      "answered /alicloud/v1/vpc/create vpc/create alicloudd.InvalidParams",
    ]
    #expect(recorder.lines("socket") == expected)
    // The gateway names the operation by its canonical method.
    #expect(
      recorder.lines("http")
        == expected.map { $0.replacingOccurrences(of: "/alicloud/v1/vpc/create vpc", with: "vpc/create vpc") })
    let status = d.daemon.status()
    #expect(status["calls"]?["vpc/create"] == 4)
    #expect(status["errors"]?["alicloudd.InvalidParams"] == 2)
    await d.stop()
  }

  @Test func admissionRefusesBothFrontEndsDuringShutdown() async throws {
    let recorder = Recorder()
    let (d, _, port) = try fixture(recorder)
    let client = try d.client()
    let http = try LoopbackHTTPClient(port: port)
    // A slow call keeps the daemon shutting down while the other calls arrive.
    let slow = Task { try await client.call("vpc/delete", params: ["inputs": [["delayMs": 400]]]) }
    try await eventually("the slow call started") { recorder.lines("socket").contains("started vpc/delete vpc/delete") }
    let stopping = Task { await d.daemon.shutdown(grace: .seconds(5)) }
    try await eventually("the pipeline refusing new calls") {
      d.daemon.pipeline.begin(
        method: "daemon.ping", params: nil, id: .string("probe"), frontEnd: "test", logger: .silent
      )
      .isRefused
    }
    let refused = try await offPool { try http.post("/alicloud/v1/vpc/create", ["inputs": [["guid": "1"]]]) }
    #expect(refused.status == 503)
    #expect(recorder.lines("http").contains("answered vpc/create vpc/create alicloudd.ShuttingDown"))
    _ = try await slow.value
    await stopping.value
    try? FileManager.default.removeItem(atPath: d.directory)
  }
}

extension CallPipeline.Step {
  var isRefused: Bool {
    if case .answered(.failure(let e)) = self { return e.name == "alicloudd.ShuttingDown" }
    return false
  }
}
