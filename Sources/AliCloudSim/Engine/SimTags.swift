import AliCloudCore

/// Tags: a create's `Tag.N.Key`/`Tag.N.Value` kept on the resource, and the same parameters of a
/// Describe action as a filter. VPC products report `{"Tag": [{Key, Value}]}`, ECS and SLB
/// `{"Tag": [{TagKey, TagValue}]}` (`Compute.tags`); the filter reads either.
extension SimContext {
  /// The create's tags in the VPC products' shape.
  var keyValueTags: JSONValue {
    let items: [JSONValue] = objects("Tag").compactMap { o in
      guard let k = o["Key"], !k.isEmpty else { return nil }
      return ["Key": .string(k), "Value": .string(o["Value"] ?? "")]
    }
    return ["Tag": .array(items)]
  }

  /// Whether `r` has every tag of the request's `Tag.N` filter; a key without a value matches
  /// any value. Without a filter every resource does.
  func hasTags(_ r: SimResource) -> Bool {
    let wanted = objects("Tag").filter { !($0["Key"] ?? "").isEmpty }
    guard !wanted.isEmpty else { return true }
    let have: [(String, String)] = (r["Tags"]?["Tag"]?.arrayValue ?? []).map { t in
      ((t["Key"] ?? t["TagKey"])?.stringValue ?? "", (t["Value"] ?? t["TagValue"])?.stringValue ?? "")
    }
    return wanted.allSatisfy { w in
      have.contains { $0.0 == w["Key"] && ((w["Value"] ?? "").isEmpty || $0.1 == w["Value"]) }
    }
  }
}
