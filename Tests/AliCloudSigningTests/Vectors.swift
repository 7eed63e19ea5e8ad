import Foundation

/// The published signature and `{cipher_a}` vectors, bundled with the tests.
struct Vectors: Decodable {
  struct V1: Decodable, Sendable, CustomStringConvertible {
    var name: String
    var method: String
    var accessKeySecret: String
    var params: [String: String]
    var stringToSign: String
    var signature: String
    var description: String { name }
  }

  struct V3: Decodable, Sendable, CustomStringConvertible {
    var name: String
    var method: String
    var host: String
    var accessKeyId: String
    var accessKeySecret: String
    var query: [String: String]
    var headers: [String: String]
    var body: String
    var hashedCanonicalRequest: String
    var authorization: String?
    var signature: String?
    var description: String { name }
  }

  struct Cipher: Decodable, Sendable, CustomStringConvertible {
    var guid: String
    var seed: String
    var password: String
    var encrypted: String
    var description: String { "\(guid)/\(encrypted)" }
  }

  struct CipherSet: Decodable {
    var vectors: [Cipher]
  }

  var signatureV1: [V1]
  var signatureV3: [V3]
  var cipherA: CipherSet

  static let all: Vectors = {
    let url = Bundle.module.url(forResource: "test-vectors", withExtension: "json")!
    return try! JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
  }()
}
