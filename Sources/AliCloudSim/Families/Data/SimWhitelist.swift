import AliCloudCore

/// One whitelist change as RDS and R-kvstore apply it (`ModifyMode` Cover, Append or Delete):
/// the resulting list, or the product's error. `exists` says whether the named group exists;
/// `notFound` and `malformed` are the product's codes for a missing group and a bad list.
enum SimWhitelist {
  static func apply(
    _ ctx: SimContext, name: String, current: [String], given: [String], exists: Bool, notFound: String,
    malformed: String
  ) throws(SimError) -> [String] {
    let result: [String]
    switch ctx.string("ModifyMode") ?? "Cover" {
    case "Cover": result = given
    case "Append": result = current + given.filter { !current.contains($0) }
    case "Delete":
      guard exists else { throw SimError(notFound, "The whitelist \(name) does not exist.", status: 404) }
      result = current.filter { !given.contains($0) }
    default: throw SimError.invalidParameter("ModifyMode", "expected Cover, Append or Delete")
    }
    guard !result.isEmpty else { throw SimError(malformed, "The whitelist \(name) cannot be left empty.") }
    guard result.count <= 1000 else { throw SimError(malformed, "A whitelist holds at most 1000 entries.") }
    return result
  }
}
