/// Lower-case hex text of bytes (digests, random identifiers).
public enum HexText {
  public static func lower(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    String(unsafeUninitializedCapacity: bytes.count * 2) { out in
      write(bytes, to: out)
      return bytes.count * 2
    }
  }

  /// Appends the lower-case hex text of `bytes` to `out`.
  public static func appendLower(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    let start = out.count
    out.append(contentsOf: repeatElement(0, count: bytes.count * 2))
    out.withUnsafeMutableBufferPointer { write(bytes, to: UnsafeMutableBufferPointer(rebasing: $0[start...])) }
  }

  private static func write(_ bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutableBufferPointer<UInt8>) {
    let digits: StaticString = "0123456789abcdef"
    digits.withUTF8Buffer { d in
      for (i, b) in bytes.enumerated() {
        out[2 * i] = d[Int(b >> 4)]
        out[2 * i + 1] = d[Int(b & 0x0f)]
      }
    }
  }
}
