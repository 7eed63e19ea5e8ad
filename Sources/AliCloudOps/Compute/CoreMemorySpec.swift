/// Cores and memory, as users write them: `1C2G`, `2c4g`, `1C0.5G`.
public struct CoreMemorySpec: Sendable, Hashable, CustomStringConvertible {
  public var cores: Int
  /// Memory in GiB.
  public var memoryGiB: Double

  public init(cores: Int, memoryGiB: Double) {
    self.cores = cores
    self.memoryGiB = memoryGiB
  }

  /// Parses `<cores>C<memory>G` (case-insensitive, surrounding spaces ignored). Cores are a whole
  /// number from 1 to 1024, memory a positive number of GiB (at most three decimals) up to 24576.
  public static func parse(_ text: String, field: String) throws(OperationFailure) -> CoreMemorySpec {
    let s = text.trimmingCharacters(in: .whitespaces).uppercased()
    let bad = OperationFailure.invalid(field, "\"\(text)\" is not a core/memory spec like 1C2G")
    guard s.hasSuffix("G"), let c = s.firstIndex(of: "C") else { throw bad }
    let coreText = s[s.startIndex..<c]
    let memText = s[s.index(after: c)..<s.index(before: s.endIndex)]
    guard !coreText.isEmpty, coreText.count <= 4, coreText.allSatisfy({ $0.isASCII && $0.isNumber }),
      let cores = Int(coreText), (1...1024).contains(cores)
    else { throw bad }
    guard let memory = parseAmount(String(memText)), memory > 0, memory <= 24576 else { throw bad }
    return CoreMemorySpec(cores: cores, memoryGiB: memory)
  }

  /// A plain decimal: digits, optionally `.` and up to three digits.
  static func parseAmount(_ s: String) -> Double? {
    let parts = s.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 6,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
    else { return nil }
    if parts.count == 2 && (parts[1].isEmpty || parts[1].count > 3) { return nil }
    return Double(s)
  }

  /// Whether `other` has at least these cores and at least this memory.
  public func isCovered(by other: CoreMemorySpec) -> Bool {
    other.cores >= cores && other.memoryGiB + 0.001 >= memoryGiB
  }

  public func sameSize(as other: CoreMemorySpec) -> Bool {
    other.cores == cores && abs(other.memoryGiB - memoryGiB) < 0.001
  }

  /// Memory as output text: whole GiB without a fraction (`2`), otherwise as is (`0.5`).
  public var memoryText: String { CoreMemorySpec.amountText(memoryGiB) }

  public var description: String { "\(cores)C\(memoryText)G" }

  static func amountText(_ v: Double) -> String {
    let r = (v * 1000).rounded() / 1000
    guard r.isFinite else { return String(v) }
    return ResponseNumbers.text(r)
  }
}

/// One sized choice: an instance type or a database class.
public struct SizedChoice: Sendable, Hashable {
  public var id: String
  public var spec: CoreMemorySpec

  public init(id: String, spec: CoreMemorySpec) {
    self.id = id
    self.spec = spec
  }

  /// The choice for `wanted`: an exact size match first; otherwise the smallest choice with at
  /// least the cores **and** at least the memory (never more cores with less memory). Ties go to
  /// the earlier candidate, so the caller's order decides among equals. Nil when none fits.
  public static func best(for wanted: CoreMemorySpec, among candidates: [SizedChoice]) -> SizedChoice? {
    if let exact = candidates.first(where: { $0.spec.sameSize(as: wanted) }) { return exact }
    let fitting = candidates.enumerated().filter { wanted.isCovered(by: $0.element.spec) }
    return fitting.min { a, b in
      let ka = (a.element.spec.cores, a.element.spec.memoryGiB, a.offset)
      let kb = (b.element.spec.cores, b.element.spec.memoryGiB, b.offset)
      return ka < kb
    }?.element
  }
}
