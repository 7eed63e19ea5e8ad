import AliCloudCore
import AliCloudWire
import Foundation
import Glibc
import Testing

@testable import AliCloudDaemon
@testable import TestSupport

/// A seeded mutation fuzzer of frames and JSON-RPC messages over a real socket. Briefly in the
/// suite; longer by hand: `ALICLOUDD_FUZZ_CASES=20000 ALICLOUDD_FUZZ_SEED=7 scripts/fuzz.sh`.
/// Every reply must be a well-formed JSON-RPC 2.0 response to an id that was sent (or `null`)
/// with a stable error name, never an internal error or a secret; every connection must end
/// once the client stops sending; the daemon must keep serving and release every connection.
@Suite struct FuzzTests {
  static var cases: Int { Int(ProcessInfo.processInfo.environment["ALICLOUDD_FUZZ_CASES"] ?? "") ?? 400 }
  static var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["ALICLOUDD_FUZZ_SEED"] ?? "") ?? 20_261_207 }

  struct Tally {
    var cases = 0
    var frames = 0
    var replies = 0
    var errorNames: [String: Int] = [:]
    var findings: [String] = []
  }

  @Test func mutatedFramesNeverCrashHangOrConfuseTheDaemon() async throws {
    let f = try DaemonFixture { $0.connection.frameTimeout = .seconds(5) }
    var fuzzer = FrameFuzzer(seed: Self.seed)
    var tally = Tally()
    for n in 0..<Self.cases {
      let writes = fuzzer.nextCase()
      let sentIDs = Self.ids(in: writes.flatMap { $0 })
      let s = try f.raw()
      for w in writes where !s.send(w, timeout: .seconds(2)) { break }
      s.shutdownWrite()
      let (bodies, ended) = await Self.drain(s.fd, timeout: .seconds(15))
      tally.cases += 1
      tally.frames += writes.count
      tally.replies += bodies.count
      let label = "case \(n) (seed \(Self.seed))"
      if !ended { tally.findings.append("\(label): the connection did not end") }
      for body in bodies {
        for problem in Self.check(body, sentIDs: sentIDs, names: &tally.errorNames) {
          tally.findings.append("\(label): \(problem)")
        }
      }
      if tally.findings.count > 20 { break }
    }
    print(
      "fuzz: \(tally.cases) connections, \(tally.frames) writes, \(tally.replies) replies, seed \(Self.seed); "
        + "errors \(tally.errorNames.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
    )
    #expect(tally.findings.isEmpty, "\(tally.findings.prefix(20).joined(separator: "\n"))")
    // Still serving, and nothing held.
    let s = try f.raw()
    s.request(1, "daemon.ping")
    #expect(await s.readFrame()?["result"]?["version"] != nil)
    s.shutdownWrite()
    #expect(await s.readsEOF())
    try await eventually(timeout: .seconds(20), "every connection released") { f.daemon.counts.connections == 0 }
    let logged = f.logs.records.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
    #expect(!logged.contains(FrameFuzzer.secret), "a secret reached the log")
    await f.stop()
  }

  /// Ids of every request in the bytes that parses as a frame (batches included).
  static func ids(in stream: [UInt8]) -> Set<JSONValue> {
    var decoder = FrameDecoder(limits: FrameLimits(maxBody: FrameLimits.hardCeiling))
    decoder.feed(stream)
    var ids: Set<JSONValue> = [.null]
    while let body = try? decoder.nextFrame() {
      guard let v = try? JSONValue.parse(bytes: body) else { continue }
      for m in v.arrayValue ?? [v] { if let id = m["id"] { ids.insert(id) } }
    }
    return ids
  }

  /// What is wrong with one reply frame, if anything.
  static func check(_ body: [UInt8], sentIDs: Set<JSONValue>, names: inout [String: Int]) -> [String] {
    guard let v = try? JSONValue.parse(bytes: body) else { return ["a reply is not JSON"] }
    let members = v.arrayValue ?? [v]
    if v.arrayValue?.isEmpty == true { return ["an empty batch reply"] }
    var problems: [String] = []
    for r in members {
      guard r["jsonrpc"] == "2.0" else {
        problems.append("a reply without jsonrpc 2.0: \(r)")
        continue
      }
      guard let id = r["id"], sentIDs.contains(id) else {
        problems.append("a reply to an id never sent: \(String(describing: r["id"]))")
        continue
      }
      switch (r["result"], r["error"]) {
      case (.some, nil): break
      case (nil, .some(let e)):
        guard e["code"]?.intValue != nil, e["message"]?.stringValue != nil,
          let name = e["data"]?["name"]?.stringValue, name.hasPrefix("alicloudd.")
        else {
          problems.append("a malformed error: \(e)")
          continue
        }
        names[name, default: 0] += 1
        if name == RPCErrorKind.internalError.name { problems.append("an internal error: \(e)") }
        var text: [UInt8] = []
        e.writeJSON(to: &text)
        if String(decoding: text, as: UTF8.self).contains(FrameFuzzer.secret) {
          problems.append("a secret in an error")
        }
      default: problems.append("a reply with both or neither of result and error")
      }
    }
    return problems
  }

  /// Reads frames until the daemon closes, or `timeout` passes (ended false).
  static func drain(_ fd: Int32, timeout: Duration) async -> (bodies: [[UInt8]], ended: Bool) {
    var decoder = FrameDecoder(limits: FrameLimits(maxBody: FrameLimits.hardCeiling))
    var bodies: [[UInt8]] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      guard poll(&p, 1, 0) > 0 else {
        try? await Task.sleep(for: .milliseconds(2))
        continue
      }
      let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      guard n > 0 else { return (bodies, true) }
      decoder.feed(Array(buf[0..<n]))
      while let body = try? decoder.nextFrame() { bodies.append(body) }
    }
    return (bodies, false)
  }
}
