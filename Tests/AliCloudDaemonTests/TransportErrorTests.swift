import AliCloudAPI
import AliCloudClient
import AliCloudCore
import Foundation
import TestSupport
import Testing

@testable import AliCloudDaemon

/// The daemon's endpoint override pointed at `openssl s_server` with a self-signed certificate:
/// an input fails with a local transport error saying why; with `--ca-bundle` TLS passes (the
/// server then answers no API call, so the input times out instead).
@Suite struct TransportErrorTests {
  func daemon(_ args: [String], attempts: Int = 1, readTimeout: String = "1") throws -> DaemonFixture {
    guard
      case .run(var options) = try DaemonOptions.parse(
        args + [
          "--attempts", String(attempts), "--read-timeout", readTimeout, "--wait-timeout", "1", "--wait-poll-ms",
          "5-20",
        ])
    else { throw DaemonOptions.UsageError(message: "not run") }
    options.cloud.credentialEnvironment = IdentityFixture.akEnvironment
    let built = try options.configuration(logger: .silent)
    return try DaemonFixture(handlers: [:]) { $0.operations = built.operations }
  }

  func createVpc(_ d: DaemonFixture) async throws -> String {
    let client = try d.client()
    defer { client.close() }
    let input: JSONValue = [
      "guid": "g", "identityParams": "", "cloudParams": "regionId=cn-hangzhou", "vpcName": "tls",
      "cidrBlock": "10.0.0.0/16",
    ]
    let r = try await client.call("vpc/create", params: ["inputs": [input]])
    return r["results"]?["outputs"]?[0]?["errorMessage"]?.stringValue ?? ""
  }

  @Test func selfSignedEndpointIsRefusedWithTheReasonUnlessItsBundleIsGiven() async throws {
    guard let tls = try await LocalTLSServer.start() else {
      print("skipped: the openssl command is not installed")
      return
    }
    defer { tls.stop() }
    let plain = try daemon(["--endpoint", tls.endpoint, "--state-dir", tls.directory + "/s1"])
    let refused = try await createVpc(plain)
    await plain.stop()
    #expect(refused.hasPrefix("local transport error"), "\(refused)")
    #expect(refused.contains("TLSError") && refused.contains("self-signed certificate"), "\(refused)")
    #expect(refused.contains("after 1 attempt"), "\(refused)")
    let trusted = try daemon([
      "--endpoint", tls.endpoint, "--ca-bundle", tls.certificate, "--state-dir", tls.directory + "/s2",
    ])
    let answered = try await createVpc(trusted)
    await trusted.stop()
    #expect(!answered.contains("TLSError") && answered.contains("Timeout"), "\(answered)")
  }

  /// The case of a proxy that never answers: a create (with its ClientToken, so attempts whose
  /// answer was lost are retried for the wait timeout) ends within that timeout, saying it is a
  /// local transport error and how many attempts were made.
  @Test func aProxyThatNeverAnswersEndsTheCreateWithinItsTimeout() async throws {
    guard let proxy = try await LocalProxy.start(silent: true) else {
      print("skipped: python3 is not installed")
      return
    }
    defer { proxy.stop() }
    let d = try daemon(
      ["--endpoint", "http://192.0.2.1:9", "--proxy", proxy.url, "--state-dir", proxy.directory + "/s"], attempts: 3,
      readTimeout: "0.2")
    let message = try await createVpc(d)
    await d.stop()
    #expect(message.hasPrefix("local transport error") && message.contains("Timeout"), "\(message)")
    #expect(message.contains("attempts in"), "\(message)")
  }
}
