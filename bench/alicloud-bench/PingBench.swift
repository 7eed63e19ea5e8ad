import AliCloudCore
import AliCloudDaemon
import AliCloudTransport
import AliCloudWire
import Foundation
import Glibc
import Synchronization

/// `alicloud-bench ping [--seconds S] [--connections 1,8,64]`: the daemon's `daemon.ping` round
/// trip against the echo floor, with the same blocking client threads driving both.
/// `--calls N` instead makes exactly N round trips on one connection to the daemon and exits,
/// for instruction counting (`valgrind --tool=callgrind`): run it at two counts and divide the
/// difference in instructions by the difference in calls. `--io-threads N` sets the daemon's
/// event loops (default: its own default).
enum PingBench {
  static func run(_ args: [String]) async throws -> Int32 {
    var seconds = 2.0
    var connectionCounts = [1, 8, 64]
    var fixedCalls: Int? = nil
    var ioThreads: Int? = nil
    var i = 0
    while i < args.count {
      switch args[i] {
      case "--seconds" where i + 1 < args.count: seconds = Double(args[i + 1]) ?? seconds; i += 1
      case "--connections" where i + 1 < args.count:
        connectionCounts = args[i + 1].split(separator: ",").compactMap { Int($0) }; i += 1
      case "--calls" where i + 1 < args.count: fixedCalls = Int(args[i + 1]); i += 1
      case "--io-threads" where i + 1 < args.count: ioThreads = Int(args[i + 1]); i += 1
      default:
        throw TransportError(
          operation:
            "unknown argument \(args[i]); usage: ping [--seconds S] [--connections 1,8,64] [--calls N] [--io-threads N]"
        )
      }
      i += 1
    }
    signal(SIGPIPE, SIG_IGN)
    let dir = "/tmp/alicloud-bench-\(getpid())"
    mkdir(dir, 0o700)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var config = DaemonConfiguration(socketPath: dir + "/d.sock", logger: .silent)
    config.maxConnections = 1024
    config.maxConnectionsPerUID = 1024
    config.ioThreads = ioThreads
    let daemon = Daemon(configuration: config)
    try daemon.start()
    let frame = FrameEncoder.encode(RPCRequest(id: .int(1), method: "daemon.ping"))
    if let fixedCalls {
      let done = await Run.countedOffPool(path: dir + "/d.sock", calls: fixedCalls, frame: frame)
      print("ping: \(done) of \(fixedCalls) calls answered")
      await daemon.shutdown()
      return 0
    }
    let echo = try EchoServer(path: dir + "/echo.sock")
    print(
      "ping: \(Int(seconds)) s per run, frame \(frame.count) bytes, \(ProcessInfo.processInfo.activeProcessorCount) cores, \(daemon.ioThreads) event loops"
    )
    print("conns  target   calls/s    median µs   p99 µs")
    var rows: [(Int, Run, Run)] = []
    for n in connectionCounts {
      let d = await Run.measureOffPool(path: dir + "/d.sock", connections: n, seconds: seconds, frame: frame)
      let e = await Run.measureOffPool(path: dir + "/echo.sock", connections: n, seconds: seconds, frame: frame)
      print(d.line(n, "daemon"))
      print(e.line(n, "floor"))
      rows.append((n, d, e))
    }
    print("\nratio daemon/floor (throughput; latency median)")
    for (n, d, e) in rows {
      print(
        String(
          format: "%5d  %.2fx throughput, %.2fx median latency", n, d.rate / max(e.rate, 1),
          d.median / max(e.median, 0.001)))
    }
    echo.stop()
    await daemon.shutdown()
    return 0
  }
}

/// One measurement: `connections` threads, each doing blocking round trips for `seconds`.
struct Run {
  var calls = 0
  var seconds = 0.0
  var latencies: [Double] = []  // microseconds, sampled from every thread

  var rate: Double { Double(calls) / seconds }
  var median: Double { percentile(0.5) }
  var p99: Double { percentile(0.99) }

  func percentile(_ p: Double) -> Double {
    guard !latencies.isEmpty else { return 0 }
    let sorted = latencies.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
  }

  func line(_ n: Int, _ target: String) -> String {
    String(format: "%5d  %-7@ %9.0f  %10.1f  %8.1f", n, target as NSString, rate, median, p99)
  }

  /// Runs `measure` on a plain thread so the cooperative pool stays free for the daemon.
  static func measureOffPool(path: String, connections: Int, seconds: Double, frame: [UInt8]) async -> Run {
    await withCheckedContinuation { c in
      Thread.detachNewThread {
        c.resume(returning: measure(path: path, connections: connections, seconds: seconds, frame: frame))
      }
    }
  }

  /// Makes exactly `calls` round trips on one connection; returns how many were answered.
  static func countedOffPool(path: String, calls: Int, frame: [UInt8]) async -> Int {
    await withCheckedContinuation { c in
      Thread.detachNewThread {
        guard let fd = try? UnixConnector.connect(path: path, blocking: true) else { return c.resume(returning: 0) }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        var n = 0
        while n < calls, BlockingIO.writeAll(fd, frame, count: frame.count), BlockingIO.readExactly(fd, &buf, 4) {
          let len = Int(buf[0]) << 24 | Int(buf[1]) << 16 | Int(buf[2]) << 8 | Int(buf[3])
          guard len <= buf.count, BlockingIO.readExactly(fd, &buf, len) else { break }
          n += 1
        }
        c.resume(returning: n)
      }
    }
  }

  static func measure(path: String, connections: Int, seconds: Double, frame: [UInt8]) -> Run {
    let results = Mutex<Run>(Run(seconds: seconds))
    let group = DispatchGroup()
    let start = DispatchSemaphore(value: 0)
    for _ in 0..<connections {
      group.enter()
      Thread.detachNewThread {
        defer { group.leave() }
        guard let fd = try? UnixConnector.connect(path: path, blocking: true) else { return }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        var lat: [Double] = []
        lat.reserveCapacity(200_000)
        start.wait()
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(Int(seconds * 1000))
        var n = 0
        while clock.now < end {
          let t0 = clock.now
          guard BlockingIO.writeAll(fd, frame, count: frame.count), BlockingIO.readExactly(fd, &buf, 4) else { break }
          let len = Int(buf[0]) << 24 | Int(buf[1]) << 16 | Int(buf[2]) << 8 | Int(buf[3])
          guard len <= buf.count, BlockingIO.readExactly(fd, &buf, len) else { break }
          let d = (clock.now - t0).components
          lat.append(Double(d.seconds) * 1e6 + Double(d.attoseconds) / 1e12)
          n += 1
        }
        results.withLock { r in
          r.calls += n
          r.latencies += lat
        }
      }
    }
    usleep(50_000)  // let every thread connect
    for _ in 0..<connections { start.signal() }
    group.wait()
    return results.withLock { $0 }
  }
}
