/// The kinds of resource operations wait for; each has its own create and delete timeouts.
public enum WaitKind: String, Sendable, CaseIterable, Hashable {
  case vpc, vswitch, nat, eip, cen, vm, disk, redis, rds, command
  case routeTable = "route_table"
  case routeEntry = "route_entry"
  case snatEntry = "snat_entry"
  case securityGroup = "security_group"
  case loadBalancer = "load_balancer"
  case rdsBackup = "rds_backup"

  /// Every kind's name, for messages and help.
  public static var names: [String] { allCases.map(\.rawValue) }
}

/// How long operations wait for resources, and how they poll. Timeouts are per resource kind,
/// separately for creates (and changes) and deletes; a kind without its own entry uses the default.
public struct WaitSettings: Sendable, Equatable {
  public var createTimeoutMs: Int
  public var deleteTimeoutMs: Int
  /// Per kind, for waits after a create or change.
  public var createPerKind: [WaitKind: Int]
  /// Per kind, for deletes.
  public var deletePerKind: [WaitKind: Int]
  /// First poll interval; it grows by half each poll up to `pollMaxMs`.
  public var pollBaseMs: Int
  public var pollMaxMs: Int

  public init(
    createTimeoutMs: Int = 600_000, deleteTimeoutMs: Int = 600_000, createPerKind: [WaitKind: Int] = [:],
    deletePerKind: [WaitKind: Int] = [:], pollBaseMs: Int = 2_000, pollMaxMs: Int = 15_000
  ) {
    self.createTimeoutMs = createTimeoutMs
    self.deleteTimeoutMs = deleteTimeoutMs
    self.createPerKind = createPerKind
    self.deletePerKind = deletePerKind
    self.pollBaseMs = max(1, pollBaseMs)
    self.pollMaxMs = max(self.pollBaseMs, pollMaxMs)
  }

  public func timeoutMs(_ kind: WaitKind, deleting: Bool = false) -> Int {
    deleting ? deletePerKind[kind] ?? deleteTimeoutMs : createPerKind[kind] ?? createTimeoutMs
  }

  /// Millisecond polling for tests against a simulator with short delays.
  public static func fast(timeoutMs: Int = 5_000) -> WaitSettings {
    WaitSettings(createTimeoutMs: timeoutMs, deleteTimeoutMs: timeoutMs, pollBaseMs: 5, pollMaxMs: 40)
  }
}
