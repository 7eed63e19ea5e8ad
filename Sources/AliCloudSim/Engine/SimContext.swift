import AliCloudCore
import Foundation

/// What an action handler works with: the request's parameters, the account state (changes are
/// kept only when the handler returns normally), id generation, delays and dependency rules.
public struct SimContext: Sendable {
  public let request: SimRequest
  public let spec: SimActionSpec
  public var state: SimState
  public let delays: SimDelays
  public let accountId: Int
  let dependencies: [SimDependencyRule]
  var ids: SeededGenerator

  public var params: [String: String] { request.params }
  public var now: Date { state.now }
  public var action: String { spec.action }

  // MARK: Parameters

  /// A parameter's value, nil when absent or empty.
  public func string(_ name: String) -> String? {
    guard let v = request.params[name], !v.isEmpty else { return nil }
    return v
  }

  public func required(_ name: String) throws(SimError) -> String {
    guard let v = string(name) else { throw SimError.missingParameter(name) }
    return v
  }

  public func int(_ name: String) throws(SimError) -> Int? {
    guard let v = string(name) else { return nil }
    guard let i = Int(v) else { throw SimError.invalidParameter(name, "expected an integer") }
    return i
  }

  public func bool(_ name: String) -> Bool? { string(name).map { $0.lowercased() == "true" } }

  /// A repeated list `Name.1`, `Name.2`, … in index order (or a JSON array sent as `Name`).
  public func list(_ name: String) -> [String] {
    if let raw = string(name), let a = try? JSONValue.parse(raw).arrayValue {
      return a.compactMap { $0.stringValue }
    }
    let prefix = name + "."
    return request.params.compactMap { k, v -> (Int, String)? in
      guard k.hasPrefix(prefix), let i = Int(k.dropFirst(prefix.count)) else { return nil }
      return (i, v)
    }.sorted { $0.0 < $1.0 }.map(\.1)
  }

  /// A repeated list of objects `Name.N.Field` in index order.
  public func objects(_ name: String) -> [[String: String]] {
    let prefix = name + "."
    var items: [Int: [String: String]] = [:]
    for (k, v) in request.params where k.hasPrefix(prefix) {
      let rest = k.dropFirst(prefix.count).split(separator: ".", maxSplits: 1)
      guard rest.count == 2, let i = Int(rest[0]) else { continue }
      items[i, default: [:]][String(rest[1])] = v
    }
    return items.keys.sorted().map { items[$0]! }
  }

  /// The request's region, checked against the catalogue.
  public func region() throws(SimError) -> String {
    let r = try required("RegionId")
    guard SimRegions.find(r) != nil else {
      throw SimError("InvalidRegionId.NotFound", "The specified RegionId \"\(r)\" does not exist.", status: 404)
    }
    return r
  }

  // MARK: Ids and time

  /// A new id: the prefix and 20 lowercase letters and digits, unique in the state.
  public mutating func newId(_ prefix: String, length: Int = 20) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    while true {
      var s = prefix
      for _ in 0..<length { s.append(alphabet[Int(ids.next() % UInt64(alphabet.count))]) }
      if state[s] == nil { return s }
    }
  }

  /// A random number in a range, from the seeded generator.
  public mutating func random(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(ids.next() % UInt64(range.upperBound - range.lowerBound + 1))
  }

  public func delay(_ kind: String) -> TimeInterval { delays.delay(kind) }

  public var timestamp: String { SimTime.format(now) }

  // MARK: Dependencies

  /// Throws the first registered dependency rule that another resource violates for this one.
  public func checkDependents(of resource: SimResource) throws(SimError) {
    for rule in dependencies where rule.parentKind == resource.kind {
      let children = state.list(rule.childKind) { child in
        guard child.id != resource.id, rule.applies(child), let v = child.fields[rule.field] else { return false }
        return Self.mentions(v, resource.id)
      }
      if let child = children.first {
        throw SimError(rule.code, rule.message.replacingOccurrences(of: "{child}", with: child.id), status: rule.status)
      }
    }
  }

  static func mentions(_ v: JSONValue, _ id: String) -> Bool {
    switch v {
    case .string(let s): return s == id
    case .array(let a): return a.contains { mentions($0, id) }
    case .object(let o): return o.values.contains { mentions($0, id) }
    default: return false
    }
  }

  // MARK: Pagination

  /// `PageNumber`/`PageSize` paging: `{PageNumber, PageSize, TotalCount, <list>: {<item>: [...]}}`.
  public func pageNumberPage(
    _ items: [JSONValue], list: String, item: String, defaultSize: Int = 10, maxSize: Int = 50,
    pageSizeParam: String = "PageSize", totalKey: String = "TotalCount"
  ) throws(SimError) -> [String: JSONValue] {
    let number = try int("PageNumber") ?? 1
    let size = try int(pageSizeParam) ?? defaultSize
    guard number >= 1 else { throw SimError.invalidParameter("PageNumber", "must be at least 1") }
    guard (1...maxSize).contains(size) else {
      throw SimError.invalidParameter(pageSizeParam, "must be between 1 and \(maxSize)")
    }
    // A page past the end is empty, as on AliCloud; the product may exceed Int for huge numbers.
    let (skip, overflow) = (number - 1).multipliedReportingOverflow(by: size)
    let start = overflow ? items.count : min(skip, items.count)
    let page = Array(items[start..<(start + min(size, items.count - start))])
    return [
      "PageNumber": .int(number), pageSizeParam: .int(size), totalKey: .int(items.count),
      list: [item: .array(page)],
    ]
  }

  /// `NextToken`/`MaxResults` paging: `{NextToken, TotalCount, <list>: {<item>: [...]}}`; the
  /// token is empty on the last page.
  public func nextTokenPage(
    _ items: [JSONValue], list: String, item: String, maxParam: String = "MaxResults", defaultMax: Int = 10,
    limit: Int = 100
  ) throws(SimError) -> [String: JSONValue] {
    let max = try int(maxParam) ?? defaultMax
    guard (1...limit).contains(max) else { throw SimError.invalidParameter(maxParam, "must be between 1 and \(limit)") }
    var start = 0
    if let token = string("NextToken") {
      guard token.hasPrefix("nt-"), let s = Int(token.dropFirst(3)), (0...items.count).contains(s) else {
        throw SimError("InvalidNextToken", "The specified NextToken is not valid.")
      }
      start = s
    }
    let end = min(start + max, items.count)
    return [
      "NextToken": .string(end < items.count ? "nt-\(end)" : ""), "TotalCount": .int(items.count),
      list: [item: .array(Array(items[start..<end]))],
    ]
  }
}
