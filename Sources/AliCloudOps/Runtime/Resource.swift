import AliCloudAPI
import AliCloudCore

/// One kind of AliCloud resource, described once: where it lives, how one is read, which states
/// mean ready or failed, and how it is deleted. Every find, wait, delete and find-or-create of the
/// operations runs on these descriptions (`CloudSession+Resource.swift`); each family file
/// declares the kinds it manages (`Resource.vpc` in VPCOperations.swift, ...).
public struct Resource: Sendable {
  /// The kind's name: the key of its wait timeouts (`vpc`, `vm.delete`) and the name in messages.
  public let kind: WaitKind
  /// How messages name one (`VPC`, `vSwitch`, `RDS instance`).
  public let noun: String
  public let product: Product
  /// The Describe action that reads one by id.
  public let describe: String
  /// The Describe parameters that select `id`.
  public let query: @Sendable (_ id: String) -> [String: JSONValue]
  /// Where the items are in the Describe answer (`Vpcs.Vpc`).
  public let list: String
  /// Where the items are inside each element of `list`, for kinds listed inside their parent
  /// (route entries inside their route table); nil when `list` holds them.
  public let nested: String?
  /// The id field of an item (`VpcId`).
  public let idField: String
  /// The state field of an item (`Status`).
  public let stateField: String
  /// States in which a new or changed resource is ready; empty for kinds without states.
  public let ready: Set<String>
  /// States that end a wait for `ready` at once, with a failure.
  public let failed: Set<String>
  /// The delete action and the parameters it takes beyond those that select the resource.
  public let deleteAction: String?
  public let deleteExtra: [String: JSONValue]
  /// Whether the delete action takes a ClientToken.
  public let deleteTakesToken: Bool
  /// Codes that say the resource does not exist, beyond AliCloud's generic `*NotFound*`.
  public let notFoundCodes: Set<String>
  /// Codes that mean "busy, try again" for this kind's creates and deletes.
  public let busy: Set<String>

  public init(
    kind: WaitKind, noun: String, product: Product, describe: String,
    query: (@Sendable (String) -> [String: JSONValue])? = nil, list: String, nested: String? = nil,
    idField: String, stateField: String = "Status", ready: Set<String>, failed: Set<String> = [], deleteAction: String?,
    deleteExtra: [String: JSONValue] = [:], deleteTakesToken: Bool = false, notFoundCodes: Set<String> = [],
    busy: Set<String> = []
  ) {
    self.kind = kind
    self.noun = noun
    self.product = product
    self.describe = describe
    self.query = query ?? { [idField: .string($0)] }
    self.list = list
    self.nested = nested
    self.idField = idField
    self.stateField = stateField
    self.ready = ready
    self.failed = failed
    self.deleteAction = deleteAction
    self.deleteExtra = deleteExtra
    self.deleteTakesToken = deleteTakesToken
    self.notFoundCodes = notFoundCodes
    self.busy = busy
  }

  /// Whether `error` says the resource does not exist.
  public func isNotFound(_ error: AliCloudError) -> Bool {
    error.isNotFound || (error.kind == .service && notFoundCodes.contains(error.code))
  }

  /// The items of a Describe answer.
  public func items(in answer: JSONValue) -> [JSONValue] {
    let outer = answer.items(list)
    guard let nested else { return outer }
    return outer.flatMap { $0.items(nested) }
  }

  /// The state of an item of this kind.
  public func state(of item: JSONValue) -> String { item[stateField]?.stringValue ?? "" }

  /// The Describe parameters for ids given as the JSON text ECS takes (`InstanceIds`, `DiskIds`, ...).
  public static func jsonIdList(_ parameter: String) -> @Sendable (String) -> [String: JSONValue] {
    { id in [parameter: .string(JSONValue.array([.string(id)]).jsonString())] }
  }
}
