import CEpoll
import Glibc
import Synchronization

/// One thread waiting in epoll_wait: it delivers readiness events of the descriptors registered
/// with it, runs closures handed to it from any thread (`execute`) and timers (`schedule`). Its
/// thread starts on first use; after `shutdown()` it ends once nothing is registered and no work
/// is queued (registrations are cancelled, by their owners or in their owners' deinit), and starts
/// again if work comes later.
///
/// Registrations are named by a token that is never reused, so an event reported for a
/// registration cancelled since (even in the same epoll_wait batch, even when a new descriptor
/// has taken the same number) reaches nobody.
public final class EventLoop: Sendable {
  public let name: String
  let epfd: Int32
  /// An eventfd in the epoll set (token 0): written to wake the loop for new work or timers.
  let wakeFD: Int32
  /// The running loop thread (pthread_t), 0 when none runs.
  let thread = Atomic<UInt>(0)
  /// The epoll_wait calls made, for tests of how often the loop polls.
  let polls = Atomic<Int>(0)
  let state = Mutex(LoopState())

  struct LoopState {
    var work: [@Sendable () -> Void] = []
    var timers = TimerHeap()
    var handlers: [UInt64: WeakHandler] = [:]
    var nextToken: UInt64 = 1
    var nextTimer: UInt64 = 1
    /// The eventfd was written and the loop has not taken the work since.
    var wakePending = false
    var running = false
    var stopping = false
  }

  struct WeakHandler {
    weak var handler: (any EventHandler)?
  }

  static let wakeToken: UInt64 = 0
  static let maxEvents = 256
  /// Rounds of queued work run after one poll before polling again: work queued by work (a task
  /// resuming another, a reply written after a journal record) runs without a zero-timeout
  /// epoll_wait between, and I/O still gets its turn when work keeps queueing work.
  static let workRounds = 8

  public init(name: String = "alicloud.io") {
    self.name = name
    epfd = cepoll_create()
    wakeFD = cepoll_eventfd()
    precondition(epfd >= 0 && wakeFD >= 0, "epoll_create1/eventfd failed: errno \(errno)")
    cepoll_ctl(epfd, cepoll_ctl_add, wakeFD, cepoll_in, Self.wakeToken)
  }

  deinit {
    Glibc.close(wakeFD)
    Glibc.close(epfd)
  }

  /// One loop for the process's clients, started on first use and never stopped.
  public static let shared = EventLoop(name: "alicloud.io")

  /// Whether the caller runs on this loop's thread.
  public var inLoop: Bool {
    let t = thread.load(ordering: .acquiring)
    return t != 0 && pthread_equal(pthread_self(), pthread_t(t)) != 0
  }

  /// Runs `work` on the loop's thread, after the events being handled now. Closures run in the
  /// order they were handed in.
  public func execute(_ work: @escaping @Sendable () -> Void) {
    let wake = state.withLock { s -> Bool in
      s.work.append(work)
      return claimWake(&s)
    }
    if wake { signalWake() }
  }

  /// Asks the loop's threads to end once they are idle (nothing registered, no work queued).
  public func shutdown() {
    let wake = state.withLock { s -> Bool in
      s.stopping = true
      guard s.running, !s.wakePending else { return false }
      s.wakePending = true
      return true
    }
    if wake { signalWake() }
  }

  /// Under the lock: starts the thread if none runs; whether the caller must write the eventfd
  /// (the loop may be asleep and has not been woken yet).
  func claimWake(_ s: inout LoopState) -> Bool {
    startIfNeeded(&s)
    if s.wakePending || inLoop { return false }
    s.wakePending = true
    return true
  }

  func signalWake() {
    var one: UInt64 = 1
    _ = Glibc.write(wakeFD, &one, 8)
  }

  func startIfNeeded(_ s: inout LoopState) {
    guard !s.running else { return }
    s.running = true
    let box = Unmanaged.passRetained(self).toOpaque()
    var tid = pthread_t()
    let r = pthread_create(
      &tid, nil,
      { raw in
        let loop = Unmanaged<EventLoop>.fromOpaque(raw!).takeRetainedValue()
        loop.run()
        return nil
      }, box)
    precondition(r == 0, "pthread_create failed: \(r)")
    pthread_detach(tid)
  }

  /// The loop whose thread calls this; nil on any other thread.
  public static var current: EventLoop? {
    cepoll_current().map { Unmanaged<EventLoop>.fromOpaque($0).takeUnretainedValue() }
  }

  func run() {
    thread.store(UInt(pthread_self()), ordering: .releasing)
    // The loop outlives its thread's run: `run` is called on a reference the thread holds.
    cepoll_set_current(Unmanaged.passUnretained(self).toOpaque())
    defer { cepoll_set_current(nil) }
    cepoll_name_thread(String(decoding: name.utf8.prefix(15), as: UTF8.self))
    let events = cepoll_events_allocate(Int32(Self.maxEvents))
    defer { cepoll_events_free(events) }
    while true {
      guard let timeout = nextTimeout() else { break }
      let n = cepoll_wait(epfd, events, Int32(Self.maxEvents), timeout)
      polls.add(1, ordering: .relaxed)
      for i in 0..<max(n, 0) {
        let token = cepoll_event_token(events, i)
        if token == Self.wakeToken {
          var count: UInt64 = 0
          _ = Glibc.read(wakeFD, &count, 8)
          continue
        }
        // Looked up per event: a handler earlier in this batch may have cancelled this one.
        let handler = state.withLock { $0.handlers[token]?.handler }
        handler?.handleEvents(cepoll_event_bits(events, i))
      }
      runDueTimers()
      runWorkRounds()
      // Timers the work set for now (libcurl asks for 0 ms once a transfer is added) run before
      // the next poll instead of after a zero-timeout one; once, so that I/O keeps its turn.
      if runDueTimers() { runWorkRounds() }
    }
  }

  /// Runs queued work, and the work it queues, in up to `workRounds` rounds.
  private func runWorkRounds() {
    for _ in 0..<Self.workRounds {
      guard runWork() else { break }
    }
  }

  /// The epoll_wait timeout in milliseconds (-1: none, 0: work is waiting); nil when the loop
  /// should end. Clears the thread marker under the lock when it ends.
  func nextTimeout() -> Int32? {
    state.withLock { s -> Int32? in
      if !s.work.isEmpty { return 0 }
      // Counted, not looked into: a weak reference loaded here could be the last one, and
      // releasing it would run a deinit (which unregisters) inside this lock.
      if s.stopping && s.handlers.isEmpty {
        s.running = false
        s.wakePending = false
        thread.store(0, ordering: .releasing)
        return nil
      }
      guard let due = s.timers.first?.deadline else { return -1 }
      let wait = due - .now
      if wait <= .zero { return 0 }
      let c = wait.components
      // Rounded up: waking before the deadline would only spin.
      let ms = c.seconds * 1000 + (c.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
      return Int32(clamping: ms)
    }
  }

  /// Runs the work queued so far; false when there was none.
  func runWork() -> Bool {
    let work = state.withLock { s -> [@Sendable () -> Void] in
      s.wakePending = false
      defer { s.work = [] }
      return s.work
    }
    for w in work { w() }
    return !work.isEmpty
  }
}

/// Receives the events of a registered descriptor, on the loop's thread.
public protocol EventHandler: AnyObject, Sendable {
  /// `events`: the epoll event bits (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP).
  func handleEvents(_ events: UInt32)
}

/// A loop as a task executor: a task that prefers it (`Task(executorPreference:)`) runs its
/// nonisolated code on the loop's thread, so a call read on a loop is worked on and answered
/// there, without waking another thread to run it and waking the loop again to write the reply.
extension EventLoop: TaskExecutor {
  public func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    execute { [self] in job.runSynchronously(on: asUnownedTaskExecutor()) }
  }
}
