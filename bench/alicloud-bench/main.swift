import Foundation
import Synchronization

// alicloud-bench: benchmarks, one subcommand per mode. Each prints its measurement next to a
// baseline measured in the same run. Add a mode by adding a line to `commands`.
let commands: [String: (summary: String, run: ([String]) async throws -> Int32)] = [
  "ping": ("daemon.ping round trips against a raw Unix-socket echo of the same frames", PingBench.run),
  "batch": ("50 vpc/create inputs in one call against the same inputs one call at a time", BatchBench.run),
  "cloud-call": ("one DescribeVpcs through the API client against the official Python SDK", CloudCallBench.run),
  "journal": ("opening a mutation journal of N finished entries against reading its bytes", JournalBench.run),
]

let args = Array(CommandLine.arguments.dropFirst())
guard let name = args.first, let command = commands[name] else {
  var usage = "usage: alicloud-bench COMMAND [options]\n\ncommands:\n"
  for (n, c) in commands.sorted(by: { $0.key < $1.key }) {
    usage += "  \(n.padding(toLength: 11, withPad: " ", startingAt: 0)) \(c.summary)\n"
  }
  FileHandle.standardError.write(Data(usage.utf8))
  exit(args.isEmpty || args.first == "--help" || args.first == "-h" ? 0 : 64)
}
// The command runs on a task while the main thread waits, rather than in an async main: an async
// main parks the main thread in libdispatch's sigsuspend, which valgrind cannot run. (Detached:
// top-level code is on the main actor, whose thread is the one waiting.)
let finished = DispatchSemaphore(value: 0)
let status = Mutex<Int32>(1)
Task.detached {
  do {
    let code = try await command.run(Array(args.dropFirst()))
    status.withLock { $0 = code }
  } catch {
    FileHandle.standardError.write(Data("alicloud-bench \(name): \(error)\n".utf8))
  }
  finished.signal()
}
finished.wait()
exit(status.withLock { $0 })
