import Foundation

/// Builds the Prometheus text exposition format, version 0.0.4: for each metric family a `# HELP`
/// and a `# TYPE` line, then its samples (`name{label="value",...} number`), label values escaped,
/// histograms as cumulative `_bucket` samples with `le`, then `_sum` and `_count`.
public struct MetricsText: Sendable {
  public typealias Labels = [(String, String)]

  /// The `Content-Type` of the format.
  public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

  public private(set) var text = ""

  public init() {}

  public mutating func counter(_ name: String, _ help: String, _ samples: [(Labels, Double)]) {
    family(name, help, "counter", samples)
  }

  public mutating func gauge(_ name: String, _ help: String, _ samples: [(Labels, Double)]) {
    family(name, help, "gauge", samples)
  }

  /// A counter or gauge without labels.
  public mutating func counter(_ name: String, _ help: String, _ value: Double) { counter(name, help, [([], value)]) }
  public mutating func gauge(_ name: String, _ help: String, _ value: Double) { gauge(name, help, [([], value)]) }

  public mutating func histogram(_ name: String, _ help: String, _ samples: [(Labels, Histogram)]) {
    header(name, help, "histogram")
    for (labels, h) in sorted(samples) {
      for (bound, count) in h.cumulative {
        line(name + "_bucket", labels + [("le", Self.number(bound))], Double(count))
      }
      line(name + "_sum", labels, h.sum)
      line(name + "_count", labels, Double(h.count))
    }
  }

  private mutating func family(_ name: String, _ help: String, _ type: String, _ samples: [(Labels, Double)]) {
    header(name, help, type)
    for (labels, value) in sorted(samples) { line(name, labels, value) }
  }

  private mutating func header(_ name: String, _ help: String, _ type: String) {
    let escaped = help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    text += "# HELP \(name) \(escaped)\n# TYPE \(name) \(type)\n"
  }

  private mutating func line(_ name: String, _ labels: Labels, _ value: Double) {
    text += name
    if !labels.isEmpty {
      text += "{" + labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
    }
    text += " " + Self.number(value) + "\n"
  }

  /// Samples in a stable order: by their label values.
  private func sorted<T>(_ samples: [(Labels, T)]) -> [(Labels, T)] {
    samples.sorted { a, b in a.0.map(\.1).lexicographicallyPrecedes(b.0.map(\.1)) }
  }

  /// A label value with `\`, `"` and newlines escaped.
  static func escape(_ v: String) -> String {
    v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "\n", with: "\\n")
  }

  /// A sample value: integers without a fraction, `+Inf`, `-Inf`, `NaN`, else the shortest decimal.
  static func number(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
    if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
  }
}
