import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// AliCloud's UTC timestamps: `yyyy-MM-ddTHH:mm:ssZ`.
public enum SimTime {
  public static func format(_ date: Date) -> String {
    var t = time_t(date.timeIntervalSince1970.rounded(.down))
    var p = tm()
    gmtime_r(&t, &p)
    func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return
      "\(p.tm_year + 1900)-\(two(p.tm_mon + 1))-\(two(p.tm_mday))T\(two(p.tm_hour)):\(two(p.tm_min)):\(two(p.tm_sec))Z"
  }

  /// Parses `yyyy-MM-ddTHH:mm:ssZ` (fractional seconds allowed).
  public static func parse(_ text: String) -> Date? {
    let u = Array(text.utf8)
    guard u.count >= 20, u.last == UInt8(ascii: "Z"), u[4] == 45, u[7] == 45, u[10] == 84, u[13] == 58, u[16] == 58
    else { return nil }
    func num(_ a: Int, _ b: Int) -> Int32? { Int32(String(decoding: u[a..<b], as: UTF8.self)) }
    guard let y = num(0, 4), let mo = num(5, 7), let d = num(8, 10), let h = num(11, 13), let mi = num(14, 16),
      let s = num(17, 19), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
    else { return nil }
    var p = tm()
    p.tm_year = y - 1900
    p.tm_mon = mo - 1
    p.tm_mday = d
    p.tm_hour = h
    p.tm_min = mi
    p.tm_sec = s
    return Date(timeIntervalSince1970: TimeInterval(timegm(&p)))
  }
}
