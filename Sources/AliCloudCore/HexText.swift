/// Lower-case hex text of bytes (digests, random identifiers).
public enum HexText {
  public static func lower(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    String(unsafeUninitializedCapacity: bytes.count * 2) { out in
      let digits: StaticString = "0123456789abcdef"
      digits.withUTF8Buffer { d in
        for (i, b) in bytes.enumerated() {
          out[2 * i] = d[Int(b >> 4)]
          out[2 * i + 1] = d[Int(b & 0x0f)]
        }
      }
      return bytes.count * 2
    }
  }
}
