import AliCloudCore
import AliCloudSigning
import Testing

@testable import AliCloudOps

@Test(arguments: [PasswordRules.ecs, .rds, .redis])
func generatedPasswordsMeetTheRules(rules: PasswordRules) {
  var seen: Set<String> = []
  for _ in 0..<200 {
    let p = rules.generate()
    #expect(!p.isEmpty)
    #expect(rules.accepts(p), "\(rules) rejects a generated password")
    #expect(p.contains(where: \.isUppercase) && p.contains(where: \.isLowercase) && p.contains(where: \.isNumber))
    #expect(p.first!.isLetter)
    seen.insert(p)
  }
  #expect(seen.count == 200)
  #expect(rules.generate(length: 3).count == 8)
  #expect(rules.generate(length: 100).count == rules.lengthRange.upperBound)
}

@Test func generatedPasswordsUseTheWholeAlphabet() {
  let all = (0..<300).map { _ in PasswordRules.redis.generate() }.joined()
  #expect(all.contains("Z") && all.contains("z"))
}

@Test func passwordRulesRejectWeakOnes() {
  #expect(!PasswordRules.rds.accepts("short1A"))
  #expect(!PasswordRules.rds.accepts("alllowercaseletters"))
  #expect(!PasswordRules.rds.accepts("Has~Tilde123"))
  #expect(PasswordRules.ecs.accepts("Has~Tilde123"))
  #expect(!PasswordRules.ecs.accepts("/Abcdefg123"))
}

@Test func cipherVectorsRoundTrip() throws {
  #expect(
    try PasswordCipher.encrypt("Abcd1234", guid: "0033_0000000001", seed: "seed123")
      == "{cipher_a}9b28cb58bd8aca2a1f0cef1ea58f6756")
}

func rules(_ cidr: String, _ proto: String, _ ports: String, _ dir: String = "ingress") throws(OperationFailure)
  -> [SecurityRule]
{
  try SecurityRules.parse(cidrIp: cidr, ipProtocol: proto, portRange: ports, direction: dir, policy: "Accept")
}

@Test func parallelListsPairUpByPosition() throws {
  let r = try rules("[10.0.0.0/8, 192.168.1.1]", "[tcp,UDP]", "[22, 53-54]")
  #expect(r.count == 2)
  #expect(
    r[0]
      == SecurityRule(direction: .ingress, ipProtocol: "tcp", portRange: "22/22", cidr: "10.0.0.0/8", policy: "accept"))
  #expect(
    r[1]
      == SecurityRule(
        direction: .ingress, ipProtocol: "udp", portRange: "53/54", cidr: "192.168.1.1/32", policy: "accept"))
  #expect(r[0].parameters["SourceCidrIp"] == "10.0.0.0/8")
  let e = try rules("0.0.0.0/0", "tcp", "[80,443]", "EGRESS")
  #expect(e.map(\.portRange) == ["80/80", "443/443"])
  #expect(e[0].parameters["DestCidrIp"] == "0.0.0.0/0" && e[0].parameters["SourceCidrIp"] == nil)
}

@Test(arguments: [
  ("tcp", "22", "22/22"), ("tcp", "22/22", "22/22"), ("tcp", "22-8000", "22/8000"), ("icmp", "-1/-1", "-1/-1"),
  ("all", "-1", "-1/-1"), ("udp", "1/65535", "1/65535"),
])
func portRangesNormalise(proto: String, text: String, expected: String) throws {
  #expect(try SecurityRules.parsePortRange(text, protocol: proto) == expected)
}

@Test(arguments: [
  ("tcp", "-1/-1"), ("tcp", "0"), ("tcp", "70000"), ("tcp", "80/22"), ("tcp", "a-b"), ("tcp", "22/"), ("icmp", "22"),
  ("tcp", "1/2/3"), ("tcp", ""),
])
func badPortRangesFail(proto: String, text: String) {
  #expect(throws: OperationFailure.self) { try SecurityRules.parsePortRange(text, protocol: proto) }
}

@Test func mismatchedListsAndBadValuesFailClearly() {
  #expect(throws: OperationFailure.self) { try rules("[10.0.0.0/8,10.1.0.0/16]", "tcp", "[22,80,443]") }
  #expect(throws: OperationFailure.self) { try rules("10.0.0.0/33", "tcp", "22") }
  #expect(throws: OperationFailure.self) { try rules("10.0.0.0/8", "sctp", "22") }
  #expect(throws: OperationFailure.self) { try rules("10.0.0.0/8", "tcp", "22", "sideways") }
  #expect(throws: OperationFailure.self) {
    try SecurityRules.parse(
      cidrIp: "1.1.1.1", ipProtocol: "tcp", portRange: "22", direction: "ingress", policy: "maybe")
  }
  do {
    _ = try rules("[10.0.0.0/8,10.1.0.0/16]", "tcp", "[22,80,443]")
  } catch {
    #expect(error.message.contains("cidrIp (2 items)") && error.message.contains("portRange (3 items)"))
  }
}
