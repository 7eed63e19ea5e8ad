import AliCloudSigning

/// Generated passwords: from the system's cryptographically secure generator (or a `KeyedRandom`), meeting AliCloud's
/// rules for each product (length, character classes, allowed special characters). Never empty.
public enum PasswordRules: Sendable {
  /// ECS instances: 8-30 characters, three of upper, lower, digit, special; not starting with `/`.
  case ecs
  /// RDS accounts: 8-32 characters, three of upper, lower, digit, special from `!@#$%^&*()_+-=`.
  case rds
  /// Redis instances: 8-32 characters, three of upper, lower, digit, special from `!@#$%^&*()_+-=`.
  case redis

  static let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
  static let lower = Array("abcdefghijklmnopqrstuvwxyz")
  static let digits = Array("0123456789")

  /// Special characters the product accepts.
  public var allowedSpecials: [Character] {
    switch self {
    case .ecs: return Array("()`~!@#$%^&*-_+=|{}[]:;'<>,.?/")
    case .rds, .redis: return Array("!@#$%^&*()_+-=")
    }
  }

  /// Special characters used in generated passwords: the set every product accepts, which is
  /// also harmless in connection strings.
  public static let generatedSpecials: [Character] = Array("!@#$%^&*()_+-=")

  public var lengthRange: ClosedRange<Int> {
    switch self {
    case .ecs: return 8...30
    case .rds, .redis: return 8...32
    }
  }

  /// A new password of `length` characters (clamped to the product's range) with at least two
  /// characters of each class.
  public func generate(length: Int = 24) -> String {
    var rng = SystemRandomNumberGenerator()
    return generate(length: length, using: &rng)
  }

  /// A password as `generate(length:)`, drawn from `rng`.
  public func generate<G: RandomNumberGenerator>(length: Int = 24, using rng: inout G) -> String {
    let n = min(max(length, lengthRange.lowerBound), lengthRange.upperBound)
    let classes = [Self.upper, Self.lower, Self.digits, Self.generatedSpecials]
    var chars: [Character] = []
    for c in classes { for _ in 0..<2 { chars.append(c.randomElement(using: &rng)!) } }
    let all = classes.flatMap { $0 }
    while chars.count < n { chars.append(all.randomElement(using: &rng)!) }
    repeat { chars.shuffle(using: &rng) } while !Self.letters.contains(chars[0])
    return String(chars)
  }

  static let letters = Set(upper + lower)

  /// Whether `password` meets the product's rules: length, allowed characters, three classes.
  public func accepts(_ password: String) -> Bool {
    guard lengthRange.contains(password.count) else { return false }
    let special = Set(allowedSpecials)
    var classes = Set<Int>()
    for ch in password {
      if Self.upper.contains(ch) {
        classes.insert(0)
      } else if Self.lower.contains(ch) {
        classes.insert(1)
      } else if Self.digits.contains(ch) {
        classes.insert(2)
      } else if special.contains(ch) {
        classes.insert(3)
      } else {
        return false
      }
    }
    if self == .ecs && password.hasPrefix("/") { return false }
    return classes.count >= 3
  }
}

/// Random numbers that are the same for the same key and label and unpredictable without the key:
/// HMAC-SHA256(key, label | counter), eight bytes a number. A generated password drawn from it
/// with the access key secret and the mutation's ClientToken is the same on every re-send of the
/// input, so the re-sent create sends the same parameters with its token.
public struct KeyedRandom: RandomNumberGenerator {
  private let key: [UInt8]
  private let label: String
  private var counter: UInt64 = 0
  private var buffer: [UInt8] = []

  public init(key: String, label: String) {
    self.key = Array(key.utf8)
    self.label = label
  }

  public mutating func next() -> UInt64 {
    if buffer.count < 8 {
      buffer += Digest.hmacSHA256(key: key, message: Array("\(label)|\(counter)".utf8))
      counter += 1
    }
    let bytes = buffer.prefix(8)
    buffer.removeFirst(8)
    return bytes.reduce(0) { $0 << 8 | UInt64($1) }
  }
}
