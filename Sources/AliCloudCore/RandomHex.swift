import Glibc

/// Random identifiers and nonces: `count` bytes from the kernel in one read of `/dev/urandom`
/// (kept open), as lower-case hex.
public enum RandomHex {
  static let urandom = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

  public static func make(bytes count: Int = 16) -> String {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { raw in
      var filled = 0
      while filled < count {
        let n = urandom >= 0 ? read(urandom, raw.baseAddress! + filled, count - filled) : -1
        if n > 0 {
          filled += n
        } else if n == 0 || errno != EINTR {
          // Without /dev/urandom (a bare chroot), the system generator answers.
          var g = SystemRandomNumberGenerator()
          for i in filled..<count { raw[i] = g.next() }
          filled = count
        }
      }
      return HexText.lower(UnsafeBufferPointer(raw))
    }
  }
}
