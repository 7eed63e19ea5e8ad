import AliCloudClient
import AliCloudCore
import AliCloudSim
import Foundation
import Glibc
import TestSupport
import Testing

/// The alicloudd binary honours the proxy environment (libcurl's): `HTTPS_PROXY` for https
/// endpoints (a CONNECT through the proxy), `http_proxy` for http ones, `NO_PROXY` to go direct.
/// Run as child processes, since the variables are process-wide.
@Suite(.serialized) struct ProxyEnvironmentTests {
  /// Starts alicloudd with `args` and `environment`; returns it once it answers.
  func daemon(_ dir: String, _ name: String, _ args: [String], _ environment: [String: String]) async throws -> (
    ChildProcess, Client
  ) {
    let socket = dir + "/\(name).sock"
    let p = try ChildProcess(
      "alicloudd",
      ["--socket", socket, "--state-dir", dir + "/\(name)-state", "--attempts", "1", "--wait-timeout", "1"] + args,
      environment: environment.merging(
        [
          "ALIBABA_CLOUD_ACCESS_KEY_ID": SimCredential.sandbox.accessKeyId,
          "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SimCredential.sandbox.accessKeySecret, "HOME": dir,
        ]
      ) { a, _ in a }, log: dir + "/\(name).log")
    return (p, try await p.daemonClient(socket: socket, log: dir + "/\(name).log"))
  }

  func createVpc(_ c: Client) async throws -> JSONValue {
    let input: JSONValue = [
      "guid": "g", "identityParams": "", "cloudParams": "regionId=cn-hangzhou", "vpcName": "p",
      "cidrBlock": "10.0.0.0/16",
    ]
    return try await c.call("vpc/create", params: ["inputs": [input]])["results"]?["outputs"]?[0] ?? [:]
  }

  @Test func theProxyEnvironmentIsHonouredAndNoProxyGoesDirect() async throws {
    guard let proxy = try await LocalProxy.start() else {
      print("skipped: python3 is not installed")
      return
    }
    defer { proxy.stop() }
    guard let tls = try await LocalTLSServer.start() else {
      print("skipped: the openssl command is not installed")
      return
    }
    defer { tls.stop() }
    let dir = try DaemonFixture.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }

    // https: HTTPS_PROXY carries a CONNECT to the endpoint (which then answers no API call).
    let (p1, c1) = try await daemon(
      dir, "https", ["--endpoint", tls.endpoint, "--ca-bundle", tls.certificate, "--read-timeout", "1"],
      ["HTTPS_PROXY": proxy.url])
    let out1 = try await createVpc(c1)
    c1.close()
    await p1.kill(SIGTERM)
    #expect(out1["errorCode"] == "1")
    #expect(proxy.requests.contains("CONNECT 127.0.0.1:\(tls.port) HTTP/1.1"), "\(proxy.requests)")

    // NO_PROXY: the same daemon goes direct.
    let seen = proxy.requests.count
    let (p2, c2) = try await daemon(
      dir, "direct", ["--endpoint", tls.endpoint, "--ca-bundle", tls.certificate, "--read-timeout", "1"],
      ["HTTPS_PROXY": proxy.url, "NO_PROXY": "127.0.0.1"])
    _ = try await createVpc(c2)
    c2.close()
    await p2.kill(SIGTERM)
    #expect(proxy.requests.count == seen, "\(proxy.requests)")

    // http: http_proxy forwards to the simulator, and the VPC is made.
    let sim = try SimServer.start(SimConfig(delays: .milliseconds(5)))
    defer { sim.stop() }
    let (p3, c3) = try await daemon(
      dir, "http",
      ["--endpoint", sim.endpoint, "--wait-timeout", "20", "--wait-poll-ms", "5-20", "--idle-connections", "0"],
      ["http_proxy": proxy.url])
    let out3 = try await createVpc(c3)
    c3.close()
    await p3.kill(SIGTERM)
    #expect(out3["errorCode"] == "0", "\(out3)")
    #expect(proxy.requests.contains { $0.hasPrefix("POST \(sim.endpoint)/") }, "\(proxy.requests)")
  }
}
