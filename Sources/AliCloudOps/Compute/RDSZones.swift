import AliCloudAPI
import AliCloudCore

extension CloudSession {
  /// The zone for CreateDBInstance: one zone as given; several zones (`[cn-hangzhou-b,cn-hangzhou-h]`)
  /// select the multi-zone id (`...MAZ...(b,h)`) offering all of them, narrowed by `regionGroup`;
  /// none (the guide marks `zoneId` optional) picks a zone of DescribeAvailableZones: the zone of
  /// `vSwitchId` when one is given (AliCloud wants the instance in its vSwitch's zone), else the
  /// first single zone offering the engine, version and category.
  func rdsZone(engine: String, version: String, category: String) async throws(OperationFailure) -> String {
    let zones = input.list("zoneId")
    if zones.count == 1 { return zones[0] }
    let suffixes = try zones.map { z throws(OperationFailure) -> String in
      let parts = z.split(separator: "-")
      guard parts.count == 3, parts[2].count == 1 else {
        throw OperationFailure.invalid("zoneId", "\"\(z)\" is not a zone id like cn-hangzhou-b")
      }
      return String(parts[2])
    }
    let r = try await call(
      .rds, "DescribeAvailableZones",
      ["Engine": .string(engine), "EngineVersion": .string(version), "Category": .string(category)])
    let ids = (r["AvailableZones"]?.arrayValue ?? []).compactMap { $0.text("ZoneId") }
    if zones.isEmpty {
      return try await defaultRDSZone(among: ids, engine: engine, version: version, category: category)
    }
    let group = cloud.regionGroup?.lowercased()
    let fit = ids.first { id in
      guard id.uppercased().contains("MAZ"), let open = id.firstIndex(of: "("), id.hasSuffix(")") else { return false }
      let children = id[id.index(after: open)..<id.index(before: id.endIndex)].split(separator: ",").map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      return suffixes.allSatisfy(children.contains) && (group.map { id.lowercased().contains($0) } ?? true)
    }
    guard let fit else {
      let maz = ids.filter { $0.uppercased().contains("MAZ") }
      throw OperationFailure(
        "no multi-zone id covers \(zones.joined(separator: ", "))"
          + (group.map { " in region group \($0)" } ?? "")
          + " (available: \(maz.isEmpty ? "none" : maz.joined(separator: ", ")))")
    }
    return fit
  }

  /// A single zone among `ids` (DescribeAvailableZones) for an input without `zoneId`.
  private func defaultRDSZone(
    among ids: [String], engine: String, version: String, category: String
  ) async throws(OperationFailure) -> String {
    let single = ids.filter { !$0.uppercased().contains("MAZ") }
    let offer = "\(engine) \(version) \(category)"
    if let vSwitch = input.list("vSwitchId").first {
      guard let zone = try await lookup(.vswitch, vSwitch)?.text("ZoneId") else {
        throw OperationFailure.invalid("vSwitchId", "vSwitch \(vSwitch) does not exist in this region")
      }
      guard single.contains(zone) else {
        throw OperationFailure(
          "zone \(zone) of vSwitch \(vSwitch) does not offer RDS \(offer)"
            + " (zones that do: \(single.isEmpty ? "none" : single.joined(separator: ", ")))")
      }
      return zone
    }
    guard let first = single.first else {
      throw OperationFailure("no zone of this region offers RDS \(offer); give zoneId")
    }
    return first
  }
}
