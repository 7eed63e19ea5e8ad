import Glibc

/// The process's open-file limit, which bounds how many connections it can hold.
public enum OpenFileLimit {
  /// Raises the soft RLIMIT_NOFILE to `wanted` when it is lower (never above the hard limit, never
  /// lowering it); returns the soft limit in effect afterwards.
  @discardableResult
  public static func raise(toAtLeast wanted: Int) -> Int {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
    let want = rlim_t(max(0, wanted))
    if limit.rlim_cur < want {
      var raised = limit
      raised.rlim_cur = min(want, limit.rlim_max)
      if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
    }
    return limit.rlim_cur >= rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
  }
}
