import AliCloudCore
import Foundation

/// One handled request, for `/__sim/requests` and tests.
public struct SimRequestRecord: Sendable {
  public var sequence: Int
  public var time: Date
  public var connectionID: Int
  public var action: String
  public var product: String
  public var version: String
  public var signing: String
  public var accessKeyId: String
  /// The action parameters, secrets replaced.
  public var params: [String: String]
  public var httpStatus: Int
  /// The error code when the answer was an error.
  public var code: String?
  public var fault: SimFaultKind?

  public var json: JSONValue {
    var o: [String: JSONValue] = [
      "sequence": .int(sequence), "time": .string(SimTime.format(time)), "connection": .int(connectionID),
      "action": .string(action), "product": .string(product), "version": .string(version),
      "signing": .string(signing), "accessKeyId": .string(accessKeyId),
      "params": .object(params.mapValues { .string($0) }), "httpStatus": .int(httpStatus),
    ]
    if let code { o["code"] = .string(code) }
    if let fault { o["fault"] = .string(fault.rawValue) }
    return .object(o)
  }
}

/// Counters for `/__sim/stats`.
public struct SimStats: Sendable, Equatable {
  public var requests = 0
  public var errors = 0
  public var byAction: [String: Int] = [:]
  public var byCode: [String: Int] = [:]
  public var faults: [String: Int] = [:]
  public var idempotentReplays = 0
  /// Requests answered `Throttling.User` by the flow-control limits (`flowInFlight`, `flowPerSecond`).
  public var flowThrottled = 0
  /// The most API requests being answered at once, in all and per action.
  public var peakInFlight = 0
  public var peakInFlightByAction: [String: Int] = [:]

  public var json: JSONValue {
    [
      "requests": .int(requests), "errors": .int(errors), "byAction": .object(byAction.mapValues { .int($0) }),
      "byCode": .object(byCode.mapValues { .int($0) }), "faults": .object(faults.mapValues { .int($0) }),
      "idempotentReplays": .int(idempotentReplays), "flowThrottled": .int(flowThrottled),
      "peakInFlight": .int(peakInFlight), "peakInFlightByAction": .object(peakInFlightByAction.mapValues { .int($0) }),
    ]
  }
}
