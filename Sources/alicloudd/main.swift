import AliCloudCore
import AliCloudDaemon
import AliCloudTransport
import Foundation
import Glibc

// Keep stdout free: anything printed by accident goes to stderr with the logs.
let savedStdout = dup(STDOUT_FILENO)
dup2(STDERR_FILENO, STDOUT_FILENO)
ignoreSIGPIPE()

func printToStdout(_ text: String) {
  let data = Array((text + "\n").utf8)
  _ = data.withUnsafeBytes { write(savedStdout, $0.baseAddress, $0.count) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
let action: DaemonOptions.Action
do {
  action = try DaemonOptions.parse(arguments)
} catch {
  FileHandle.standardError.write(Data("alicloudd: \(error)\n".utf8))
  exit(64)
}

switch action {
case .help:
  printToStdout(DaemonOptions.help)
  exit(0)
case .version:
  printToStdout("alicloudd \(Version.line)")
  exit(0)
case .run(let options):
  // The level a reload (SIGHUP) changes; every logger of the daemon follows it.
  let threshold = LogThreshold(options.logLevel)
  let logger = Logger(
    label: "alicloudd", threshold: threshold,
    handler: StderrLogHandler(format: options.logFormat, journal: LogFormat.stderrIsJournal()))
  // Each connection holds a descriptor, and so does each cloud connection and file.
  let files = OpenFileLimit.raise(toAtLeast: options.maxConnections + 512)
  if files < options.maxConnections + 64 {
    logger.warning(
      "the open-file limit is below what --max-connections needs; raise LimitNOFILE",
      ["limit": String(files), "max-connections": String(options.maxConnections)])
  }
  var config: DaemonConfiguration
  let gatewayConfig: GatewayConfiguration?
  do {
    gatewayConfig = try options.gatewayConfiguration()
    config = try options.configuration(logger: logger)
    config.inheritedListenerFD = try SocketActivation.takeListener()
    let reloadHooks = config.service.onReload
    config.service = ServiceSettings.fromEnvironment(arguments: arguments, threshold: threshold)
    config.service.onReload += reloadHooks
  } catch let e as DaemonOptions.UsageError {
    FileHandle.standardError.write(Data("alicloudd: \(e)\n".utf8))
    exit(64)
  } catch {
    logger.error("socket activation failed", ["error": "\(error)"])
    exit(70)
  }
  let daemon = Daemon(configuration: config)
  daemon.installSignalHandlers()
  do {
    try daemon.start()
  } catch {
    logger.error("cannot listen", ["error": error.description])
    exit(error.kind == .inUse || error.kind == .notASocket ? 69 : 70)
  }
  if let gatewayConfig {
    do {
      try Gateway(daemon: daemon, configuration: gatewayConfig).start()
    } catch {
      logger.error("cannot serve http", ["error": "\(error)", "http.address": options.httpListen ?? ""])
      stopAndExit(daemon, status: 69)
    }
  }
  if let metricsListen = options.metricsListen {
    do {
      let (host, port) = try GatewayConfiguration.parseListen(metricsListen)
      try MetricsServer(daemon: daemon, host: host, port: port).start()
    } catch {
      logger.error("cannot serve metrics", ["error": "\(error)", "metrics.address": metricsListen])
      stopAndExit(daemon, status: 69)
    }
  }
  daemon.announceReady()
  let done = DispatchSemaphore(value: 0)
  Task.detached {
    await daemon.waitUntilStopped()
    done.signal()
  }
  done.wait()
  exit(0)
}

/// Stops the daemon at once (nothing is in flight yet) and exits with `status`.
func stopAndExit(_ daemon: Daemon, status: Int32) -> Never {
  let stopped = DispatchSemaphore(value: 0)
  Task.detached {
    await daemon.shutdown(grace: .zero)
    stopped.signal()
  }
  stopped.wait()
  exit(status)
}
