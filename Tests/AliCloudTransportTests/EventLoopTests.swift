import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

@testable import AliCloudEventLoop

/// A handler that records the events it is given (and may act on them, on the loop's thread).
final class RecordingHandler: EventHandler {
  let events = Mutex<Int>(0)
  let onEvent: @Sendable (RecordingHandler) -> Void

  init(onEvent: @escaping @Sendable (RecordingHandler) -> Void = { _ in }) { self.onEvent = onEvent }

  func handleEvents(_ events: UInt32) {
    self.events.withLock { $0 += 1 }
    onEvent(self)
  }

  var count: Int { events.withLock { $0 } }
}

/// Both ends of a connected Unix stream socket pair.
func socketPair() -> (Int32, Int32) {
  var fds: [Int32] = [0, 0]
  let r = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds)
  precondition(r == 0)
  return (fds[0], fds[1])
}

func writeByte(_ fd: Int32) {
  var b: UInt8 = 1
  _ = send(fd, &b, 1, Int32(MSG_NOSIGNAL))
}

/// Serialized: two tests put sockets on descriptor numbers they freed (dup2), which a test running
/// beside them could have taken.
@Suite(.serialized) struct EventLoopTests {
  @Test func timersRunInDeadlineOrderAndCancelledOnesNever() async throws {
    let loop = EventLoop(name: "test.timers")
    defer { loop.shutdown() }
    let order = Mutex<[Int]>([])
    let now = ContinuousClock.now
    for (tag, ms) in [(3, 30), (1, 10), (2, 20), (4, 30), (0, 0)] {
      loop.schedule(at: now + .milliseconds(ms)) { order.withLock { $0.append(tag) } }
    }
    let cancelled = loop.schedule(at: now + .milliseconds(15)) { order.withLock { $0.append(99) } }
    loop.cancel(cancelled)
    try await eventually("five timers ran") { order.withLock { $0.count } >= 5 }
    // The cancelled one was due before the last two: had it run, it would be among them.
    #expect(order.withLock { $0 } == [0, 1, 2, 3, 4])
  }

  @Test func workFromOtherThreadsRunsOnTheLoopInOrderPerThread() async throws {
    let loop = EventLoop(name: "test.execute")
    defer { loop.shutdown() }
    let seen = Mutex<[Int: [Int]]>([:])
    let offLoop = Mutex(0)
    let threads = 8
    let perThread = 500
    for t in 0..<threads {
      Thread.detachNewThread {
        for k in 0..<perThread {
          loop.execute {
            if !loop.inLoop { offLoop.withLock { $0 += 1 } }
            seen.withLock { $0[t, default: []].append(k) }
          }
        }
      }
    }
    try await eventually("every closure ran") {
      seen.withLock { $0.values.reduce(0) { $0 + $1.count } } == threads * perThread
    }
    #expect(offLoop.withLock { $0 } == 0)
    #expect(seen.withLock { $0.values.allSatisfy { $0 == Array(0..<perThread) } })
    #expect(!loop.inLoop)
  }

  /// Work that queues work (a task resuming another) runs on without the loop polling between:
  /// a chain of five closures, each queueing the next, costs at most one epoll_wait, where a
  /// poll per round would cost five.
  @Test func workQueuedByWorkRunsWithoutAPollBetween() async throws {
    let polls = try await pollsBetween("test.rounds") { loop, done in
      @Sendable func link(_ n: Int) {
        if n == 0 { return done() }
        loop.execute { link(n - 1) }
      }
      link(5)
    }
    #expect(polls <= 1)
  }

  /// A timer that work sets for now (as libcurl's 0 ms timeout after a transfer is added) runs
  /// in the same turn of the loop, without a zero-timeout poll first.
  @Test func aTimerDueNowSetByWorkRunsBeforeThePoll() async throws {
    let polls = try await pollsBetween("test.timer0") { loop, done in _ = loop.schedule(at: .now, done) }
    #expect(polls == 0)
  }

  /// The epoll_waits of a running loop between `body` starting as work on it and `body`
  /// calling `done`.
  func pollsBetween(
    _ name: String, _ body: @escaping @Sendable (EventLoop, @escaping @Sendable () -> Void) -> Void
  ) async throws -> Int {
    let loop = EventLoop(name: name)
    defer { loop.shutdown() }
    let started = Mutex(false)
    loop.execute { started.withLock { $0 = true } }
    try await eventually("the loop runs") { started.withLock { $0 } }
    let polls = Mutex<(before: Int, after: Int)>((0, -1))
    loop.execute {
      polls.withLock { $0.before = loop.polls.load(ordering: .relaxed) }
      body(loop) { polls.withLock { $0.after = loop.polls.load(ordering: .relaxed) } }
    }
    try await eventually("the work ended") { polls.withLock { $0.after } >= 0 }
    let p = polls.withLock { $0 }
    return p.after - p.before
  }

  /// Two registrations readable in the same epoll_wait batch: whichever is handled first cancels
  /// the other, closes its descriptor and puts a new socket on the same number. The event
  /// already reported for the old token reaches neither the old handler nor the new one; the
  /// new registration gets only its own events.
  @Test func anEventForACancelledRegistrationIsDropped() async throws {
    let loop = EventLoop(name: "test.stale")
    defer { loop.shutdown() }
    let (a, aPeer) = socketPair()
    let (b, bPeer) = socketPair()
    defer { for fd in [aPeer, bPeer] { close(fd) } }
    writeByte(aPeer)
    writeByte(bPeer)
    struct Shared: Sendable {
      var registrations: [ObjectIdentifier: EventRegistration] = [:]
      var first: ObjectIdentifier?
      var replacement: (fd: Int32, peer: Int32)?
      var newHandler: RecordingHandler?
    }
    let shared = Mutex(Shared())
    let newHandler = RecordingHandler()
    let onFirst: @Sendable (RecordingHandler) -> Void = { h in
      shared.withLock { s in
        guard s.first == nil else { return }
        s.first = ObjectIdentifier(h)
        // Drain our own byte so that we are not reported again.
        var byte: UInt8 = 0
        for (id, var r) in s.registrations {
          if id == ObjectIdentifier(h) {
            _ = recv(r.fd, &byte, 1, Int32(MSG_DONTWAIT))
            r.setInterest([])
            s.registrations[id] = r
            continue
          }
          let number = r.fd
          r.cancel()
          close(number)
          // A new, readable socket on the number just freed.
          let (c, cPeer) = socketPair()
          moveDescriptor(c, to: number)
          writeByte(cPeer)
          var fresh = loop.register(fd: number, handler: newHandler)
          fresh.setInterest(.read)
          s.replacement = (number, cPeer)
          s.newHandler = newHandler
          s.registrations[id] = nil
          s.registrations[ObjectIdentifier(newHandler)] = fresh
        }
      }
    }
    let ha = RecordingHandler(onEvent: onFirst)
    let hb = RecordingHandler(onEvent: onFirst)
    // Registered from the loop itself, so that both are readable before its next epoll_wait.
    loop.execute {
      shared.withLock { s in
        var ra = loop.register(fd: a, handler: ha)
        var rb = loop.register(fd: b, handler: hb)
        ra.setInterest(.read)
        rb.setInterest(.read)
        s.registrations = [ObjectIdentifier(ha): ra, ObjectIdentifier(hb): rb]
      }
    }
    try await eventually("the new registration's event") { newHandler.count > 0 }
    let first = shared.withLock { $0.first }
    let (handled, dropped) = first == ObjectIdentifier(ha) ? (ha, hb) : (hb, ha)
    #expect(handled.count == 1)
    #expect(dropped.count == 0)
    let replacement = shared.withLock { $0.replacement }
    #expect(replacement?.fd == (first == ObjectIdentifier(ha) ? b : a))
    loop.execute {
      shared.withLock { s in for var r in s.registrations.values { r.cancel() } }
    }
    close(first == ObjectIdentifier(ha) ? a : b)
    if let replacement { for fd in [replacement.fd, replacement.peer] { close(fd) } }
  }

  /// A connection closed, and its descriptor's number taken by a new connection: what arrives on
  /// the new one reaches only the new connection's delegate, never the old one's.
  @Test func aReusedDescriptorNumberReachesOnlyTheNewConnection() async throws {
    let loop = EventLoop(name: "test.reuse")
    defer { loop.shutdown() }
    let (a, aPeer) = socketPair()
    defer { close(aPeer) }
    let old = Recorder()
    let first = FrameConnection(fd: a, peer: nil, loop: loop)
    first.start(delegate: old)
    send(aPeer, FrameEncoder.encode(["n": 1] as JSONValue))
    try await eventually("the first frame") { old.frames.withLock { $0.count } == 1 }
    first.close()
    try await eventually("the close reached the delegate") { old.closed.withLock { $0 } }
    // The close has run on the loop (the delegate heard of it after): the number is free.
    let (c, cPeer) = socketPair()
    defer { close(cPeer) }
    moveDescriptor(c, to: a)
    let new = Recorder()
    let second = FrameConnection(fd: a, peer: nil, loop: loop)
    second.start(delegate: new)
    send(cPeer, FrameEncoder.encode(["n": 2] as JSONValue))
    try await eventually("the second frame") { new.frames.withLock { $0.count } == 1 }
    #expect(old.frames.withLock { $0.count } == 1)
    #expect(first.isClosed && !second.isClosed)
    #expect(!first.send(FrameEncoder.encode(["n": 3] as JSONValue)))
    second.close()
  }

  @Test func aLoopEndsWhenIdleAfterShutdownAndStartsAgainForNewWork() async throws {
    let loop = EventLoop(name: "test.restart")
    let ran = Mutex(0)
    loop.execute { ran.withLock { $0 += 1 } }
    try await eventually("the first closure") { ran.withLock { $0 } == 1 }
    loop.shutdown()
    try await eventually("the thread ended") { !threadNames().contains("test.restart") }
    loop.execute { ran.withLock { $0 += 1 } }
    try await eventually("the second closure") { ran.withLock { $0 } == 2 }
    loop.shutdown()
  }

  @Test func aTaskPreferringALoopRunsOnItsThreadAcrossSuspensions() async throws {
    let loop = EventLoop(name: "test.executor")
    defer { loop.shutdown() }
    let onLoop = await Task(executorPreference: loop) { () async -> [Bool] in
      var seen = [loop.inLoop]
      // Resumed from another thread: the continuation comes back to the loop.
      await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
        Thread.detachNewThread { c.resume() }
      }
      seen.append(loop.inLoop)
      // A child task inherits the preference.
      async let child = loop.inLoop
      seen.append(await child)
      try? await Task.sleep(for: .milliseconds(1))
      seen.append(loop.inLoop)
      return seen
    }.value
    #expect(onLoop == [true, true, true, true])
    #expect(!loop.inLoop)
  }

  @Test func defaultThreadCountIsTheUsableCoresCappedSmall() {
    #expect(EventLoopGroup.usableCores >= 1)
    #expect(EventLoopGroup.defaultThreadCount == min(EventLoopGroup.usableCores, EventLoopGroup.maxDefaultThreads))
    let group = EventLoopGroup(threads: 3, name: "test.group")
    defer { group.shutdown() }
    let picked = (0..<6).map { _ in ObjectIdentifier(group.next()) }
    #expect(Array(picked[0..<3]) == Array(picked[3..<6]))
    #expect(Set(picked).count == 3)
  }
}

@discardableResult
func send(_ fd: Int32, _ bytes: [UInt8]) -> Int {
  bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
}

/// Puts the socket `fd` on the number `target` (free now), unless the kernel already gave it
/// that number.
func moveDescriptor(_ fd: Int32, to target: Int32) {
  guard fd != target else { return }
  precondition(dup2(fd, target) == target)
  close(fd)
}

/// The names of this process's threads.
func threadNames() -> [String] {
  let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
  return tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
    .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// A delegate that records frames and the close.
final class Recorder: FrameConnectionDelegate {
  let frames = Mutex<[[UInt8]]>([])
  let closed = Mutex(false)

  func connection(_ connection: FrameConnection, didReceive body: UnsafeRawBufferPointer, replies: inout [UInt8]) {
    frames.withLock { $0.append(Array(body)) }
  }
  func connection(_ connection: FrameConnection, didFailFraming error: FrameError, replies: inout [UInt8]) {}
  func connectionDidReachEndOfInput(_ connection: FrameConnection) {}
  func connectionDidClose(_ connection: FrameConnection) { closed.withLock { $0 = true } }
}
