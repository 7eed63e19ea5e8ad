import AliCloudAPI
import AliCloudCore

/// EIPs of SNAT entries are bound to and unbound from their NAT gateway implicitly.
extension CloudSession {
  func findEip(address ip: String) async throws(OperationFailure) -> JSONValue? {
    do {
      let r = try await send(.vpc, "DescribeEipAddresses", ["EipAddress": .string(ip)])
      return r.items("EipAddresses.EipAddress").first { $0.text("IpAddress") == ip }
    } catch  where error.isNotFound {
      return nil
    } catch {
      throw OperationFailure.cloud(error)
    }
  }

  /// Associates each address's EIP with the NAT gateway (skipping those already on it) and
  /// returns the allocation ids it newly associated.
  func bindToNat(_ ips: [String], nat: String) async throws(OperationFailure) -> [String] {
    var bound: [String] = []
    for ip in ips {
      guard let eip = try await findEip(address: ip), let id = eip.text("AllocationId") else {
        throw OperationFailure("no EIP has the address \(ip) in \(region)")
      }
      if let owner = eip.text("InstanceId") {
        if owner == nat {
          // Bound by an earlier attempt of this input, perhaps still associating.
          try await waitWhile(.eip, id, leaving: ["Associating"])
          continue
        }
        throw OperationFailure("the EIP \(ip) (\(id)) is associated with \(owner), not with \(nat)")
      }
      _ = try await call(
        .vpc, "AssociateEipAddress",
        ["AllocationId": .string(id), "InstanceId": .string(nat), "InstanceType": "Nat"], idempotent: true,
        tokenKey: id, retryOn: CloudSession.conflictCodes)
      try await waitWhile(.eip, id, leaving: ["Associating"])
      bound.append(id)
    }
    return bound
  }

  /// Unassociates each address's EIP from the NAT gateway unless another SNAT entry of the
  /// gateway still uses it, or it is not on this gateway.
  func unbindFromNat(_ ips: [String], nat: String, snatTable: String) async throws(OperationFailure) {
    let entries = try await call(
      .vpc, "DescribeSnatTableEntries", ["SnatTableId": .string(snatTable), "PageSize": 100])
    let inUse = Set(
      entries.items("SnatTableEntries.SnatTableEntry").flatMap { ListSyntax.split($0.text("SnatIp") ?? "") })
    for ip in ips where !inUse.contains(ip) {
      guard let eip = try await findEip(address: ip), let id = eip.text("AllocationId"), eip.text("InstanceId") == nat
      else { continue }
      _ = try await callRetryingConflicts(
        .vpc, "UnassociateEipAddress",
        ["AllocationId": .string(id), "InstanceId": .string(nat), "InstanceType": "Nat"],
        kind: .eip, what: "unassociating \(ip) from \(nat)", idempotent: true, tokenKey: id)
      try await waitWhile(.eip, id, leaving: ["Unassociating"])
    }
  }
}
