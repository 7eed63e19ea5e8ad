import AliCloudCore
import Foundation

/// One simulated resource. `fields` holds its AliCloud-shaped attributes (as a Describe call
/// lists them); `statusField` names the member that carries its status.
public struct SimResource: Sendable, Equatable {
  public let kind: String
  public let id: String
  public var regionId: String
  public var fields: [String: JSONValue]
  public var statusField: String
  public let created: Date
  /// Creation order, for stable listings.
  public let sequence: Int

  public var status: String {
    get { fields[statusField]?.stringValue ?? "" }
    set { fields[statusField] = .string(newValue) }
  }

  public subscript(field: String) -> JSONValue? {
    get { fields[field] }
    set { fields[field] = newValue }
  }

  /// A string field, empty when missing.
  public func string(_ field: String) -> String { fields[field]?.stringValue ?? "" }

  public var json: JSONValue {
    [
      "kind": .string(kind), "id": .string(id), "regionId": .string(regionId), "status": .string(status),
      "fields": .object(fields),
    ]
  }
}

/// Every resource of the simulated account, and the changes scheduled for later (status
/// transitions, asynchronous removal). Changes are applied lazily by `advance(to:)`, which the
/// engine calls before every request, so no timers run.
public struct SimState: Sendable {
  struct Change: Sendable {
    var at: Date
    var order: Int
    var id: String
    var set: [String: JSONValue]
    var remove: Bool
  }

  public private(set) var resources: [String: SimResource] = [:]
  private var changes: [Change] = []
  private var counter = 0
  /// The time of the request being handled.
  public private(set) var now: Date
  /// Free-form per-family data that is not a resource (counters, address pools).
  public var extras: [String: JSONValue] = [:]

  public init(now: Date = Date()) { self.now = now }

  /// Applies every scheduled change that is due.
  public mutating func advance(to date: Date) {
    now = date
    guard changes.contains(where: { $0.at <= date }) else { return }
    let due = changes.filter { $0.at <= date }.sorted { ($0.at, $0.order) < ($1.at, $1.order) }
    changes.removeAll { $0.at <= date }
    for c in due where resources[c.id] != nil {
      if c.remove {
        resources[c.id] = nil
      } else {
        for (k, v) in c.set { resources[c.id]?.fields[k] = v }
      }
    }
  }

  public subscript(id: String) -> SimResource? { resources[id] }

  /// The resource with that id if it is of that kind.
  public func get(_ id: String, kind: String) -> SimResource? {
    guard let r = resources[id], r.kind == kind else { return nil }
    return r
  }

  /// Resources of a kind in creation order, optionally of one region and matching a filter.
  public func list(_ kind: String, region: String? = nil, where match: (SimResource) -> Bool = { _ in true })
    -> [SimResource]
  {
    resources.values.filter { $0.kind == kind && (region == nil || $0.regionId == region) && match($0) }
      .sorted { $0.sequence < $1.sequence }
  }

  /// Adds a resource; `fields` should already hold its id and status members.
  @discardableResult
  public mutating func insert(
    kind: String, id: String, region: String, fields: [String: JSONValue], statusField: String = "Status"
  ) -> SimResource {
    counter += 1
    let r = SimResource(
      kind: kind, id: id, regionId: region, fields: fields, statusField: statusField, created: now, sequence: counter)
    resources[id] = r
    return r
  }

  public mutating func update(_ id: String, _ body: (inout SimResource) -> Void) {
    guard var r = resources[id] else { return }
    body(&r)
    resources[id] = r
  }

  /// Removes a resource now, with its pending changes.
  public mutating func remove(_ id: String) {
    resources[id] = nil
    changes.removeAll { $0.id == id }
  }

  /// Sets fields after a delay (immediately when the delay is 0).
  public mutating func schedule(_ id: String, after delay: TimeInterval, set: [String: JSONValue]) {
    if delay <= 0 {
      for (k, v) in set { resources[id]?.fields[k] = v }
      return
    }
    counter += 1
    changes.append(Change(at: now.addingTimeInterval(delay), order: counter, id: id, set: set, remove: false))
  }

  /// Sets the status after a delay.
  public mutating func scheduleStatus(_ id: String, _ status: String, after delay: TimeInterval) {
    guard let field = resources[id]?.statusField else { return }
    schedule(id, after: delay, set: [field: .string(status)])
  }

  /// Removes the resource after a delay (immediately when 0).
  public mutating func scheduleRemoval(_ id: String, after delay: TimeInterval) {
    if delay <= 0 { return remove(id) }
    changes.removeAll { $0.id == id }
    counter += 1
    changes.append(Change(at: now.addingTimeInterval(delay), order: counter, id: id, set: [:], remove: true))
  }

  /// Whether a removal is scheduled for the resource.
  public func isBeingRemoved(_ id: String) -> Bool { changes.contains { $0.id == id && $0.remove } }
}
