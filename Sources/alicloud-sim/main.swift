import AliCloudCore
import AliCloudSim
import Foundation

/// alicloud-sim: the simulated AliCloud on loopback. Its options are `SimCommandLine.table`.
func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("alicloud-sim: \(message) (see --help)\n".utf8))
  exit(2)
}

let commandLine: SimCommandLine
do {
  commandLine = try SimCommandLine.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
  fail(error.message)
}
if commandLine.help {
  print(SimCommandLine.usage)
  exit(0)
}
if commandLine.version {
  print("alicloud-sim \(Version.line)")
  exit(0)
}
let config = commandLine.config

let server: SimServer
do {
  server = try SimServer.start(config)
} catch {
  fail("cannot listen on 127.0.0.1:\(config.port): \(error)")
}
let banner = commandLine.printPort ? "\(server.port)\n" : "alicloud-sim listening on \(server.endpoint)\n"
FileHandle.standardOutput.write(Data(banner.utf8))

signal(SIGINT, SIG_IGN)
signal(SIGTERM, SIG_IGN)
let stopSources = [SIGINT, SIGTERM].map { sig -> DispatchSourceSignal in
  let s = DispatchSource.makeSignalSource(signal: sig, queue: .main)
  s.setEventHandler {
    server.stop()
    exit(0)
  }
  s.resume()
  return s
}
withExtendedLifetime(stopSources) { dispatchMain() }
