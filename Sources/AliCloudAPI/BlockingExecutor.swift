import Foundation

/// Threads for blocking work (libcurl transfers), so blocking calls never occupy the threads of
/// Swift's cooperative pool. Threads are started as work needs them, up to `maxThreads`: a job
/// submitted while every started thread is busy starts one more. A thread idle for
/// `idleExit` exits (one is always kept), so an idle daemon holds few threads whatever the
/// bound.
final class BlockingExecutor: @unchecked Sendable {
  private let condition = NSCondition()
  private var jobs: [@Sendable () -> Void] = []
  private var head = 0
  private var stopped = false
  private var started = 0
  private var idle = 0
  let maxThreads: Int
  private let name: String
  private let idleExit: TimeInterval

  init(threads: Int, name: String, idleExit: TimeInterval = 60) {
    maxThreads = max(1, threads)
    self.name = name
    self.idleExit = idleExit
  }

  /// Threads running now (busy or waiting for work).
  var threadCount: Int {
    condition.lock()
    defer { condition.unlock() }
    return started
  }

  func submit(_ job: @escaping @Sendable () -> Void) {
    condition.lock()
    jobs.append(job)
    let waiting = jobs.count - head
    let spawn = !stopped && idle < waiting && started < maxThreads
    if spawn { started += 1 }
    condition.signal()
    let index = started
    condition.unlock()
    if spawn { startThread(index) }
  }

  private func startThread(_ index: Int) {
    let t = Thread { [self] in self.run() }
    t.name = "\(name)-\(index)"
    t.stackSize = 512 * 1024
    t.start()
  }

  /// Lets the threads finish queued jobs and exit.
  func shutdown() {
    condition.lock()
    stopped = true
    condition.broadcast()
    condition.unlock()
  }

  private func run() {
    condition.lock()
    while true {
      var timedOut = false
      while head == jobs.count && !stopped && !timedOut {
        idle += 1
        timedOut = !condition.wait(until: Date(timeIntervalSinceNow: idleExit))
        idle -= 1
      }
      if head == jobs.count && (stopped || started > 1) {
        started -= 1
        condition.unlock()
        return
      }
      if head == jobs.count { continue }  // the last thread stays, however long it waits
      let job = jobs[head]
      head += 1
      if head > 1024 && head * 2 > jobs.count {
        jobs.removeFirst(head)
        head = 0
      }
      condition.unlock()
      job()
      condition.lock()
    }
  }

  /// Runs `body` on one of the threads and returns its result.
  func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { (c: CheckedContinuation<T, Never>) in
      submit { c.resume(returning: body()) }
    }
  }
}
