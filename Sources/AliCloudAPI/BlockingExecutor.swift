import Foundation

/// A fixed set of threads for blocking work (libcurl transfers), so blocking calls never occupy
/// the threads of Swift's cooperative pool.
final class BlockingExecutor: @unchecked Sendable {
  private let condition = NSCondition()
  private var jobs: [@Sendable () -> Void] = []
  private var head = 0
  private var stopped = false

  init(threads: Int, name: String) {
    for i in 0..<max(1, threads) {
      let t = Thread { [self] in self.run() }
      t.name = "\(name)-\(i)"
      t.stackSize = 512 * 1024
      t.start()
    }
  }

  func submit(_ job: @escaping @Sendable () -> Void) {
    condition.lock()
    jobs.append(job)
    condition.signal()
    condition.unlock()
  }

  /// Lets the threads finish queued jobs and exit.
  func shutdown() {
    condition.lock()
    stopped = true
    condition.broadcast()
    condition.unlock()
  }

  private func run() {
    while true {
      condition.lock()
      while head == jobs.count && !stopped { condition.wait() }
      if head == jobs.count {
        condition.unlock()
        return
      }
      let job = jobs[head]
      head += 1
      if head > 1024 && head * 2 > jobs.count {
        jobs.removeFirst(head)
        head = 0
      }
      condition.unlock()
      job()
    }
  }

  /// Runs `body` on one of the threads and returns its result.
  func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { (c: CheckedContinuation<T, Never>) in
      submit { c.resume(returning: body()) }
    }
  }
}
