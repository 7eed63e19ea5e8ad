import AliCloudAPI
import AliCloudCore

/// A listener's protocol and port, and the backend servers of one input.
struct ListenerTarget {
  var loadBalancerId: String
  var proto: String
  var port: Int
  var servers: [(id: String, port: Int)]

  init(_ input: Input) throws(OperationFailure) {
    loadBalancerId = try input.require("loadBalancerId")
    proto = try input.oneOf("listenerProtocol") ?? ""
    guard !proto.isEmpty else { throw OperationFailure.missing(["listenerProtocol"]) }
    guard let p = try input.int("listenerPort", in: 1...65535) else { throw OperationFailure.missing(["listenerPort"]) }
    port = p
    let ids = input.list("hostIds")
    let ports = input.list("hostPorts")
    guard !ids.isEmpty else { throw OperationFailure.missing(["hostIds"]) }
    guard ids.count == ports.count else {
      throw OperationFailure(
        "hostIds has \(ids.count) items but hostPorts has \(ports.count); they pair up by position")
    }
    servers = try zip(ids, ports).map { id, text throws(OperationFailure) in
      guard let n = Int(text), (1...65535).contains(n) else {
        throw OperationFailure.invalid("hostPorts", "\"\(text)\" is not a port (1-65535)")
      }
      return (id, n)
    }
  }

  /// The servers not already in `existing` (pairs of server id and port), as SLB's JSON text.
  func serversJSON(excluding existing: Set<String> = []) -> String? {
    let items: [JSONValue] = servers.filter { !existing.contains("\($0.id):\($0.port)") }.map {
      ["ServerId": .string($0.id), "Port": .string(String($0.port)), "Weight": "100", "Type": "ecs"]
    }
    return items.isEmpty ? nil : JSONValue.array(items).jsonString()
  }
}

/// `load_balancer/backend_server/add` and `/remove`: listeners, VServer groups and their servers.
extension CloudSession {
  func listener(_ t: ListenerTarget) async throws(OperationFailure) -> JSONValue? {
    let r = try await call(
      .slb, "DescribeLoadBalancerListeners",
      [
        "LoadBalancerId": [.string(t.loadBalancerId)], "ListenerProtocol": .string(t.proto.lowercased()),
        "ListenerPort": .string(String(t.port)),
      ])
    return (r["Listeners"]?.arrayValue ?? []).first {
      $0.text("ListenerPort") == String(t.port)
        && ($0.text("ListenerProtocol")?.caseInsensitiveCompare(t.proto) ?? .orderedSame) == .orderedSame
    }
  }

  /// `serverId:port` of a group's current backend servers; nil when the group is gone.
  func groupServers(_ group: String) async throws(OperationFailure) -> Set<String>? {
    let r: JSONValue
    do {
      r = try await send(.slb, "DescribeVServerGroupAttribute", ["VServerGroupId": .string(group)])
    } catch  where error.isNotFound || error.code == "InvalidParameter.VServerGroupId" {
      return nil
    } catch {
      throw OperationFailure.cloud(error)
    }
    return Set(
      r.items("BackendServers.BackendServer").compactMap { s in
        s.text("ServerId").map { "\($0):\(s.text("Port") ?? "")" }
      })
  }

  func addBackendServers() async throws(OperationFailure) -> [String: JSONValue] {
    let t = try ListenerTarget(input)
    let bandwidth = try input.int("bandwidth")
    guard let bandwidth else { throw OperationFailure.missing(["bandwidth"]) }
    guard bandwidth == -1 || (1...5120).contains(bandwidth) else {
      throw OperationFailure.invalid("bandwidth", "\(bandwidth) is not -1 or 1-5120")
    }
    guard try await lookup(.loadBalancer, t.loadBalancerId) != nil else {
      throw OperationFailure("load balancer \(t.loadBalancerId) does not exist in \(region)")
    }
    let name = input.string("vServerGroupName") ?? "\(t.proto.lowercased())-\(t.port)"
    var requestId: String? = nil
    let group: String
    if let existing = try await listener(t) {
      guard let g = existing.text("VServerGroupId") else {
        throw OperationFailure(
          "listener \(t.proto):\(t.port) of \(t.loadBalancerId) forwards to the default server group, not a "
            + "VServer group; delete it or give another listenerPort")
      }
      group = g
      let current = try await groupServers(g) ?? []
      if let servers = t.serversJSON(excluding: current) {
        let r = try await call(
          .slb, "AddVServerGroupBackendServers", ["VServerGroupId": .string(g), "BackendServers": .string(servers)],
          retryOn: LoadBalancerOperations.busy, keeping: ["vServerGroupId": .string(g)])
        requestId = r.text("RequestId")
      }
    } else {
      let out = try await createGroupAndListener(t, name: name, bandwidth: bandwidth)
      group = out.0
      requestId = out.1
    }
    let out = outputs(["vServerGroupId": group, "requestId": requestId])
    if try await listener(t)?.text("Status") != "running" {
      _ = try await call(
        .slb, "StartLoadBalancerListener",
        [
          "LoadBalancerId": .string(t.loadBalancerId), "ListenerPort": .string(String(t.port)),
          "ListenerProtocol": .string(t.proto.lowercased()),
        ],
        retryOn: LoadBalancerOperations.busy, keeping: out)
    }
    return out
  }

  /// A VServer group named `name` (reused when it exists) and a listener forwarding to it.
  func createGroupAndListener(_ t: ListenerTarget, name: String, bandwidth: Int) async throws(OperationFailure)
    -> (String, String?)
  {
    guard t.proto != "HTTPS" else {
      throw OperationFailure(
        "an HTTPS listener needs a server certificate, which these inputs do not carry; create the HTTPS listener "
          + "with its VServer group first, then add servers to it")
    }
    let groups = try await call(.slb, "DescribeVServerGroups", ["LoadBalancerId": .string(t.loadBalancerId)])
    var group = groups.items("VServerGroups.VServerGroup").first { $0.text("VServerGroupName") == name }?.text(
      "VServerGroupId")
    var requestId: String? = nil
    if let g = group {
      if let servers = t.serversJSON(excluding: try await groupServers(g) ?? []) {
        _ = try await call(
          .slb, "AddVServerGroupBackendServers", ["VServerGroupId": .string(g), "BackendServers": .string(servers)],
          retryOn: LoadBalancerOperations.busy)
      }
    } else {
      // CreateVServerGroup takes no ClientToken: sent once, and after a lost answer the group is
      // looked for by name before it is created again.
      let params: [String: JSONValue] = [
        "LoadBalancerId": .string(t.loadBalancerId), "VServerGroupName": .string(name),
        "BackendServers": .string(t.serversJSON() ?? "[]"),
      ]
      while group == nil {
        do {
          let r = try await send(.slb, "CreateVServerGroup", params, retryOn: LoadBalancerOperations.busy, once: true)
          group = r.text("VServerGroupId")
          requestId = r.text("RequestId")
          break
        } catch  where error.mayHaveApplied {
          let groups = try await call(.slb, "DescribeVServerGroups", ["LoadBalancerId": .string(t.loadBalancerId)])
          group = groups.items("VServerGroups.VServerGroup").first { $0.text("VServerGroupName") == name }?.text(
            "VServerGroupId")
        } catch {
          throw OperationFailure.cloud(error)
        }
      }
    }
    guard let group else { throw OperationFailure("CreateVServerGroup answered without a VServerGroupId") }
    var params: [String: JSONValue] = [
      "LoadBalancerId": .string(t.loadBalancerId), "ListenerPort": .string(String(t.port)),
      "VServerGroupId": .string(group), "Bandwidth": .string(String(bandwidth)),
    ]
    if t.proto == "HTTP" {
      params["HealthCheck"] = "on"
      params["StickySession"] = "off"
    }
    _ = try await call(
      .slb, "CreateLoadBalancer\(t.proto)Listener", params, retryOn: LoadBalancerOperations.busy,
      keeping: ["vServerGroupId": .string(group)],
      done: { () throws(OperationFailure) in try await self.listener(t) != nil })
    return (group, requestId)
  }

  func removeBackendServers() async throws(OperationFailure) -> [String: JSONValue] {
    let t = try ListenerTarget(input)
    let group = try input.require("vServerGroupId")
    let deleteListener: Bool
    switch try input.require("deleteListener").lowercased() {
    case "y", "yes", "true": deleteListener = true
    case "n", "no", "false": deleteListener = false
    default: throw OperationFailure.invalid("deleteListener", "must be Y or N")
    }
    var requestId: String? = nil
    var removed: [String] = []
    let current = try await groupServers(group)
    if let current {
      let present = Set(t.servers.map { "\($0.id):\($0.port)" }).intersection(current)
      let items: [JSONValue] = t.servers.filter { present.contains("\($0.id):\($0.port)") }.map {
        ["ServerId": .string($0.id), "Port": .string(String($0.port)), "Weight": "100", "Type": "ecs"]
      }
      removed = t.servers.filter { present.contains("\($0.id):\($0.port)") }.map { "\($0.id):\($0.port)" }
      if !items.isEmpty {
        let r = try await call(
          .slb, "RemoveVServerGroupBackendServers",
          ["VServerGroupId": .string(group), "BackendServers": .string(JSONValue.array(items).jsonString())],
          retryOn: LoadBalancerOperations.busy)
        requestId = r.text("RequestId")
      }
    }
    if deleteListener, try await listener(t) != nil {
      _ = try await callRetryingConflicts(
        .slb, "DeleteLoadBalancerListener",
        [
          "LoadBalancerId": .string(t.loadBalancerId), "ListenerPort": .string(String(t.port)),
          "ListenerProtocol": .string(t.proto.lowercased()),
        ],
        kind: .loadBalancer, what: "deleting listener \(t.proto):\(t.port)", alsoRetry: LoadBalancerOperations.busy,
        done: { () throws(OperationFailure) in try await self.listener(t) == nil })
    }
    if deleteListener, current != nil {
      _ = try await callRetryingConflicts(
        .slb, "DeleteVServerGroup", ["VServerGroupId": .string(group)], kind: .loadBalancer,
        what: "deleting \(group)", alsoRetry: LoadBalancerOperations.busy.union(["RspoolVipExist"]),
        done: { () throws(OperationFailure) in try await self.groupServers(group) == nil })
    }
    return outputs([
      "requestId": requestId, "vServerGroupId": group, "backendServers": "[" + removed.joined(separator: ",") + "]",
    ])
  }
}
