import AliCloudCore
import AliCloudSim
import Foundation

/// alicloud-sim: the simulated AliCloud on loopback.
let usage = """
  usage: alicloud-sim [options]

    --port N                 TCP port on 127.0.0.1 (0 = pick a free one; default 0)
    --credential ID:SECRET   accept this access key (repeatable; default: the sandbox key)
    --sts-token TOKEN        require this STS token with the last --credential
    --seed N                 seed for faults and ids (default 1)
    --delay-ms N             transitional states last N ms (default 1000)
    --delay KIND=MS          per resource kind (vpc, vswitch, natgateway, eip, cen, ...)
    --throttle-rate R        Throttling.User answers (0..1)
    --unavailable-rate R     ServiceUnavailable (503) answers
    --internal-error-rate R  InternalError (500) answers
    --drop-rate R            connections reset before applying
    --lost-response-rate R   requests applied, then the connection reset
    --latency-rate R         added latency, with --latency-ms MIN-MAX
    --retry-after-ms N       x-acs-retry-after on throttling answers
    --print-port             print the bound port alone on the first line of stdout
    --verbose                log requests to stderr

  The sandbox credential is \(SimCredential.sandbox.accessKeyId) / \(SimCredential.sandbox.accessKeySecret)
  (not a secret: it only opens this simulator).
  """

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("alicloud-sim: \(message)\n\(usage)\n".utf8))
  exit(2)
}

/// Reads the command line into a configuration and whether to print the bare port.
func parse(_ argv: [String]) -> (SimConfig, Bool) {
  var config = SimConfig()
  var credentials: [SimCredential] = []
  var printPort = false
  var args = argv[...]
  func value(_ flag: String) -> String {
    guard let v = args.popFirst() else { fail("\(flag) needs a value") }
    return v
  }
  func rate(_ flag: String) -> Double {
    let v = value(flag)
    guard let r = Double(v), (0...1).contains(r) else { fail("\(flag) must be a number between 0 and 1, got \(v)") }
    return r
  }
  func number(_ flag: String) -> Int {
    let v = value(flag)
    guard let n = Int(v), n >= 0 else { fail("\(flag) must be a non-negative integer, got \(v)") }
    return n
  }

  while let a = args.popFirst() {
    switch a {
    case "--port":
      let n = number(a)
      guard n <= 65535 else { fail("--port must be at most 65535") }
      config.port = UInt16(n)
    case "--credential":
      let v = value(a)
      guard let c = v.firstIndex(of: ":"), c != v.startIndex, v.index(after: c) != v.endIndex else {
        fail("--credential must be ACCESS_KEY_ID:SECRET")
      }
      credentials.append(SimCredential(accessKeyId: String(v[..<c]), accessKeySecret: String(v[v.index(after: c)...])))
    case "--sts-token":
      let v = value(a)
      guard !credentials.isEmpty else { fail("--sts-token must follow a --credential") }
      credentials[credentials.count - 1].securityToken = v
    case "--seed":
      let v = value(a)
      guard let s = UInt64(v) else { fail("--seed must be a non-negative integer, got \(v)") }
      config.seed = s
    case "--delay-ms": config.delays.standard = Double(number(a)) / 1000
    case "--delay":
      let v = value(a)
      let kv = v.split(separator: "=")
      guard kv.count == 2, let ms = Int(kv[1]), ms >= 0 else { fail("--delay must be KIND=MS, got \(v)") }
      config.delays.perKind[String(kv[0])] = Double(ms) / 1000
    case "--throttle-rate": config.faults.throttleRate = rate(a)
    case "--unavailable-rate": config.faults.serviceUnavailableRate = rate(a)
    case "--internal-error-rate": config.faults.internalErrorRate = rate(a)
    case "--drop-rate": config.faults.dropRate = rate(a)
    case "--lost-response-rate": config.faults.lostResponseRate = rate(a)
    case "--latency-rate": config.faults.latencyRate = rate(a)
    case "--latency-ms":
      let v = value(a)
      let p = v.split(separator: "-").compactMap { Int($0) }
      guard (1...2).contains(p.count), p.allSatisfy({ $0 >= 0 }), p.last! >= p.first! else {
        fail("--latency-ms must be MIN-MAX or N, got \(v)")
      }
      config.faults.latencyMinMillis = p.first!
      config.faults.latencyMaxMillis = p.last!
    case "--retry-after-ms": config.faults.retryAfterMillis = number(a)
    case "--print-port": printPort = true
    case "--verbose": config.logger = Logger(label: "alicloud-sim", level: .debug)
    case "-h", "--help":
      print(usage)
      exit(0)
    default: fail("unknown option \(a)")
    }
  }
  if !credentials.isEmpty { config.credentials = credentials }
  if let p = config.faults.problem { fail(p) }
  return (config, printPort)
}

let (config, printPort) = parse(Array(CommandLine.arguments.dropFirst()))

let server: SimServer
do {
  server = try SimServer.start(config)
} catch {
  fail("cannot listen on 127.0.0.1:\(config.port): \(error)")
}
let banner = printPort ? "\(server.port)\n" : "alicloud-sim listening on \(server.endpoint)\n"
FileHandle.standardOutput.write(Data(banner.utf8))

signal(SIGINT, SIG_IGN)
signal(SIGTERM, SIG_IGN)
let stopSources = [SIGINT, SIGTERM].map { sig -> DispatchSourceSignal in
  let s = DispatchSource.makeSignalSource(signal: sig, queue: .main)
  s.setEventHandler {
    server.stop()
    exit(0)
  }
  s.resume()
  return s
}
withExtendedLifetime(stopSources) { dispatchMain() }
