import AliCloudCatalog
import AliCloudCore
import AliCloudOps
import AliCloudWire
import Foundation

/// Resolves a method to a service method or an operation handler, validates params, and runs
/// the call. Used by socket sessions and usable by any other front end (the HTTP gateway).
public struct Dispatcher: Sendable {
  public enum Route: Sendable {
    /// Answered at once (service methods and every error found before running a handler).
    case immediate(Result<JSONValue, RPCError>)
    /// An operation to run with its handler.
    case operation(OperationSpec, OperationHandler)
  }

  public let handlers: [String: OperationHandler]
  /// The largest number of inputs one operation call may carry.
  public let maxInputs: Int
  let status: @Sendable () -> JSONValue
  let pending: @Sendable () -> JSONValue
  let logger: Logger
  static let discoverDocument = OpenRPC.document()
  static let pingResult: JSONValue = [
    "version": .string(Version.product), "protocolVersion": .string(Version.protocolVersion),
  ]

  public init(
    handlers: [String: OperationHandler], logger: Logger, maxInputs: Int = OperationSpec.defaultMaxInputs,
    pending: @escaping @Sendable () -> JSONValue = { ["pending": []] },
    status: @escaping @Sendable () -> JSONValue = { [:] }
  ) {
    self.handlers = handlers
    self.maxInputs = maxInputs
    self.logger = logger
    self.pending = pending
    self.status = status
  }

  public func route(method: String, params: JSONValue?) -> Route {
    switch method {
    case "daemon.ping":
      return .immediate(.success(Self.pingResult))
    case "daemon.status": return .immediate(.success(status()))
    case "daemon.pending": return .immediate(.success(pending()))
    case "rpc.discover": return .immediate(.success(Self.discoverDocument))
    default: break
    }
    guard let spec = Catalog.operation(named: method) else {
      return .immediate(.failure(.methodNotFound(method, suggestions: Catalog.suggestions(for: method))))
    }
    let body = params ?? .object([:])
    guard case .object = body else {
      return .immediate(.failure(.invalidParams(field: "params", "must be an object (the request body)")))
    }
    do {
      try spec.validateStructure(body, maxInputs: maxInputs)
    } catch {
      return .immediate(.failure(.invalidParams(field: error.field, error.message)))
    }
    guard let handler = handlers[spec.method] else { return .immediate(.failure(.noHandler(spec.method))) }
    return .operation(spec, handler)
  }

  /// The key a call of `method` is counted under in `daemon.status`: the service method or the
  /// operation's canonical name; every other name shares one key, so that bogus names cannot grow
  /// the counters.
  public static func statsKey(for method: String) -> String {
    if Catalog.serviceMethods.contains(where: { $0.name == method }) { return method }
    return Catalog.operation(named: method)?.method ?? unknownMethodKey
  }

  /// Where calls of unknown methods are counted.
  public static let unknownMethodKey = "(unknown)"

  /// Runs a handler, mapping whatever it throws to a wire error. Unknown errors are logged with
  /// a correlation id; the caller sees only the id.
  public func run(_ spec: OperationSpec, _ handler: OperationHandler, params: JSONValue, context: OperationContext)
    async
    -> Result<JSONValue, RPCError>
  {
    do {
      return .success(try await handler(params, context))
    } catch {
      if !(error is any RPCErrorConvertible) && Task.isCancelled { return .failure(.cancelled()) }
      let (wire, isInternal) = RPCError.from(error)
      if isInternal {
        context.logger.error(
          "operation failed unexpectedly",
          [
            "error.correlation_id": wire.data["correlationId"]?.stringValue ?? "",
            "error.detail": String(describing: error),
          ])
      }
      return .failure(wire)
    }
  }

}
