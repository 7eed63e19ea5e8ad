import Glibc
import Synchronization

/// Random identifiers and nonces as lower-case hex. The bytes come from the kernel's generator
/// (`/dev/urandom`), read 512 at a time into a pool that hands each byte out once: a cloud call
/// needs three ids, and a read per id was a system call each.
public enum RandomHex {
  /// Bytes read ahead from the kernel; `next` is the first not yet handed out.
  struct Pool {
    static let size = 512
    var bytes = [UInt8](repeating: 0, count: size)
    var next = size

    /// Copies `count` unused bytes to `out`, refilling from the kernel first when too few are left.
    mutating func take(_ count: Int, into out: UnsafeMutableBufferPointer<UInt8>) {
      var done = 0
      while done < count {
        if next == Pool.size {
          bytes.withUnsafeMutableBufferPointer { RandomHex.fill($0) }
          next = 0
        }
        let n = min(count - done, Pool.size - next)
        for i in 0..<n { out[done + i] = bytes[next + i] }
        // Handed out once: what a caller got is not kept.
        for i in 0..<n { bytes[next + i] = 0 }
        next += n
        done += n
      }
    }
  }

  static let pool = Mutex(Pool())
  static let urandom = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

  public static func make(bytes count: Int = 16) -> String {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { raw in
      pool.withLock { $0.take(count, into: raw) }
      let text = HexText.lower(UnsafeBufferPointer(raw))
      raw.update(repeating: 0)
      return text
    }
  }

  /// Fills `buffer` from `/dev/urandom` (kept open), else (a bare chroot without it) from the
  /// system generator.
  static func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
    var filled = 0
    while filled < buffer.count {
      let n = urandom >= 0 ? read(urandom, buffer.baseAddress! + filled, buffer.count - filled) : -1
      if n > 0 {
        filled += n
      } else if n == 0 || errno != EINTR {
        var g = SystemRandomNumberGenerator()
        for i in filled..<buffer.count { buffer[i] = g.next() }
        filled = buffer.count
      }
    }
  }
}
