import CEpoll
import Glibc
import Synchronization

/// A fixed set of event loops; connections are spread over them round-robin.
public final class EventLoopGroup: Sendable {
  public let loops: [EventLoop]
  let cursor = Atomic<Int>(0)

  /// `threads` loops (default: `defaultThreadCount`), named `name.0`, `name.1`, ...
  public init(threads: Int? = nil, name: String = "alicloudd.io") {
    let n = max(1, threads ?? Self.defaultThreadCount)
    loops = (0..<n).map { EventLoop(name: "\(name).\($0)") }
  }

  deinit { shutdown() }

  /// The loop for the next connection.
  public func next() -> EventLoop {
    loops[cursor.wrappingAdd(1, ordering: .relaxed).oldValue % loops.count]
  }

  /// Each loop ends once idle (see `EventLoop.shutdown`).
  public func shutdown() { for l in loops { l.shutdown() } }

  /// The largest default: a few loops keep up with far more connections than a daemon sees.
  public static let maxDefaultThreads = 4

  /// The cores this process may run on (its affinity mask), between 1 and `maxDefaultThreads`.
  public static var defaultThreadCount: Int { min(max(usableCores, 1), maxDefaultThreads) }

  /// The CPUs in the process's affinity mask (sched_getaffinity), else the online CPUs.
  public static var usableCores: Int {
    let n = Int(cepoll_usable_cpus())
    return n > 0 ? n : max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
  }
}
