import AliCloudAPI
import AliCloudCore
import AliCloudSigning
import AliCloudSim
import Foundation
import TestSupport
import Testing

/// CA bundles, proxies and transport errors against real local servers: `openssl s_server` with
/// a self-signed certificate, a small python3 proxy, the simulator.
@Suite struct TransportSettingsTests {
  let cred = Credential(accessKeyId: "id", accessKeySecret: "sk")

  func client(
    _ url: String, environment: [String: String] = [:], attempts: Int = 1,
    _ configure: (inout CurlTransport.Configuration) -> Void = { _ in }
  ) throws -> OpenAPIClient {
    var t = CurlTransport.Configuration()
    t.connectTimeoutMs = 2_000
    t.readTimeoutMs = 5_000
    configure(&t)
    return OpenAPIClient(
      configuration: .init(
        endpoints: try Endpoints.parse([url]), retry: RetryPolicy(maxAttempts: attempts, baseDelayMs: 1, maxDelayMs: 2)),
      transport: CurlTransport(configuration: t, environment: environment))
  }

  /// The error of one DescribeRegions call; nil when it succeeded.
  func failure(_ c: OpenAPIClient) async -> AliCloudError? {
    do {
      _ = try await c.call(product: .ecs, action: "DescribeRegions", region: "cn-hangzhou", credential: cred)
      return nil
    } catch {
      return error
    }
  }

  /// One GET of `/` through a transport configured like the client's (s_server -www answers
  /// GET only): the HTTP status, or the transport error.
  func get(_ url: String, environment: [String: String] = [:], _ configure: (inout CurlTransport.Configuration) -> Void)
    async -> Result<Int, AliCloudError>
  {
    var t = CurlTransport.Configuration()
    t.readTimeoutMs = 5_000
    configure(&t)
    do {
      let r = try await CurlTransport(configuration: t, environment: environment).send(
        HTTPRequest(method: "GET", url: url + "/"))
      return .success(r.status)
    } catch {
      return .failure(error)
    }
  }

  @Test func aSelfSignedCertificateIsRefusedWithTheReasonAndAcceptedWithItsBundle() async throws {
    guard let tls = try await LocalTLSServer.start() else {
      print("skipped: the openssl command is not installed")
      return
    }
    defer { tls.stop() }
    let refused = try #require(await failure(try client(tls.endpoint)))
    #expect(refused.code == "TLSError" && refused.origin == "transport" && refused.isTransport)
    #expect(refused.message.contains("self-signed certificate") || refused.message.contains("self signed certificate"))
    #expect(refused.json["origin"] == "transport")
    // With the certificate as the CA bundle, TLS succeeds and s_server's page is the answer.
    #expect(try await get(tls.endpoint) { $0.caBundlePath = tls.certificate }.get() == 200)
    let plain = await get(tls.endpoint) { _ in }
    #expect(throws: AliCloudError.self) { try plain.get() }
    // SSL_CERT_FILE does the same when no bundle is given.
    #expect(try await get(tls.endpoint, environment: ["SSL_CERT_FILE": tls.certificate]) { _ in }.get() == 200)
    // A bundle that does not hold the server's CA is refused again.
    let other = try #require(await failure(try client(tls.endpoint) { $0.caBundlePath = #filePath }))
    #expect(other.code == "TLSError")
  }

  @Test func requestsGoThroughTheProxyUnlessExcluded() async throws {
    guard let proxy = try await LocalProxy.start() else {
      print("skipped: python3 is not installed")
      return
    }
    defer { proxy.stop() }
    let sim = try SimServer.start(SimConfig())
    defer { sim.stop() }
    let key = Credential(
      accessKeyId: SimCredential.sandbox.accessKeyId, accessKeySecret: SimCredential.sandbox.accessKeySecret)
    let c = try client(sim.endpoint) {
      $0.proxy = proxy.url
      $0.maxIdlePerHost = 0
    }
    _ = try await c.call(product: .ecs, action: "DescribeRegions", region: "cn-hangzhou", credential: key)
    #expect(proxy.requests.contains { $0.hasPrefix("POST \(sim.endpoint)/") }, "\(proxy.requests)")
    let seen = proxy.requests.count
    let direct = try client(sim.endpoint) {
      $0.proxy = proxy.url
      $0.noProxy = "127.0.0.1"
    }
    _ = try await direct.call(product: .ecs, action: "DescribeRegions", region: "cn-hangzhou", credential: key)
    #expect(proxy.requests.count == seen)
    #expect(sim.simulator.requests().count == 2)
  }

  @Test func httpsGoesThroughTheProxyByConnect() async throws {
    guard let tls = try await LocalTLSServer.start() else {
      print("skipped: the openssl command is not installed")
      return
    }
    defer { tls.stop() }
    guard let proxy = try await LocalProxy.start() else {
      print("skipped: python3 is not installed")
      return
    }
    defer { proxy.stop() }
    let status = try await get(tls.endpoint) {
      $0.proxy = proxy.url
      $0.caBundlePath = tls.certificate
    }.get()
    #expect(status == 200)
    #expect(proxy.requests.contains("CONNECT 127.0.0.1:\(tls.port) HTTP/1.1"), "\(proxy.requests)")
  }

  @Test func aProxyThatNeverAnswersFailsInTimeNamingTheAttempts() async throws {
    guard let proxy = try await LocalProxy.start(silent: true) else {
      print("skipped: python3 is not installed")
      return
    }
    defer { proxy.stop() }
    let c = try client("http://192.0.2.1:9", attempts: 3) {
      $0.proxy = proxy.url
      $0.readTimeoutMs = 200
    }
    let e = try #require(await failure(c))
    #expect(e.kind == .timeout && e.origin == "transport")
    #expect(e.attempts == 3)
    #expect(e.message.contains("192.0.2.1"))
    #expect(e.json["attempts"] == 3)
  }

  @Test func aRefusedConnectionSaysWhy() async throws {
    let e = try #require(await failure(try client("http://127.0.0.1:1")))
    #expect(e.code == "ConnectionRefused" && e.isTransport)
    #expect(e.message.contains("127.0.0.1"), "\(e.message)")
  }
}
