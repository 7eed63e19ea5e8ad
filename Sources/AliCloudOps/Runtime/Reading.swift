import AliCloudAPI
import AliCloudCatalog
import AliCloudCore

/// How a kind's Describe action pages, as AliCloud documents it for that action.
public enum Paging: Sendable {
  /// `PageNumber` from 1 and `PageSize` up to `size` (the action's maximum).
  case pageNumber(size: Int)
  /// `NextToken` and `maxParam` up to `size`; the last page answers an empty token.
  case nextToken(maxParam: String, size: Int)
  /// One answer holds them all.
  case none
}

/// The reads of one kind: the catalogue's `ReadKind` on the kind's `Resource` (its Describe action,
/// id field and list parsing), with what the reads add: how the action pages, and where an
/// output field is when it is not at the field's own name capitalized (`vpcName` is `VpcName`).
public struct Reading: Sendable {
  public let kind: ReadKind
  public let resource: Resource
  public let pages: Paging
  /// Output field to item path (`eipAddress` to `IpAddress`); a path to a list gives its first item.
  public let paths: [String: String]
  /// Input field to Describe parameter, where it is not the field's name capitalized.
  public let params: [String: String]

  public init(
    _ kind: ReadKind, _ resource: Resource, pages: Paging = .pageNumber(size: 50), paths: [String: String] = [:],
    params: [String: String] = [:]
  ) {
    self.kind = kind
    self.resource = resource
    self.pages = pages
    self.paths = paths
    self.params = params
  }

  /// `vpcId` to `VpcId`, `dBInstanceId` to `DBInstanceId`.
  static func capitalized(_ name: String) -> String { name.prefix(1).uppercased() + name.dropFirst() }

  func param(_ input: String) -> String { params[input] ?? Self.capitalized(input) }

  /// The output of one item: the kind's fields, its state and the whole item.
  func fields(of item: JSONValue) -> [String: JSONValue] {
    var out: [String: JSONValue] = [:]
    for field in [kind.id] + kind.fields {
      guard var v = item.value(at: paths[field.name] ?? Self.capitalized(field.name)) else { continue }
      if let first = v.arrayValue?.first { v = first }
      if let text = Input.text(v), !text.isEmpty { out[field.name] = .string(text) }
    }
    out["status"] = .string(resource.state(of: item))
    out["attributes"] = item
    return out
  }
}

extension OpsEnvironment {
  /// The `describe` and `list` handlers of a kind.
  func reads(_ r: Reading) -> [(String, OperationHandler)] {
    [
      operation(r.kind.describe) { s in try await s.describe(r) },
      operation(r.kind.list) { s in try await s.list(r) },
    ]
  }
}

extension CloudSession {
  /// The parent parameters of a read (`RouteTableId` of route entries).
  func scope(_ r: Reading) throws(OperationFailure) -> [String: JSONValue] {
    var out: [String: JSONValue] = [:]
    for field in r.kind.scope { out[r.param(field.name)] = .string(try input.require(field.name)) }
    return out
  }

  /// A failed Describe: a read carried out twice changes nothing, so there is no "may have been
  /// carried out" to tell; sending the input again simply reads again.
  static func readFailure(_ error: AliCloudError) -> OperationFailure {
    var e = error
    e.mayHaveApplied = false
    return .cloud(e)
  }

  /// The `tag` filter (`k=v`, a bare `k`, several as `[k1=v1,k2=v2]`) as AliCloud's `Tag` list;
  /// nil when the input has none.
  func tags() throws(OperationFailure) -> JSONValue? {
    let items = input.list("tag")
    guard !items.isEmpty else { return nil }
    guard items.count <= 20 else { throw OperationFailure.invalid("tag", "at most 20 tags, not \(items.count)") }
    var tags: [JSONValue] = []
    for item in items {
      let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let key = parts[0].trimmingCharacters(in: .whitespaces)
      guard !key.isEmpty else { throw OperationFailure.invalid("tag", "\"\(item)\" has no key") }
      var tag: [String: JSONValue] = ["Key": .string(key)]
      if parts.count == 2, !parts[1].trimmingCharacters(in: .whitespaces).isEmpty {
        tag["Value"] = .string(parts[1].trimmingCharacters(in: .whitespaces))
      }
      tags.append(.object(tag))
    }
    return .array(tags)
  }

  /// One resource by id; NotFound as this input's failure.
  func describe(_ r: Reading) async throws(OperationFailure) -> [String: JSONValue] {
    let id = try input.require(r.kind.id.name)
    let scope = try scope(r)
    let found: JSONValue?
    do { found = try await find(r.resource, id, in: scope) } catch { throw Self.readFailure(error) }
    guard let item = found else {
      throw OperationFailure("NotFound: \(r.kind.noun) \(id) does not exist in \(region)")
    }
    return r.fields(of: item)
  }

  /// The resources of the region (and parent) that pass the filters, page after page, up to the
  /// input's `limit` (at most `ReadKind.listLimit`).
  func list(_ r: Reading) async throws(OperationFailure) -> [String: JSONValue] {
    let limit = try input.int("limit") ?? ReadKind.listLimit
    guard (1...ReadKind.listLimit).contains(limit) else {
      throw OperationFailure.invalid("limit", "\(limit) is not between 1 and \(ReadKind.listLimit)")
    }
    var params = try scope(r)
    for field in r.kind.filters where field.name != "tag" {
      if let v = try input.oneOf(field.name) { params[r.param(field.name)] = .string(v) }
    }
    if r.kind.filters.contains(where: { $0.name == "tag" }), let tags = try tags() { params["Tag"] = tags }
    var items: [JSONValue] = []
    var page = 1
    var token: String? = nil
    // One item more than the limit tells whether there are more.
    pages: while items.count <= limit {
      var query = params
      switch r.pages {
      case .pageNumber(let size):
        query["PageNumber"] = .string(String(page))
        query["PageSize"] = .string(String(size))
      case .nextToken(let maxParam, let size):
        query[maxParam] = .string(String(size))
        if let token { query["NextToken"] = .string(token) }
      case .none: break
      }
      let answer: JSONValue
      do { answer = try await send(r.resource.product, r.resource.describe, query) } catch {
        throw Self.readFailure(error)
      }
      let found = r.resource.items(in: answer)
      items += found
      // A page that adds nothing ends the list, so an answer that keeps claiming more never loops.
      if found.isEmpty { break pages }
      switch r.pages {
      case .pageNumber(let size):
        // Paged by the outer list: route entries come inside their tables.
        if answer.items(r.resource.list).count < size { break pages }
        page += 1
      case .nextToken:
        guard let next = answer.text("NextToken"), next != token else { break pages }
        token = next
      case .none: break pages
      }
    }
    let shown = items.prefix(limit).map { JSONValue.object(r.fields(of: $0)) }
    return [
      "count": .string(String(shown.count)), "truncated": .string(items.count > limit ? "true" : "false"),
      "items": .array(Array(shown)),
    ]
  }
}
