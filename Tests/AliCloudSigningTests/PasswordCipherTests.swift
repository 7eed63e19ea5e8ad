import AliCloudSigning
import Testing

@Suite struct PasswordCipherTests {
  @Test func vectorsAreLoaded() {
    #expect(Vectors.all.cipherA.vectors.count == 4)
  }

  @Test(arguments: Vectors.all.cipherA.vectors)
  func encryptMatchesTheVector(_ v: Vectors.Cipher) throws {
    #expect(try PasswordCipher.encrypt(v.password, guid: v.guid, seed: v.seed) == v.encrypted)
  }

  @Test(arguments: Vectors.all.cipherA.vectors)
  func decryptMatchesTheVector(_ v: Vectors.Cipher) throws {
    #expect(try PasswordCipher.decrypt(v.encrypted, guid: v.guid, seed: v.seed) == v.password)
  }

  @Test func moreVectorsFromTheReference() throws {
    #expect(
      try PasswordCipher.encrypt("", guid: "guid-1", seed: "my-seed") == "{cipher_a}72bd9b0df40de856ec25d1919066c1a4")
    #expect(
      try PasswordCipher.encrypt("P@ssw0rd!Long-Password-Exceeding-16", guid: "0033_0000000001", seed: "seed123")
        == "{cipher_a}a89f2c53c0797a3292071bb1913bea059c2d9e675410cd9acf4d0d3cd31e2303d985dc47ad480ad790a0f968c63c65df")
  }

  @Test func decryptErrorsAreClearAndCarryNoSecrets() {
    let good = "{cipher_a}9b28cb58bd8aca2a1f0cef1ea58f6756"
    #expect(throws: PasswordCipher.Failure.missingPrefix) {
      try PasswordCipher.decrypt("9b28cb58bd8aca2a1f0cef1ea58f6756", guid: "g", seed: "s")
    }
    #expect(throws: PasswordCipher.Failure.wrongSize) { try PasswordCipher.decrypt("{cipher_a}", guid: "g", seed: "s") }
    #expect(throws: PasswordCipher.Failure.wrongSize) {
      try PasswordCipher.decrypt("{cipher_a}abc", guid: "g", seed: "s")
    }
    #expect(throws: PasswordCipher.Failure.notHex) {
      try PasswordCipher.decrypt("{cipher_a}zz28cb58bd8aca2a1f0cef1ea58f6756", guid: "g", seed: "s")
    }
    #expect(throws: PasswordCipher.Failure.emptyInput("seed")) { try PasswordCipher.decrypt(good, guid: "g", seed: "") }
    #expect(throws: PasswordCipher.Failure.emptyInput("guid")) { try PasswordCipher.decrypt(good, guid: "", seed: "s") }
    do {
      _ = try PasswordCipher.decrypt(good, guid: "0033_0000000001", seed: "wrong-seed")
      Issue.record("a wrong seed must not decrypt")
    } catch {
      #expect(!error.description.contains("wrong-seed"))
      #expect(!error.description.contains("9b28cb58"))
    }
  }
}
