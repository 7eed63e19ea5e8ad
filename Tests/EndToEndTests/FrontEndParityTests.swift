import AliCloudClient
import AliCloudCore
import Foundation
import TestSupport
import Testing

/// The same request through the HTTP gateway, the Unix socket and the alicloudctl binary gives
/// the same envelope. The request is an idempotent vpc/create naming an existing VPC, so every
/// front end returns the same full output; only AliCloud's `requestId` differs per call.
@Suite struct FrontEndParityTests {
  static func withoutRequestIDs(_ v: JSONValue) -> JSONValue {
    switch v {
    case .object(var o):
      o["requestId"] = nil
      return .object(o.mapValues(withoutRequestIDs))
    case .array(let a): return .array(a.map(withoutRequestIDs))
    default: return v
    }
  }

  /// The alicloudctl binary built beside this test bundle.
  static let alicloudctl: String? = {
    let path = ChildProcess.binary("alicloudctl")
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }()

  /// Runs alicloudctl with `params` on stdin; returns its exit status and stdout.
  static func run(_ args: [String], stdin: Data) async throws -> (Int32, Data) {
    guard let path = alicloudctl else { throw POSIXError(.ENOENT) }
    return try await offPool {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: path)
      p.arguments = args
      let input = Pipe()
      let output = Pipe()
      p.standardInput = input
      p.standardOutput = output
      p.standardError = FileHandle.nullDevice
      try p.run()
      input.fileHandleForWriting.write(stdin)
      try input.fileHandleForWriting.close()
      let data = output.fileHandleForReading.readDataToEndOfFile()
      p.waitUntilExit()
      return (p.terminationStatus, data)
    }
  }

  @Test func gatewayAndSocketGiveTheSameEnvelope() async throws {
    let f = try GatewayFixture(sandboxArguments: ["--sandbox-delay-ms", "5"])
    let (body, viaGateway) = try await Self.idempotentCall(f)
    let socket = try f.daemonFixture.client()
    let viaSocket = Self.withoutRequestIDs(try await socket.call("vpc/create", params: body))
    #expect(viaGateway == viaSocket)
    await f.stop()
  }

  /// Whether this build's alicloudctl makes calls (it reports a missing client otherwise).
  static let alicloudctlCalls: Bool = {
    guard let path = alicloudctl else { return false }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = ["--socket", "/nonexistent/alicloudd.sock", "ping"]
    let err = Pipe()
    p.standardError = err
    p.standardOutput = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return false }
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    return !text.contains("not available in this build")
  }()

  @Test(.enabled(if: alicloudctlCalls, "alicloudctl makes calls in this build"))
  func alicloudctlGivesTheGatewaysEnvelope() async throws {
    let f = try GatewayFixture(sandboxArguments: ["--sandbox-delay-ms", "5"])
    let (body, viaGateway) = try await Self.idempotentCall(f)
    let (status, stdout) = try await Self.run(
      ["--socket", f.daemonFixture.socketPath, "--json", "compact", "call", "vpc/create"], stdin: body.jsonData())
    #expect(status == 0, "\(String(decoding: stdout, as: UTF8.self))")
    let viaCLI = Self.withoutRequestIDs((try? JSONValue.parse(stdout)) ?? .null)
    #expect(viaCLI == viaGateway)
    await f.stop()
  }

  /// Creates a VPC through the gateway, then returns the idempotent request naming it and the
  /// gateway's envelope for it (without request ids).
  static func idempotentCall(_ f: GatewayFixture) async throws -> (JSONValue, JSONValue) {
    let http = try f.client()
    var body = try GuideReplay.example("vpc/create")
    let created = try await http.send("/alicloud/v1/vpc/create", body)
    let vpcId = created.json?["results"]?["outputs"]?[0]?["vpcId"] ?? ""
    #expect(created.json?["resultCode"] == "0" && vpcId.stringValue?.hasPrefix("vpc-") == true, "\(created.json ?? "")")
    if case .object(var b) = body, case .object(var input) = b["inputs"]?[0] {
      input["vpcId"] = vpcId
      b["inputs"] = [.object(input)]
      body = .object(b)
    }

    let overHTTP = try await http.send("/alicloud/v1/vpc/create", body)
    #expect(overHTTP.status == 200)
    let viaGateway = Self.withoutRequestIDs(overHTTP.json ?? .null)
    #expect(viaGateway["resultCode"] == "0")
    #expect(viaGateway["results"]?["outputs"]?[0]?["vpcId"] == vpcId)
    #expect(viaGateway["results"]?["outputs"]?[0]?["routeTableId"]?.stringValue?.hasPrefix("vtb-") == true)
    // The first, creating call has the same shape: the same keys at every level.
    #expect(Self.shape(created.json ?? .null) == Self.shape(overHTTP.json ?? .null))
    return (body, viaGateway)
  }

  /// Object keys at every level, values replaced by their type.
  static func shape(_ v: JSONValue) -> JSONValue {
    switch v {
    case .object(let o): return .object(o.mapValues(shape))
    case .array(let a): return .array(a.map(shape))
    default: return .string(v.typeName)
    }
  }
}
