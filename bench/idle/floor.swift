// Baseline for bench/idle-memory.sh: a Swift program built like alicloudd's release binaries
// (Swift runtime and Foundation linked statically, libcurl and libcrypto linked) that formats a
// date, prints and waits.
import Foundation

let started = Date()
print("ready \(started.timeIntervalSince1970 > 0)")
fflush(stdout)
pause()
