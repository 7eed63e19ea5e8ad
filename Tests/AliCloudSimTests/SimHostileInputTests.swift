import AliCloudCore
import AliCloudSim
import Foundation
import TestSupport
import Testing

/// Requests built to crash the simulator get answers, and the simulator keeps serving.
@Suite("Simulator: hostile input")
struct SimHostileInputTests {
  @Test func oddInspectionQueriesAreAnswered() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try LoopbackHTTPClient(port: sim.port, receiveTimeoutSeconds: 5)
      for target in ["/__sim/stats?=", "/__sim/stats?&=&", "/__sim/requests?=&since=", "/__sim/state?==kind"] {
        try c.send("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try c.readResponse().status == 200, "\(target)")
      }
      try c.send("GET /__sim/state?kind=%zz HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try c.readResponse().status == 400)
      try c.send("GET /__sim/state?kind=v%70c HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try c.readResponse().status == 200)
    }
  }

  @Test func hugePageNumbersGiveEmptyPages() async throws {
    try await offPool {
      let sim = try startSim()
      defer { sim.stop() }
      let c = try SimTestClient(sim, signing: .v1)
      _ = try c.ok("CreateVpc", ["RegionId": "cn-hangzhou", "CidrBlock": "10.0.0.0/16"])
      for (number, size) in [("9223372036854775807", "50"), ("9223372036854775807", "1"), ("4611686018427387904", "2")]
      {
        let r = try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou", "PageNumber": number, "PageSize": size])
        #expect(r.status == 200)
        #expect(r.body["Vpcs"]?["Vpc"]?.arrayValue?.isEmpty == true)
        #expect(r.body["TotalCount"]?.intValue == 1)
      }
      let first = try c.ok("DescribeVpcs", ["RegionId": "cn-hangzhou", "PageNumber": "1", "PageSize": "50"])
      #expect(first["Vpcs"]?["Vpc"]?.arrayValue?.count == 1)
      let tooBig = try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou", "PageSize": "9223372036854775807"])
      #expect(tooBig.status == 400)
      let tooLong = try c.call("DescribeVpcs", ["RegionId": "cn-hangzhou", "PageNumber": "99999999999999999999"])
      #expect(tooLong.status == 400)
      let ecs = try c.call(
        "DescribeInstances", ["RegionId": "cn-hangzhou", "MaxResults": "9223372036854775807"], product: "Ecs")
      #expect(ecs.status == 400)
      let token = try c.call(
        "DescribeInstances", ["RegionId": "cn-hangzhou", "NextToken": "nt-9223372036854775807"], product: "Ecs")
      #expect(token.status == 400 && token.code == "InvalidNextToken")
    }
  }

  @Test func faultLatencyIsBounded() async throws {
    try await offPool {
      var f = SimFaults()
      f.latencyRate = 1
      f.latencyMaxMillis = Int.max
      #expect(f.problem != nil)
      let sim = try startSim()
      defer { sim.stop() }
      #expect(throws: SimError.self) { try sim.simulator.setFaults(f) }
      let c = try LoopbackHTTPClient(port: sim.port, receiveTimeoutSeconds: 5)
      let body = #"{"latencyRate":1,"latencyMinMillis":0,"latencyMaxMillis":9223372036854775807}"#
      try c.send("POST /__sim/faults HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
      #expect(try c.readResponse().status == 400)
      try c.send("GET /__sim/stats HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try c.readResponse().status == 200)
    }
  }

  @Test func scriptsThatGrowFilesFailLikeAFullDisk() async throws {
    try await offPool {
      let sim = try startSim(delayMs: 20)
      defer { sim.stop() }
      let w = try ComputeWorld(try SimTestClient(sim))
      let vm = try w.runningInstance()
      // Each line doubles the file: without limits this asks for 2^60 bytes.
      let doubling = Array(repeating: "cat /root/a /root/a > /root/b && mv /root/b /root/a", count: 60)
      let script = (["echo 0123456789abcdef > /root/a"] + doubling).joined(separator: "\n")
      let r = try w.run(script, on: vm)
      #expect(r.0 == "Failed")
      #expect(r.2.contains("File too large"))
      let size = try w.run("cat /root/a", on: vm).2.utf8.count
      #expect(size > 0 && size <= 1 << 20)
      // Output of one command is clipped too.
      let many = "cat" + String(repeating: " /root/a", count: 40)
      let out = try w.run(many, on: vm)
      #expect(out.1 == 0 && out.2.utf8.count <= (1 << 20) + 1)
    }
  }
}
