import AliCloudAPI
import AliCloudCore

/// A delete refused with `DependencyViolation*` waits while the resource that blocks it goes away
/// (a vSwitch still being deleted when its VPC is), but not behind one that stays: when the
/// refusal names the blocking resource and that resource is seen in a steady state (neither
/// missing nor in a state ending in `-ing`, such as `Deleting` or `Pending`) on
/// `steadyChecks` blocked attempts in a row, the delete fails at once, naming it, rather than after
/// the delete timeout. A refusal that names no known resource keeps the timeout.
extension CloudSession {
  /// The kinds whose ids a refusal may name, by id prefix.
  static let kindsByPrefix: [(prefix: String, resource: Resource)] = [
    ("vpc-", .vpc), ("vsw-", .vswitch), ("vtb-", .routeTable), ("ngw-", .nat), ("eip-", .eip), ("cen-", .cen),
    ("i-", .instance), ("d-", .disk), ("sg-", .securityGroup), ("lb-", .loadBalancer), ("rm-", .rds),
    ("r-", .redis),
  ]

  /// Blocked attempts in a row with the blocker steady before a delete gives up.
  static let steadyChecks = 3

  /// The first resource named in `message` (other than `subject`) that exists and is in a steady
  /// state, with that state; nil when there is none or it cannot be read.
  func steadyBlocker(in message: String, besides subject: Set<String>) async -> (
    id: String, noun: String, state: String
  )? {
    let words = message.split { !($0.isLetter || $0.isNumber || $0 == "-") }.map(String.init)
    for word in words where !subject.contains(word) {
      guard
        let kind = Self.kindsByPrefix.first(where: { word.hasPrefix($0.prefix) && word.count > $0.prefix.count + 3 })
      else { continue }
      let r = kind.resource
      guard let item = try? await find(r, word) else { continue }
      let state = r.state(of: item)
      if state.hasSuffix("ing") { return nil }
      return (word, r.noun, state)
    }
    return nil
  }
}
