import CEpoll
import Glibc

/// What a registration waits for. Level-triggered: while the descriptor is readable (or
/// writable) and the interest holds, every epoll_wait reports it.
public struct Interest: OptionSet, Sendable, Hashable {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }
  public static let read = Interest(rawValue: cepoll_in)
  public static let write = Interest(rawValue: cepoll_out)
}

/// One descriptor registered with an event loop, kept by its owner (under the owner's lock):
/// interest changes are epoll_ctl calls made by the caller's thread. With no interest the
/// descriptor is out of the epoll set altogether, so a hang-up (which epoll reports whatever
/// was asked) cannot wake the loop for a descriptor nobody waits on.
public struct EventRegistration: Sendable {
  public let loop: EventLoop
  public let token: UInt64
  public let fd: Int32
  /// What the epoll set holds for the descriptor now.
  public private(set) var interest: Interest = []
  public private(set) var isActive = true

  init(loop: EventLoop, token: UInt64, fd: Int32) {
    self.loop = loop
    self.token = token
    self.fd = fd
  }

  /// Changes what the loop waits for (adding the descriptor to the set, or taking it out).
  /// Returns false when epoll refused (the descriptor cannot be watched).
  @discardableResult
  public mutating func setInterest(_ wanted: Interest) -> Bool {
    guard isActive, wanted != interest else { return true }
    let op = interest.isEmpty ? cepoll_ctl_add : wanted.isEmpty ? cepoll_ctl_del : cepoll_ctl_mod
    guard cepoll_ctl(loop.epfd, op, fd, wanted.rawValue, token) == 0 else { return false }
    interest = wanted
    return true
  }

  /// Takes the descriptor out of the set and forgets the handler, then (in the same step, so
  /// the loop cannot end in between) queues `then` on the loop: the place to close the
  /// descriptor, since no event for it can follow. Events already reported for this token are
  /// dropped.
  public mutating func cancel(then: (@Sendable () -> Void)? = nil) {
    guard isActive else { return }
    setInterest([])
    isActive = false
    loop.unregister(token, then: then)
  }
}

extension EventLoop {
  /// Registers `fd` (with no interest yet: see `EventRegistration.setInterest`). The loop keeps
  /// the handler weakly; its events come on the loop's thread.
  public func register(fd: Int32, handler: any EventHandler) -> EventRegistration {
    let token = state.withLock { s -> UInt64 in
      let t = s.nextToken
      s.nextToken += 1
      s.handlers[t] = WeakHandler(handler: handler)
      startIfNeeded(&s)
      return t
    }
    return EventRegistration(loop: self, token: token, fd: fd)
  }

  func unregister(_ token: UInt64, then: (@Sendable () -> Void)?) {
    let wake = state.withLock { s -> Bool in
      s.handlers[token] = nil
      guard let then else { return false }
      s.work.append(then)
      return claimWake(&s)
    }
    if wake { signalWake() }
  }

  /// Registrations alive now (for status and tests).
  public var registrationCount: Int { state.withLock { $0.handlers.count } }
}

/// The bits of the events a handler is given.
public enum EventBits {
  public static let readable: UInt32 = cepoll_in
  public static let writable: UInt32 = cepoll_out
  public static let error: UInt32 = cepoll_err
  public static let hangUp: UInt32 = cepoll_hup
}
