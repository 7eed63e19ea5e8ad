import CCrypto

/// The `{cipher_a}` password format of the WeCube AliCloud plugin: key = IV = the first 16
/// characters of the lower-case hex MD5 of `guid + seed`; AES-128-CBC with PKCS#7 padding over
/// the UTF-8 password; lower-case hex ciphertext after the `{cipher_a}` prefix.
public enum PasswordCipher {
  public static let prefix = "{cipher_a}"

  /// Why a password could not be encrypted or decrypted. Messages never contain the password,
  /// the seed or the ciphertext.
  public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
    case missingPrefix
    case emptyInput(String)
    case wrongSize
    case notHex
    case cryptoFailure(String)
    case notUTF8

    public var description: String {
      switch self {
      case .missingPrefix: return "the encrypted password does not start with \(PasswordCipher.prefix)"
      case .emptyInput(let what): return "cannot use {cipher_a}: \(what) is empty"
      case .wrongSize: return "the encrypted password's size is wrong"
      case .notHex: return "the encrypted password is not hexadecimal text"
      case .cryptoFailure(let step): return "could not \(step) the password (wrong guid or seed?)"
      case .notUTF8: return "the decrypted password is not UTF-8 text (wrong guid or seed?)"
      }
    }
  }

  /// The 16 ASCII bytes used as both AES key and IV.
  static func keyMaterial(guid: String, seed: String) -> [UInt8] {
    Array(Digest.hex(Digest.md5(Array((guid + seed).utf8))).utf8.prefix(16))
  }

  /// `{cipher_a}` + hex ciphertext of `password`.
  public static func encrypt(_ password: String, guid: String, seed: String) throws(Failure) -> String {
    let key = keyMaterial(guid: guid, seed: seed)
    let out = try crypt(Array(password.utf8), key: key, encrypt: true)
    return prefix + Digest.hex(out)
  }

  /// The password inside a `{cipher_a}` value.
  public static func decrypt(_ encrypted: String, guid: String, seed: String) throws(Failure) -> String {
    guard !guid.isEmpty else { throw .emptyInput("guid") }
    guard !seed.isEmpty else { throw .emptyInput("seed") }
    guard encrypted.hasPrefix(prefix) else { throw .missingPrefix }
    let body = String(encrypted.dropFirst(prefix.count))
    guard !body.isEmpty, body.utf8.count % 32 == 0 else { throw .wrongSize }
    guard let cipherBytes = Digest.unhex(body) else { throw .notHex }
    let plain = try crypt(cipherBytes, key: keyMaterial(guid: guid, seed: seed), encrypt: false)
    guard let text = String(validating: plain, as: UTF8.self) else { throw .notUTF8 }
    return text
  }

  private static func crypt(_ input: [UInt8], key: [UInt8], encrypt: Bool) throws(Failure) -> [UInt8] {
    let step = encrypt ? "encrypt" : "decrypt"
    guard let ctx = EVP_CIPHER_CTX_new() else { throw .cryptoFailure(step) }
    defer { EVP_CIPHER_CTX_free(ctx) }
    var out = [UInt8](repeating: 0, count: input.count + 32)
    var n1: Int32 = 0
    var n2: Int32 = 0
    let ok: Bool = key.withUnsafeBufferPointer { k in
      input.withUnsafeBufferPointer { i in
        out.withUnsafeMutableBufferPointer { o in
          guard
            EVP_CipherInit_ex(ctx, EVP_aes_128_cbc(), nil, k.baseAddress, k.baseAddress, encrypt ? 1 : 0) == 1,
            EVP_CipherUpdate(ctx, o.baseAddress, &n1, i.baseAddress, Int32(i.count)) == 1,
            EVP_CipherFinal_ex(ctx, o.baseAddress! + Int(n1), &n2) == 1
          else { return false }
          return true
        }
      }
    }
    ERR_clear_error()
    guard ok else { throw .cryptoFailure(step) }
    return Array(out.prefix(Int(n1 + n2)))
  }
}
