import AliCloudAPI
import AliCloudCore

/// The one place that knows, for each write action the operations send without a ClientToken
/// AliCloud de-duplicates, how to read back from the cloud whether it was carried out. It is asked
/// when a call fails after an attempt whose answer may have been lost (a reset connection, a
/// timeout): a transition already made (Running after a lost StartInstance, an EIP InUse after a
/// lost AssociateEipAddress) or under way is the call's success, whatever the later attempts
/// answered (`IncorrectInstanceStatus`, a conflict, throttling until the attempts ran out).
/// Deletes are covered by `CloudSession.delete` (the resource gone is success), creates by
/// their ClientTokens; a call site may still pass its own `done`, which is asked instead.
struct LostAnswer: Sendable {
  /// The kind the action changes, and the parameter that names the resource.
  let resource: Resource
  let idParameter: String
  /// Whether the item read shows the action carried out, given the call's parameters.
  let shows: @Sendable (_ item: JSONValue, _ params: [String: JSONValue]) -> Bool

  init(_ resource: Resource, _ idParameter: String, states: Set<String>, sameAs fields: [String] = []) {
    self.resource = resource
    self.idParameter = idParameter
    self.shows = { item, params in
      states.contains(resource.state(of: item))
        && fields.allSatisfy { item.text($0) == params[$0]?.stringValue }
    }
  }

  init(
    _ resource: Resource, _ idParameter: String,
    shows: @escaping @Sendable (_ item: JSONValue, _ params: [String: JSONValue]) -> Bool
  ) {
    self.resource = resource
    self.idParameter = idParameter
    self.shows = shows
  }

  /// Every write action of the operations that takes no ClientToken and changes a state, or whose
  /// token AliCloud may not honour across a lost answer, by action name.
  static let byAction: [String: LostAnswer] = [
    "StartInstance": LostAnswer(.instance, "InstanceId", states: ["Starting", "Running"]),
    "StopInstance": LostAnswer(.instance, "InstanceId", states: ["Stopping", "Stopped"]),
    "AttachDisk": LostAnswer(.disk, "DiskId", states: ["Attaching", "In_use"], sameAs: ["InstanceId"]),
    "DetachDisk": LostAnswer(.disk, "DiskId", states: ["Detaching", "Available"]),
    "AssociateEipAddress": LostAnswer(.eip, "AllocationId", states: ["Associating", "InUse"], sameAs: ["InstanceId"]),
    "UnassociateEipAddress": LostAnswer(.eip, "AllocationId", states: ["Unassociating", "Available"]),
    "AddCommonBandwidthPackageIp": LostAnswer(.eip, "IpInstanceId") { item, params in
      item.text("BandwidthPackageId") == params["BandwidthPackageId"]?.stringValue
    },
    "RemoveCommonBandwidthPackageIp": LostAnswer(.eip, "IpInstanceId") { item, params in
      item.text("BandwidthPackageId") != params["BandwidthPackageId"]?.stringValue
    },
  ]
}

extension CloudSession {
  /// The standard check of `action` with `params`, or nil when the table has none.
  func lostAnswerCheck(_ action: String, _ params: [String: JSONValue]) -> DoneCheck? {
    guard let entry = LostAnswer.byAction[action], let id = params[entry.idParameter]?.stringValue else { return nil }
    return { () throws(OperationFailure) -> Bool in
      guard let item = try await self.lookup(entry.resource, id) else { return false }
      return entry.shows(item, params)
    }
  }
}
