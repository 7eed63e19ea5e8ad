import AliCloudCore
import Testing

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
