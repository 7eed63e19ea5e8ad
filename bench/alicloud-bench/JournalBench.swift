import AliCloudCore
import AliCloudJournal
import Foundation
import Glibc

/// `alicloud-bench journal [--entries N] [--durable N]`: builds a journal of N finished creates,
/// then measures what a daemon start pays for it (time to open and replay it, and the resident
/// memory it adds) next to reading the same file's bytes; and the cost of one durable record
/// (fdatasync) when a mutation begins, over `--durable` begins.
enum JournalBench {
  static func run(_ args: [String]) async throws -> Int32 {
    guard let o = BenchOptions.counts("journal", args, ["entries": 100_000, "durable": 200]) else { return 64 }
    let (entries, durable) = (o["entries"]!, o["durable"]!)
    var template = Array("/tmp/acd-journal-XXXXXX".utf8CString)
    guard let d = mkdtemp(&template) else { return 70 }
    let dir = String(cString: d)
    defer { try? FileManager.default.removeItem(atPath: dir) }

    let build = MutationJournal(directory: dir, durable: false)
    for n in 0..<entries {
      let key = JournalKey(
        operation: "vpc/create", guid: "guid-\(n)", digest: String(n, radix: 16), region: "cn-hangzhou",
        accessKeyId: "LTAIbenchmark")
      let e = try build.begin(key)
      try build.noteResource(e.id, "vpc-\(n)")
      try build.finish(e.id, .succeeded(["vpcId": .string("vpc-\(n)"), "routeTableId": .string("vtb-\(n)")]))
    }
    let path = dir + "/journal.jsonl"
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

    let readStart = ContinuousClock.now
    let bytes = FileManager.default.contents(atPath: path)?.count ?? 0
    let readTime = ContinuousClock.now - readStart

    let rssBefore = residentKB()
    let openStart = ContinuousClock.now
    let opened = MutationJournal(directory: dir)
    let openTime = ContinuousClock.now - openStart
    let rssAfter = residentKB()
    guard opened.count == entries, opened.problem == nil else {
      print(
        "journal: reopened \(opened.count) of \(entries) entries, problem: \(opened.problem?.description ?? "none")")
      return 1
    }

    let fresh = MutationJournal(directory: dir + "/durable")
    let beginStart = ContinuousClock.now
    for n in 0..<durable {
      _ = try fresh.begin(
        JournalKey(operation: "vpc/create", guid: "d\(n)", digest: "x", region: "cn-hangzhou", accessKeyId: "AK"))
    }
    let beginTime = ContinuousClock.now - beginStart

    print("journal of \(entries) finished entries: \(size / 1024) KiB on disk (\(bytes) bytes read)")
    print(
      "  open and replay (a daemon start): \(ms(openTime)) ms, +\(max(0, rssAfter - rssBefore) / 1024) MiB resident")
    print("  baseline, reading the file's bytes: \(ms(readTime)) ms")
    print("  one durable begin record (write + fdatasync): \(ms(beginTime / durable)) ms, over \(durable)")
    withExtendedLifetime((opened, build)) {}
    return 0
  }

  static func ms(_ d: Duration) -> String {
    let c = d.components
    return String(format: "%.2f", Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15)
  }

  /// VmRSS from /proc/self/status, in KiB.
  static func residentKB() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
      return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
    return 0
  }
}
