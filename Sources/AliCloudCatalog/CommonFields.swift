/// The fields every input and every output carries (the envelope of the product specification,
/// section 4), and small builders that keep the per-family operation files short.
extension FieldSpec {
  /// A required string input.
  static func req(
    _ name: String, _ description: String, aliases: [String] = [], maxBytes: Int = FieldSpec.defaultMaxBytes
  ) -> FieldSpec {
    FieldSpec(name, .string, required: true, description, aliases: aliases, maxBytes: maxBytes)
  }

  /// An optional string input, or an output field.
  static func opt(
    _ name: String, _ description: String, aliases: [String] = [], maxBytes: Int = FieldSpec.defaultMaxBytes
  ) -> FieldSpec {
    FieldSpec(name, .string, required: false, description, aliases: aliases, maxBytes: maxBytes)
  }

  /// The idempotency key of a create: when it names an existing resource, nothing is created.
  static func existing(_ name: String, _ what: String) -> FieldSpec {
    .opt(name, "\(what) ID; when set and the \(what) exists, nothing is created and its details are returned")
  }
}

enum CommonFields {
  /// Inputs that lead every input object. The guide marks `guid` and `identityParams` required; in
  /// practice `guid` may be empty (it is only echoed) and an empty `identityParams` selects the
  /// daemon's default credentials.
  static let leadingInputs: [FieldSpec] = [
    .opt("guid", "Globally unique CI id of the caller (WeCube); echoed in the output"),
    .opt(
      "identityParams",
      "Credentials: accessKeyId=...;secret=...[;securityToken=...], or profile=NAME (a profile of the daemon's ~/.aliyun/config.json), or roleArn=ARN[;roleSessionName=...][;externalId=...][;durationSeconds=...] (a role assumed from the keys, the profile or the default credentials); empty: the daemon's default credentials",
      maxBytes: 16384),  // an STS security token alone can run to a few thousand bytes
    .req(
      "cloudParams",
      "Cloud parameters: regionId=...[;regionGroup=...]; without regionId: the daemon's default region (ALIBABA_CLOUD_REGION_ID, else the profile's region_id)"
    ),
  ]

  /// Inputs that close every input object.
  static let trailingInputs: [FieldSpec] = [
    .opt("callbackParameter", "Opaque value echoed unchanged in the output")
  ]

  static let leadingOutputs: [FieldSpec] = [
    .opt("guid", "The input's guid")
  ]

  static let trailingOutputs: [FieldSpec] = [
    .opt("callbackParameter", "The input's callbackParameter"),
    .opt("errorCode", "\"0\" on success, \"1\" on failure"),
    .opt("errorMessage", "Why this input failed; empty on success"),
    .opt("requestId", "AliCloud request id of the last cloud call, when one was made"),
  ]

  /// Top-level request fields besides `inputs`.
  static let requestFields: [FieldSpec] = [
    .opt("requestId", "Caller's request id; logged with the call (call.request_id), not otherwise used"),
    .opt("operator", "Caller's operator name; logged with the call (call.operator), not otherwise used"),
    FieldSpec(
      "progressToken", .string, required: false,
      "When present, long operations send $/progress notifications carrying this token (string or integer)"),
  ]
}

extension OperationSpec {
  /// An operation with the common envelope fields around its own.
  static func make(
    _ method: String, family: String, effect: Effect = .change, _ summary: String, inputs: [FieldSpec],
    outputs: [FieldSpec] = []
  ) -> OperationSpec {
    OperationSpec(
      method: method, family: family, effect: effect, summary: summary,
      inputs: CommonFields.leadingInputs + inputs + CommonFields.trailingInputs,
      outputs: CommonFields.leadingOutputs + outputs + CommonFields.trailingOutputs)
  }
}
