/// An incremental frame decoder: feed it whatever a read returned (a byte of a header, several
/// frames, a frame split anywhere) and take complete bodies out. The declared length is checked
/// against the limit before any space is reserved for the body; the buffer only ever holds bytes
/// that actually arrived.
public struct FrameDecoder: Sendable {
  public let limits: FrameLimits
  private var buffer: [UInt8] = []
  private var readIndex = 0
  private var failed: FrameError? = nil

  public init(limits: FrameLimits = .default) {
    self.limits = limits
  }

  /// Bytes received but not yet returned as frames.
  public var bufferedByteCount: Int { buffer.count - readIndex }

  public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
    guard failed == nil, !bytes.isEmpty else { return }
    if readIndex > 0 && readIndex == buffer.count {
      buffer.removeAll(keepingCapacity: true)
      readIndex = 0
    } else if readIndex > 65536 && readIndex * 2 > buffer.count {
      buffer.removeSubrange(0..<readIndex)
      readIndex = 0
    }
    buffer.append(contentsOf: bytes)
  }

  public mutating func feed(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { feed($0) }
  }

  /// Calls `body` with the next complete frame body, if there is one, and returns its result.
  /// Throws once the stream is unusable (and keeps throwing the same error).
  public mutating func next<T>(_ body: (UnsafeRawBufferPointer) -> T) throws(FrameError) -> T? {
    if let failed { throw failed }
    let available = buffer.count - readIndex
    guard available > 0 else { return nil }
    let max = limits.maxBody
    let first = buffer[readIndex]
    // With a maximum below 16 MiB a valid first byte is 0 (or small): reject plain text at once.
    if Int(first) << 24 > max {
      let text = (0x20...0x7E).contains(first) || first == 0x09 || first == 0x0A || first == 0x0D
      failed = text ? .notFramed(firstByte: first) : .tooLarge(length: Int(first) << 24, max: max)
      throw failed!
    }
    guard available >= FrameLimits.headerSize else { return nil }
    let length =
      Int(first) << 24 | Int(buffer[readIndex + 1]) << 16 | Int(buffer[readIndex + 2]) << 8
      | Int(buffer[readIndex + 3])
    if length == 0 {
      failed = .zeroLength
      throw failed!
    }
    if length > max {
      failed = .tooLarge(length: length, max: max)
      throw failed!
    }
    guard available >= FrameLimits.headerSize + length else { return nil }
    let start = readIndex + FrameLimits.headerSize
    readIndex = start + length
    return buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<(start + length)])) }
  }

  /// The next complete frame body as an array.
  public mutating func nextFrame() throws(FrameError) -> [UInt8]? {
    try next { Array($0) }
  }
}
