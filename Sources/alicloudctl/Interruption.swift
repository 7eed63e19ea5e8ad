import AliCloudClient
import Dispatch
import Glibc

/// SIGINT during a call: the first cancels the call (its final reply is still printed), a
/// second one ends alicloudctl at once.
enum Interruption {
  static let hint =
    "\(HelpText.tool): interrupted; the outputs above name what the call already made. Run the same"
    + " command again to complete it: the daemon continues the same work rather than repeating it.\n"

  static func install(_ interrupt: CallInterrupt) -> any DispatchSourceSignal {
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler {
      if interrupt.requested { _exit(Int32(ExitCode.interrupted.rawValue)) }
      interrupt.cancel()
    }
    source.resume()
    return source
  }
}
