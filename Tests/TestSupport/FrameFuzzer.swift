import AliCloudCore
import AliCloudSim
import AliCloudWire

/// Mutates valid JSON-RPC frames into hostile ones: bytes flipped, inserted, cut and repeated,
/// hostile JSON tokens, values of the wrong type, batches, broken length prefixes. Each case is
/// the bytes one connection sends, split into writes at random points.
public struct FrameFuzzer {
  public var random: SeededGenerator
  /// A value that must never come back in an error (it rides in password fields).
  public static let secret = "Fz-s3cret-\u{263A}-9f31"

  public init(seed: UInt64) { random = SeededGenerator(seed: seed) }

  /// Valid messages the mutations start from.
  public static let corpus: [JSONValue] = [
    ["jsonrpc": "2.0", "id": 1, "method": "daemon.ping"],
    ["jsonrpc": "2.0", "id": "s", "method": "daemon.status", "params": [:]],
    ["jsonrpc": "2.0", "id": 3, "method": "daemon.pending"],
    ["jsonrpc": "2.0", "method": "daemon.ping"],
    ["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 1]],
    ["jsonrpc": "2.0", "id": 4, "method": "$/cancelRequest", "params": ["id": "x"]],
    [
      "jsonrpc": "2.0", "id": 5, "method": "vpc/create",
      "params": ["inputs": [["id": "a", "regionId": "cn-hangzhou", "cidrBlock": "10.0.0.0/16", "vpcName": "v"]]],
    ],
    [
      "jsonrpc": "2.0", "id": 6, "method": "vm/create",
      "params": [
        "inputs": [["regionId": "cn-hangzhou", "password": .string(secret), "instanceSpec": "1C2G"]],
        "identityParams": ["accessKeyId": "LTAIfuzz", "accessKeySecret": .string(secret)],
      ],
    ],
    [
      "jsonrpc": "2.0", "id": 7, "method": "rds/create",
      "params": ["inputs": [["seed": .string(secret), "password": .string(secret), "regionId": "cn-beijing"]]],
    ],
    ["jsonrpc": "2.0", "id": 8, "method": "vpc/craete", "params": ["inputs": []]],
  ]

  static let tokens: [String] = [
    "\"\\ud800\"", "1e999999", "-0", "null", "{}", "[]", "\"\\u0000\"", "true", "9007199254740993",
    "\"\u{FEFF}\"", "\"\\", "{\"a\":", "0.0000000000000000000000001", "\u{1F600}", "{\"jsonrpc\":\"2.0\"}",
  ]
  static let bytes: [UInt8] = [0x00, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0xFF, 0xC0, 0xED, 0x0A, 0x80]
  static let values: [JSONValue] = [
    .null, true, 0, -1, .double(1.5), .int(Int.max), "", .string(String(repeating: "x", count: 70_000)),
    [], [[:]], [:], ["inputs": .null], ["inputs": [1, "x", .null]], .string("\u{0}"),
  ]

  mutating func pick<T>(_ a: [T]) -> T { a[Int.random(in: 0..<a.count, using: &random)] }
  mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

  /// One connection's traffic: several frames, most mutated, cut into writes.
  public mutating func nextCase() -> [[UInt8]] {
    var stream: [UInt8] = []
    for i in 0..<Int.random(in: 1...8, using: &random) { stream += frame(index: i) }
    var writes: [[UInt8]] = []
    var at = 0
    while at < stream.count {
      let n = chance(0.5) ? stream.count - at : Int.random(in: 1...max(1, stream.count - at), using: &random)
      writes.append(Array(stream[at..<at + n]))
      at += n
    }
    return writes
  }

  mutating func frame(index: Int) -> [UInt8] {
    var message = pick(Self.corpus)
    if chance(0.3) { message = mutateValue(message) }
    if chance(0.15) { message = .array((0..<Int.random(in: 0...4, using: &random)).map { _ in pick(Self.corpus) }) }
    var body: [UInt8] = []
    message.writeJSON(to: &body)
    if chance(0.6) { mutateBytes(&body) }
    if body.isEmpty { body = [0x7B] }
    var frame = FrameEncoder.header(length: body.count) + body
    if chance(0.06) { mutateLength(&frame) }
    return frame
  }

  mutating func mutateValue(_ v: JSONValue) -> JSONValue {
    guard case .object(var o) = v else { return v }
    let key = pick(["jsonrpc", "id", "method", "params", "extra"])
    o[key] = pick(Self.values)
    if chance(0.3), case .object(var p) = o["params"] ?? .null {
      p[pick(["inputs", "identityParams", "progressToken", "cloudParams"])] = pick(Self.values)
      o["params"] = .object(p)
    }
    return .object(o)
  }

  mutating func mutateBytes(_ b: inout [UInt8]) {
    for _ in 0..<Int.random(in: 1...3, using: &random) {
      let at = b.isEmpty ? 0 : Int.random(in: 0..<b.count, using: &random)
      switch Int.random(in: 0..<7, using: &random) {
      case 0: if !b.isEmpty { b[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &random)) }
      case 1: if !b.isEmpty { b[at] = pick(Self.bytes) }
      case 2: b.insert(contentsOf: Array(pick(Self.tokens).utf8), at: at)
      case 3: b.removeSubrange(at..<min(b.count, at + Int.random(in: 1...16, using: &random)))
      case 4: b.insert(contentsOf: Array(b[at..<min(b.count, at + 32)]), at: at)
      case 5: b.insert(contentsOf: [UInt8](repeating: pick([0x5B, 0x7B]), count: pick([64, 1000, 100_000])), at: at)
      default: b = Array(b.prefix(at))
      }
    }
  }

  mutating func mutateLength(_ f: inout [UInt8]) {
    let length: UInt32 = pick([
      0, 1, UInt32(max(0, f.count - 5)), UInt32(f.count), 0xFFFF_FFFF, 0x7B22_6A73, 0x0100_0001,
    ])
    f.replaceSubrange(0..<4, with: FrameEncoder.header(length: Int(length)))
  }
}

extension FrameEncoder {
  /// A 4-byte big-endian length prefix.
  static func header(length: Int) -> [UInt8] {
    let n = UInt32(truncatingIfNeeded: length)
    return [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)]
  }
}
