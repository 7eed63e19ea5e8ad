import AliCloudCore

/// The type of one input or output field, as the API guide documents it.
public enum FieldType: String, Sendable, Codable {
  case string, integer, number, boolean, array, object
}

/// One input or output field of an operation.
public struct FieldSpec: Sendable, Hashable {
  public var name: String
  public var type: FieldType
  public var required: Bool
  public var description: String
  /// Other names accepted for this field (the original plugin's names), e.g. `policyType` for `actionType`.
  public var aliases: [String]
  /// The largest text value accepted for this field, in UTF-8 bytes (protocol/README.md §4).
  public var maxBytes: Int
  /// The values the field may take (compared ignoring case); empty when any text goes. A
  /// `listed` field holds a list (`[a,b]`), each of whose items must be one of them.
  public var values: [String] = []
  public var listed = false

  /// The largest text of one input field unless the field says otherwise.
  public static let defaultMaxBytes = 4096
  /// The limit of fields that carry a list (whitelists, backend hosts, tags): up to a thousand entries.
  public static let listMaxBytes = 65536

  public init(
    _ name: String, _ type: FieldType = .string, required: Bool = false, _ description: String,
    aliases: [String] = [], maxBytes: Int = FieldSpec.defaultMaxBytes
  ) {
    self.name = name
    self.type = type
    self.required = required
    self.description = description
    self.aliases = aliases
    self.maxBytes = maxBytes
  }

  /// The canonical name first, then the aliases.
  public var allNames: [String] { [name] + aliases }

  /// This field, taking only `values` (each item of a list when `listed`).
  public func oneOf(_ values: [String], listed: Bool = false) -> FieldSpec {
    var f = self
    f.values = values
    f.listed = listed
    return f
  }

  /// The declared value `text` matches, in its declared spelling; nil when it matches none.
  public func canonical(_ text: String) -> String? {
    values.first { $0.caseInsensitiveCompare(text) == .orderedSame }
  }
}

/// One documented operation: its method name (the path without `/alicloud/v1/`), inputs and outputs.
public struct OperationSpec: Sendable, Hashable {
  /// `vpc/create`, `vswitch/create/route_table/bind`, ...
  public var method: String
  /// The resource family, for grouping in help and docs (`vpc`, `vswitch`, `nat`, ...).
  public var family: String
  /// What the operation does to the resource its input's guid names.
  public var effect: Effect
  public var summary: String
  public var inputs: [FieldSpec]
  public var outputs: [FieldSpec]

  /// What an operation does, which decides how a re-sent call is treated (docs/operations.md).
  public enum Effect: String, Sendable, Hashable {
    /// Makes a resource: a re-send within the journal's window is the same create (the same
    /// ClientTokens), and once finished answers the recorded outputs.
    case create
    /// Changes one: a re-send while it runs joins it; once finished, repeats it.
    case change
    /// Deletes one: like a change, and it ends the guid's earlier creates, so a later create
    /// with the guid makes a new resource.
    case delete
    /// Reads and changes nothing: never journaled; a re-send reads again.
    case read
  }

  public init(
    method: String, family: String, effect: Effect = .change, summary: String, inputs: [FieldSpec],
    outputs: [FieldSpec]
  ) {
    self.method = method
    self.family = family
    self.effect = effect
    self.summary = summary
    self.inputs = inputs
    self.outputs = outputs
  }

  /// The input field named `name` (or by one of its aliases).
  public func input(named name: String) -> FieldSpec? { inputs.first { $0.allNames.contains(name) } }

  /// `/alicloud/v1/<method>`, the HTTP path and the method's alias on the socket.
  public var path: String { "/alicloud/v1/" + method }
}
