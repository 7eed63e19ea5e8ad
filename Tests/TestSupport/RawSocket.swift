import AliCloudCore
import AliCloudTransport
import AliCloudWire
import Foundation
import Glibc

/// A blocking test client that sends arbitrary bytes and reads frames with a timeout.
public final class RawSocket {
  public private(set) var fd: Int32
  var decoder = FrameDecoder(limits: FrameLimits(maxBody: FrameLimits.hardCeiling))

  public init(path: String) throws {
    fd = try UnixConnector.connect(path: path, blocking: true)
  }

  deinit { if fd >= 0 { close(fd) } }

  /// For a test that closed `fd` itself: the deinit must not close a number since reused.
  public func forgetDescriptor() { fd = -1 }

  /// Sends all of `bytes` unless the peer stops reading for `timeout` (returns false then).
  @discardableResult
  public func send(_ bytes: [UInt8], timeout: Duration = .seconds(2)) -> Bool {
    var off = 0
    let deadline = ContinuousClock.now + timeout
    while off < bytes.count {
      let n = bytes.withUnsafeBytes {
        Glibc.send(fd, $0.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
      }
      if n > 0 {
        off += n
        continue
      }
      guard n < 0 && (errno == EAGAIN || errno == EINTR), ContinuousClock.now < deadline else { return false }
      var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
      _ = poll(&p, 1, 10)
    }
    return true
  }

  public func sendFrame(_ value: JSONValue) { send(FrameEncoder.encode(value)) }

  public func request(_ id: JSONValue, _ method: String, _ params: JSONValue? = nil) {
    var o: JSONValue = ["jsonrpc": "2.0", "id": id, "method": .string(method)]
    if let params, case .object(var m) = o {
      m["params"] = params
      o = .object(m)
    }
    sendFrame(o)
  }

  public func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

  /// The next frame, or nil on EOF or timeout. Polls without blocking a thread of the
  /// cooperative pool (the daemon under test runs its handlers there).
  public func readFrame(timeout: Duration = .seconds(5)) async -> JSONValue? {
    let body = await waitForValue(timeout: timeout) { () -> [UInt8]?? in
      while true {
        if let body = try? decoder.nextFrame() { return .some(body) }
        guard readable() else { return nil }
        guard let bytes = receive() else { return .some(nil) }
        decoder.feed(bytes)
      }
    }
    guard let body = body ?? nil else { return nil }
    return try? JSONValue.parse(bytes: body)
  }

  /// True when the daemon closed the connection (EOF) within the timeout.
  public func readsEOF(timeout: Duration = .seconds(5)) async -> Bool {
    let eof = await waitForValue(timeout: timeout) { () -> Bool? in
      while readable() {
        if receive() == nil { return true }
      }
      return nil
    }
    return eof ?? false
  }

  /// Whether a read would not block.
  private func readable() -> Bool {
    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&p, 1, 0) > 0
  }

  /// What one read returns; nil on EOF or error.
  private func receive() -> [UInt8]? {
    var buf = [UInt8](repeating: 0, count: 65536)
    let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
    return n > 0 ? Array(buf[0..<n]) : nil
  }
}
