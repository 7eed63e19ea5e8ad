import Testing

@testable import AliCloudCore

@Suite struct RandomHexTests {
  @Test func givesLowerCaseHexOfTheAskedLengthAndDoesNotRepeat() {
    var seen = Set<String>()
    for bytes in [1, 8, 16, 32] {
      for _ in 0..<200 {
        let s = RandomHex.make(bytes: bytes)
        #expect(s.utf8.count == bytes * 2)
        #expect(s.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        if bytes >= 8 { #expect(seen.insert(s).inserted) }
      }
    }
    // Every hex digit shows up in both positions of a byte.
    let joined = (0..<64).map { _ in RandomHex.make(bytes: 16) }.joined()
    #expect(Set(joined.utf8).count == 16)
  }
}

@Suite struct RandomPoolTests {
  /// A pool holding 0, 1, 2, ... 255, 0, 1, ... in place of the kernel's bytes.
  func counting() -> RandomHex.Pool {
    var p = RandomHex.Pool()
    p.bytes = (0..<RandomHex.Pool.size).map { UInt8(truncatingIfNeeded: $0) }
    p.next = 0
    return p
  }

  func take(_ count: Int, from pool: inout RandomHex.Pool) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: count) { out, n in
      pool.take(count, into: out)
      n = count
    }
  }

  @Test func handsEachByteOutOnceAndForgetsIt() {
    var p = counting()
    #expect(take(4, from: &p) == [0, 1, 2, 3])
    #expect(take(4, from: &p) == [4, 5, 6, 7])
    #expect(p.bytes[0..<8].allSatisfy { $0 == 0 })
    #expect(p.bytes[8] == 8)
  }

  @Test func refillsFromTheKernelWhenTheRestIsTooShort() {
    var p = counting()
    _ = take(RandomHex.Pool.size - 3, from: &p)
    let crossing = take(16, from: &p)
    // The three bytes left, then fresh ones: not the counting pattern again.
    #expect(Array(crossing[0..<3]) == [253, 254, 255])
    #expect(Array(crossing[3...]) != (0..<13).map { UInt8($0) })
    #expect(p.next == 13)
    // Fresh bytes are not all zero (a failed read would leave zeros).
    #expect(p.bytes[13...].contains { $0 != 0 })
  }
}
