import CCurl
import Foundation

/// A libcurl share handle for the DNS cache and TLS sessions, with one mutex per shared kind so
/// transfers on different threads can use it together.
final class CurlShare: @unchecked Sendable {
  let handle: UnsafeMutableRawPointer
  private let mutexes: UnsafeMutablePointer<pthread_mutex_t>
  private static let slots = 16

  init?() {
    guard let h = curl_share_init() else { return nil }
    handle = h
    mutexes = .allocate(capacity: CurlShare.slots)
    for i in 0..<CurlShare.slots { pthread_mutex_init(mutexes + i, nil) }
    _ = ccurl_share_setopt_pointer(h, CURLSHOPT_USERDATA, UnsafeMutableRawPointer(mutexes))
    _ = ccurl_share_setopt_lock(h) { _, data, _, user in
      guard let user else { return }
      let m = user.assumingMemoryBound(to: pthread_mutex_t.self)
      pthread_mutex_lock(m + Int(data.rawValue) % 16)
    }
    _ = ccurl_share_setopt_unlock(h) { _, data, user in
      guard let user else { return }
      let m = user.assumingMemoryBound(to: pthread_mutex_t.self)
      pthread_mutex_unlock(m + Int(data.rawValue) % 16)
    }
    _ = ccurl_share_setopt_long(h, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_DNS.rawValue))
    _ = ccurl_share_setopt_long(h, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_SSL_SESSION.rawValue))
  }

  deinit {
    curl_share_cleanup(handle)
    for i in 0..<CurlShare.slots { pthread_mutex_destroy(mutexes + i) }
    mutexes.deallocate()
  }
}
