import Foundation

/// Where requests for a product and region go: the official host over HTTPS, unless an
/// override points one product (or all of them) somewhere else, e.g. a local simulator.
public struct Endpoints: Sendable, Equatable {
  /// One base URL for every product (`--endpoint http://127.0.0.1:9000`).
  public var all: String?
  /// Per-product base URLs (`--endpoint ecs=http://127.0.0.1:9000`); these win over `all`.
  public var perProduct: [Product: String]

  public init(all: String? = nil, perProduct: [Product: String] = [:]) {
    self.all = all
    self.perProduct = perProduct
  }

  public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
  }

  /// Adds one override in the command-line form `URL` or `product=URL`.
  public mutating func add(_ spec: String) throws(ParseError) {
    let text = spec.trimmingCharacters(in: .whitespaces)
    if let eq = text.firstIndex(of: "="), !text[..<eq].contains(":") {
      let name = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
      guard let product = Product(code: name) else {
        throw ParseError(
          description: "unknown product '\(name)' in --endpoint; expected one of "
            + Product.allCases.map(\.code).joined(separator: ", "))
      }
      perProduct[product] = try Endpoints.checkURL(String(text[text.index(after: eq)...]))
    } else {
      all = try Endpoints.checkURL(text)
    }
  }

  /// Parses a list of `URL` / `product=URL` overrides.
  public static func parse(_ specs: [String]) throws(ParseError) -> Endpoints {
    var e = Endpoints()
    for s in specs { try e.add(s) }
    return e
  }

  static func checkURL(_ raw: String) throws(ParseError) -> String {
    var url = raw.trimmingCharacters(in: .whitespaces)
    guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
      throw ParseError(description: "endpoint '\(url)' must start with http:// or https://")
    }
    while url.hasSuffix("/") { url.removeLast() }
    let rest = url.drop { $0 != ":" }.dropFirst(3)
    guard !rest.isEmpty, !rest.contains(where: { $0 == " " || $0 == "?" || $0 == "#" }) else {
      throw ParseError(description: "endpoint '\(url)' has no host or has a query")
    }
    return url
  }

  /// Whether `region` can be put in a host name (lower-case letters, digits and hyphens).
  public static func isValidRegion(_ region: String) -> Bool {
    !region.isEmpty && region.count <= 64
      && region.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
  }

  /// The base URL (scheme and host, no trailing slash) for a product in a region.
  public func baseURL(product: Product, region: String) -> String {
    if let u = perProduct[product] { return u }
    if let u = all { return u }
    return "https://" + product.host(region: region)
  }

  /// The host part of a base URL (with port), as sent in the `host` header.
  public static func hostHeader(baseURL: String) -> String {
    let u = baseURL.utf8
    let start = afterScheme(of: baseURL) ?? u.startIndex
    return String(baseURL[start..<(u[start...].firstIndex(of: UInt8(ascii: "/")) ?? u.endIndex)])
  }

  /// Where the text after a URL's first `://` starts; nil without one. (A byte scan: Foundation's
  /// `range(of:)` costs more than the rest of building a request's URL.)
  static func afterScheme(of url: String) -> String.Index? {
    let u = url.utf8
    var i = u.startIndex
    while i != u.endIndex {
      if u[i] == UInt8(ascii: ":") {
        let a = u.index(after: i)
        if a != u.endIndex, u[a] == UInt8(ascii: "/") {
          let b = u.index(after: a)
          if b != u.endIndex, u[b] == UInt8(ascii: "/") { return u.index(after: b) }
        }
      }
      i = u.index(after: i)
    }
    return nil
  }
}
