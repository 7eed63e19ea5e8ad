/// Checks a request's parameters against the action's spec, as the gateway does: required
/// parameters present, no unknown names, numbers and booleans well formed.
enum Validation {
  /// Accepted on every action: the Java SDK adds `RegionId` to every call.
  static let alwaysAllowed: Set<String> = ["RegionId"]

  static func check(_ params: [String: String], spec: SimActionSpec) throws(SimError) {
    for p in spec.params where p.required {
      let present =
        params[p.name].map { !$0.isEmpty } ?? params.keys.contains { $0.hasPrefix(p.name + ".") }
      if !present { throw SimError.missingParameter(p.name) }
    }
    for name in params.keys.sorted() {
      if alwaysAllowed.contains(name) { continue }
      guard let p = resolve(name, spec: spec) else { throw SimError.unknownParameter(name, action: spec.action) }
      guard p.name == name, let value = params[name] else { continue }
      switch p.type {
      case .int where !value.isEmpty && Int(value) == nil:
        throw SimError.invalidParameter(name, "expected an integer, got \"\(value)\"")
      case .bool where !value.isEmpty && !["true", "false"].contains(value.lowercased()):
        throw SimError.invalidParameter(name, "expected true or false, got \"\(value)\"")
      case .float where !value.isEmpty && Double(value) == nil:
        throw SimError.invalidParameter(name, "expected a number, got \"\(value)\"")
      default: break
      }
    }
  }

  /// The spec parameter a wire name belongs to: `Name`, `Name.N`, `Name.N.Field`, `Name.Field`.
  static func resolve(_ name: String, spec: SimActionSpec) -> SimActionSpec.Param? {
    if let p = spec.param(name) { return p }
    let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard parts.count >= 2, let p = spec.param(parts[0]) else { return nil }
    func isIndex(_ s: String) -> Bool { !s.isEmpty && s.allSatisfy(\.isNumber) && (Int(s) ?? 0) >= 1 }
    switch p.type {
    case .listOfStrings:
      return parts.count == 2 && isIndex(parts[1]) ? p : nil
    case .listOfObjects:
      guard parts.count >= 3, isIndex(parts[1]) else { return nil }
      return p.fields.isEmpty || p.fields.contains(parts[2]) ? p : nil
    case .object, .map:
      return p.fields.isEmpty || p.fields.contains(parts[1]) ? p : nil
    default:
      return nil
    }
  }
}
