import AliCloudWire
import Synchronization

/// Receives a connection's events. Every call comes on the connection's event loop thread, one at a time.
public protocol FrameConnectionDelegate: AnyObject, Sendable {
  /// One complete frame body. Replies appended to `replies` (as whole frames) are written after
  /// the current read batch, in one write.
  func connection(_ connection: FrameConnection, didReceive body: UnsafeRawBufferPointer, replies: inout [UInt8])
  /// The stream is out of sync. Append a last error frame if useful; the connection stops reading
  /// and closes once its output is written.
  func connection(_ connection: FrameConnection, didFailFraming error: FrameError, replies: inout [UInt8])
  /// The peer shut down its sending side (or closed). Replies may still be sent; call
  /// `closeWhenFlushed()` once nothing more will be sent.
  func connectionDidReachEndOfInput(_ connection: FrameConnection)
  /// The connection is closed; no more events follow.
  func connectionDidClose(_ connection: FrameConnection)
  /// Whether work the peer is waiting for is under way (calls in flight): such a connection is
  /// never idle, however long it stays silent.
  func connectionIsBusy(_ connection: FrameConnection) -> Bool
}

extension FrameConnectionDelegate {
  public func connectionIsBusy(_ connection: FrameConnection) -> Bool { false }
}

/// Output queued on all the connections that share it: past its limit each connection stops
/// decoding requests after its next reply, until its own output drains. Replies to calls already
/// running are always queued (a result obtained is never dropped); they count too.
public final class OutputBudget: Sendable {
  public let limit: Int
  let used = Atomic<Int>(0)

  public init(limit: Int) { self.limit = limit }

  /// Bytes queued now, in all.
  public var queued: Int { used.load(ordering: .relaxed) }

  func add(_ delta: Int) { if delta != 0 { used.add(delta, ordering: .relaxed) } }
}

/// Per-connection tuning.
public struct ConnectionOptions: Sendable {
  public var limits: FrameLimits
  /// Above this many unsent bytes the connection stops reading requests (back-pressure).
  public var outputCap: Int
  /// A peer that reads nothing of pending output for this long is disconnected.
  public var stallTimeout: Duration
  /// A connection with nothing under way (no partial frame, no output, delegate not busy) that
  /// stays silent this long is closed. Nil: never.
  public var idleTimeout: Duration?
  /// A frame must be complete this long after its first byte arrived, or the connection is
  /// closed with an error frame naming the timeout (a client that trickles bytes cannot hold it
  /// open). Time the connection itself stops reading (back-pressure, held) does not count. Nil:
  /// no limit.
  public var frameTimeout: Duration?
  /// After a write fails (the peer closed or reset), whether reading goes on to the peer's last
  /// frame (a client reading a server's refusal) or the connection closes at once (a server:
  /// nobody takes its replies, and requests still queued would only cost work).
  public var readsAfterWriteFailure: Bool
  /// Shared by the connections of one server; nil: only the per-connection cap applies.
  public var budget: OutputBudget?

  public init(
    limits: FrameLimits = .default, outputCap: Int = 4 << 20, stallTimeout: Duration = .seconds(30),
    idleTimeout: Duration? = nil, frameTimeout: Duration? = nil, readsAfterWriteFailure: Bool = false,
    budget: OutputBudget? = nil
  ) {
    self.limits = limits
    self.outputCap = outputCap
    self.stallTimeout = stallTimeout
    self.idleTimeout = idleTimeout
    self.frameTimeout = frameTimeout
    self.readsAfterWriteFailure = readsAfterWriteFailure
    self.budget = budget
  }
}
