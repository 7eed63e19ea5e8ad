import AliCloudCore
import Testing

/// The Prometheus text exposition format 0.0.4: HELP and TYPE once per family, escaped label
/// values, cumulative histogram buckets ending in +Inf, then _sum and _count.
@Suite struct MetricsTextTests {
  @Test func familiesSamplesAndEscaping() {
    var out = MetricsText()
    out.counter(
      "x_calls_total", "Calls\nby method \\ name.",
      [([("method", "b")], 2), ([("method", "a \"quoted\"\n\\")], 1)])
    out.gauge("x_in_flight", "Running now.", 3)
    out.counter("x_empty_total", "No samples yet.", [])
    #expect(
      out.text == """
        # HELP x_calls_total Calls\\nby method \\\\ name.
        # TYPE x_calls_total counter
        x_calls_total{method="a \\"quoted\\"\\n\\\\"} 1
        x_calls_total{method="b"} 2
        # HELP x_in_flight Running now.
        # TYPE x_in_flight gauge
        x_in_flight 3
        # HELP x_empty_total No samples yet.
        # TYPE x_empty_total counter

        """)
  }

  @Test func histogramsAreCumulative() {
    var h = Histogram(bounds: [0.1, 1])
    for v in [0.05, 0.1, 0.5, 2, 3] { h.observe(v) }
    #expect(h.count == 5 && h.sum == 5.65)
    var out = MetricsText()
    out.histogram("x_seconds", "Durations.", [([("method", "m")], h)])
    #expect(
      out.text == """
        # HELP x_seconds Durations.
        # TYPE x_seconds histogram
        x_seconds_bucket{method="m",le="0.1"} 2
        x_seconds_bucket{method="m",le="1"} 3
        x_seconds_bucket{method="m",le="+Inf"} 5
        x_seconds_sum{method="m"} 5.65
        x_seconds_count{method="m"} 5

        """)
  }

  @Test func numbers() {
    var out = MetricsText()
    out.gauge("g", "g", [([("k", "inf")], .infinity), ([("k", "nan")], .nan), ([("k", "small")], 0.000125)])
    #expect(out.text.contains("g{k=\"inf\"} +Inf\n") && out.text.contains("g{k=\"nan\"} NaN\n"))
    #expect(out.text.contains("g{k=\"small\"} 0.000125\n"))
  }
}
