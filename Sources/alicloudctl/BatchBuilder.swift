import AliCloudCatalog
import AliCloudCore

/// Turns an operation's `--<field> VALUE` flags into the request body `{"inputs":[...]}`.
///
/// Grammar: each flag sets a field of the current input. A new input starts at `--next`, at
/// `--input JSON` (a whole input object), or when the current input already has that field, so
/// `--vpcName a --vpcName b` makes two inputs. `--identityParams` and `--cloudParams` written
/// before any other field apply to every input that does not set its own; after that they belong to
/// the current input. Inputs still without them get `--region` (`regionId=...`) or the environment
/// (`ALICLOUD_CLOUD_PARAMS`, `ALICLOUD_IDENTITY_PARAMS`).
struct BatchBuilder {
  static let sharedFields = ["identityParams", "cloudParams"]

  var operation: OperationSpec
  /// Defaults for `identityParams` and `cloudParams`.
  var defaults: [String: String] = [:]

  /// Defaults from the environment and `--region`.
  static func defaults(environment: [String: String], region: String?) -> [String: String] {
    var result: [String: String] = [:]
    if let v = environment["ALICLOUD_IDENTITY_PARAMS"], !v.isEmpty { result["identityParams"] = v }
    if let region {
      result["cloudParams"] = "regionId=" + region
    } else if let v = environment["ALICLOUD_CLOUD_PARAMS"], !v.isEmpty {
      result["cloudParams"] = v
    }
    return result
  }

  /// Every flag name the operation accepts, with its `--`.
  var flagNames: [String] {
    operation.inputs.flatMap(\.allNames).map { "--" + $0 } + ["--next", "--input"]
  }

  func build(_ flags: [Invocation.Flag]) throws(UsageError) -> JSONValue {
    var shared: [String: JSONValue] = [:]
    var inputs: [[String: JSONValue]] = []
    var current: [String: JSONValue]?
    for flag in flags {
      switch flag.name {
      case "next":
        inputs.append(current ?? [:])
        current = [:]
      case "input":
        guard let text = flag.value else { throw UsageError("--input needs a JSON object") }
        if let c = current, !c.isEmpty { inputs.append(c) }
        inputs.append(try Self.inputObject(FileValues.resolve(text, flag: "--input")))
        current = nil
      default:
        guard let field = operation.inputs.first(where: { $0.allNames.contains(flag.name) }) else {
          throw UsageError.unknown(
            "option", "--" + flag.name,
            suggestions: Suggest.nearest(to: "--" + flag.name, among: flagNames + GlobalOptions.allNames))
        }
        guard let text = flag.value else { throw UsageError("--\(flag.name) needs a value") }
        let value = JSONValue.string(try FileValues.resolve(text, flag: "--" + flag.name))
        if Self.sharedFields.contains(field.name), current == nil, inputs.isEmpty {
          shared[flag.name] = value
          continue
        }
        var input = current ?? [:]
        if field.allNames.contains(where: { input[$0] != nil }) {
          inputs.append(input)
          input = [:]
        }
        input[flag.name] = value
        current = input
      }
    }
    if let current { inputs.append(current) }
    if inputs.isEmpty { inputs = [[:]] }
    let filled = inputs.map(fillDefaults(shared: shared))
    return ["inputs": .array(filled.map { .object($0) })]
  }

  private func fillDefaults(shared: [String: JSONValue]) -> ([String: JSONValue]) -> [String: JSONValue] {
    { input in
      var input = input
      for name in Self.sharedFields where input[name] == nil {
        if let v = shared[name] {
          input[name] = v
        } else if let v = defaults[name] {
          input[name] = .string(v)
        }
      }
      return input
    }
  }

  static func inputObject(_ text: String) throws(UsageError) -> [String: JSONValue] {
    let value: JSONValue
    do {
      value = try JSONValue.parse(text)
    } catch {
      throw UsageError("--input is not valid JSON: \(error.message)")
    }
    guard case .object(let object) = value else {
      throw UsageError("--input must be a JSON object, not \(value.typeName)")
    }
    return object
  }
}
