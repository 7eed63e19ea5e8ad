import AliCloudCore

/// Handles one action: reads `ctx`, changes `ctx.state`, returns the response members (the engine
/// adds `RequestId`). Throwing leaves the state exactly as it was before the call.
public typealias SimHandler = @Sendable (inout SimContext) throws(SimError) -> [String: JSONValue]

/// "A <parent> cannot be deleted while a <child> refers to it through <field>."
public struct SimDependencyRule: Sendable {
  public var parentKind: String
  public var childKind: String
  /// The child's field holding the parent id (a string, or a list/object containing it).
  public var field: String
  public var code: String
  /// `{child}` is replaced by the blocking resource's id.
  public var message: String
  public var status: Int
  /// Only children passing this filter block the parent.
  public var applies: @Sendable (SimResource) -> Bool

  public init(
    parent: String, child: String, field: String, code: String, message: String, status: Int = 400,
    applies: @escaping @Sendable (SimResource) -> Bool = { _ in true }
  ) {
    self.parentKind = parent
    self.childKind = child
    self.field = field
    self.code = code
    self.message = message
    self.status = status
    self.applies = applies
  }
}

/// Where families register their actions and dependency rules.
public struct SimRegistry: Sendable {
  var handlers: [String: SimHandler] = [:]
  var dependencies: [SimDependencyRule] = []

  /// Registers the handler for an action of a product (`"Vpc"`, `"Ecs"`, `"Slb"`, `"Rds"`,
  /// `"R-kvstore"`, `"Cbn"` — the product names of the action table).
  public mutating func on(_ product: String, _ action: String, _ handler: @escaping SimHandler) {
    precondition(
      SimActionCatalog.all.contains { $0.product == product && $0.action == action },
      "\(product) \(action) is not in the action table")
    handlers[product + "/" + action] = handler
  }

  public mutating func rule(_ rule: SimDependencyRule) { dependencies.append(rule) }

  /// Children that block the delete of a `parent` while they refer to it: each child kind, the
  /// child's field holding the parent id, and the code of the refusal (all with `message`).
  public mutating func blockedBy(
    _ parent: String, message: String, _ children: [(child: String, field: String, code: String)]
  ) {
    for c in children {
      rule(SimDependencyRule(parent: parent, child: c.child, field: c.field, code: c.code, message: message))
    }
  }

  func handler(for spec: SimActionSpec) -> SimHandler? { handlers[spec.product + "/" + spec.action] }
}

/// A resource family: one file registering the actions of related resources.
public protocol SimFamily: Sendable {
  static func register(_ registry: inout SimRegistry)
}

extension SimRegistry {
  /// The registry of every family listed in `SimFamilies.all`.
  static let standard: SimRegistry = {
    var r = SimRegistry()
    for f in SimFamilies.all { f.register(&r) }
    return r
  }()
}
