import Foundation
import Testing

@testable import AliCloudAPI
@testable import TestSupport

/// The blocking executor starts threads as work needs them, never more than its bound, and lets
/// threads that stay idle go, keeping one.
@Suite struct BlockingExecutorTests {
  /// A gate jobs block on until the test opens it.
  final class Gate: @unchecked Sendable {
    let condition = NSCondition()
    var open = false
    var entered = 0
    func pass() {
      condition.lock()
      entered += 1
      while !open { condition.wait() }
      condition.unlock()
    }
    func release() {
      condition.lock()
      open = true
      condition.broadcast()
      condition.unlock()
    }
    var waiting: Int {
      condition.lock()
      defer { condition.unlock() }
      return entered
    }
  }

  @Test func noThreadRunsBeforeThereIsWork() {
    let e = BlockingExecutor(threads: 64, name: "test")
    #expect(e.threadCount == 0)
    e.shutdown()
  }

  @Test func threadsGrowWithBlockedWorkUpToTheBound() async throws {
    let e = BlockingExecutor(threads: 3, name: "test")
    let gate = Gate()
    let done = TestSupport.Counter()
    for _ in 0..<5 {
      e.submit {
        gate.pass(); done.increment()
      }
    }
    try await eventually("three jobs running at once") { gate.waiting == 3 }
    #expect(e.threadCount == 3, "the bound holds with five jobs queued")
    gate.release()
    try await eventually("every job run") { done.value == 5 }
    #expect(e.threadCount <= 3)
    e.shutdown()
  }

  @Test func oneJobAtATimeNeedsFewThreads() async throws {
    let e = BlockingExecutor(threads: 16, name: "test")
    for i in 0..<50 { #expect(await e.run { i * 2 } == i * 2) }
    // A job submitted while the thread that ran the last one is between that job and its next
    // wait may start a second thread; never one per job.
    #expect(e.threadCount <= 2, "sequential work reuses the waiting threads")
    e.shutdown()
  }

  @Test func idleThreadsExitButOneStays() async throws {
    let e = BlockingExecutor(threads: 4, name: "test", idleExit: 0.05)
    let gate = Gate()
    let done = TestSupport.Counter()
    for _ in 0..<4 {
      e.submit {
        gate.pass(); done.increment()
      }
    }
    try await eventually("four jobs running") { gate.waiting == 4 }
    gate.release()
    try await eventually("idle threads gone") { done.value == 4 && e.threadCount == 1 }
    #expect(await e.run { 7 } == 7, "the thread kept still serves")
    e.shutdown()
  }
}
