/// Prints JSON text as UTF-8 bytes: sorted object keys, minimal escaping, optional pretty layout
/// (two-space indentation, `"key": value`). Non-finite doubles, which JSON cannot express, print
/// as `null`.
struct JSONPrinter {
  let pretty: Bool

  init(pretty: Bool) { self.pretty = pretty }

  mutating func write(_ value: JSONValue, to out: inout [UInt8], indent: Int) {
    switch value {
    case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
    case .bool(let b): out.append(contentsOf: b ? "true".utf8 : "false".utf8)
    case .int(let i): Self.writeInt(i, to: &out)
    case .double(let d):
      if d.isFinite { out.append(contentsOf: d.description.utf8) } else { out.append(contentsOf: "null".utf8) }
    case .string(let s): Self.writeString(s, to: &out)
    case .array(let a):
      if a.isEmpty {
        out.append(contentsOf: [0x5B, 0x5D])
        return
      }
      out.append(0x5B)
      for (n, element) in a.enumerated() {
        if n > 0 { out.append(0x2C) }
        newline(&out, indent + 1)
        write(element, to: &out, indent: indent + 1)
      }
      newline(&out, indent)
      out.append(0x5D)
    case .object(let o):
      if o.isEmpty {
        out.append(contentsOf: [0x7B, 0x7D])
        return
      }
      out.append(0x7B)
      var first = true
      // Sorting the members themselves (not the keys, then looking each up) hashes nothing.
      for (key, member) in o.sorted(by: { $0.key < $1.key }) {
        if !first { out.append(0x2C) }
        first = false
        newline(&out, indent + 1)
        Self.writeString(key, to: &out)
        out.append(0x3A)
        if pretty { out.append(0x20) }
        write(member, to: &out, indent: indent + 1)
      }
      newline(&out, indent)
      out.append(0x7D)
    }
  }

  private func newline(_ out: inout [UInt8], _ indent: Int) {
    guard pretty else { return }
    out.append(0x0A)
    out.append(contentsOf: repeatElement(0x20, count: indent * 2))
  }

  static func writeInt(_ value: Int, to out: inout [UInt8]) {
    if value >= 0 && value < 10 {
      out.append(0x30 &+ UInt8(value))
      return
    }
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch: enough for 20 digits
    var magnitude = value.magnitude
    var count = 0
    withUnsafeMutableBytes(of: &digits) { buf in
      repeat {
        buf[23 - count] = 0x30 &+ UInt8(magnitude % 10)
        magnitude /= 10
        count += 1
      } while magnitude > 0
      if value < 0 { out.append(0x2D) }
      out.append(contentsOf: buf[(24 - count)...])
    }
  }

  private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

  static func writeString(_ s: String, to out: inout [UInt8]) {
    out.append(0x22)
    var s = s
    s.withUTF8 { bytes in
      var start = 0
      for i in 0..<bytes.count {
        let b = bytes[i]
        guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
        if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
        start = i + 1
        out.append(0x5C)
        switch b {
        case 0x22: out.append(0x22)
        case 0x5C: out.append(0x5C)
        case 0x0A: out.append(0x6E)
        case 0x0D: out.append(0x72)
        case 0x09: out.append(0x74)
        case 0x08: out.append(0x62)
        case 0x0C: out.append(0x66)
        default:
          out.append(contentsOf: [0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
        }
      }
      if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
    }
    out.append(0x22)
  }
}
