import AliCloudCore
import Dispatch
import Foundation
import Synchronization

extension Client {
  /// Calls `method` with Encodable params and decodes the result.
  public func call<Params: Encodable, Result: Decodable>(
    _ method: String, params: Params, as type: Result.Type = Result.self,
    progress: (@Sendable (JSONValue) -> Void)? = nil, timeout: Duration? = nil
  ) async throws(ClientError) -> Result {
    let json: JSONValue
    do {
      json = try JSONValue.parse(JSONEncoder().encode(params))
    } catch {
      throw .decoding("cannot encode params for \(method): \(error)")
    }
    let result = try await call(method, params: json, progress: progress, timeout: timeout)
    do {
      return try JSONDecoder().decode(Result.self, from: result.jsonData())
    } catch {
      throw .decoding("cannot decode the result of \(method) as \(Result.self): \(error)")
    }
  }

  /// Calls from synchronous code (a CLI's main). Do not call from inside an async task.
  /// `interrupt`, when given, can cancel the call from another thread (a signal handler): a
  /// `$/cancelRequest` goes to the daemon and its final reply is still returned.
  public func callBlocking(
    _ method: String, params: JSONValue = [:], progress: (@Sendable (JSONValue) -> Void)? = nil,
    timeout: Duration? = nil, interrupt: CallInterrupt? = nil
  ) throws(ClientError) -> JSONValue {
    let box = ResultBox()
    let done = DispatchSemaphore(value: 0)
    let task = Task {
      do throws(ClientError) {
        box.set(.success(try await self.call(method, params: params, progress: progress, timeout: timeout)))
      } catch {
        box.set(.failure(error))
      }
      done.signal()
    }
    interrupt?.attach(task)
    done.wait()
    return try box.get()
  }
}

/// Cancels a blocking call from another thread; the call then returns the daemon's final reply.
public final class CallInterrupt: Sendable {
  private let state = Mutex<(task: Task<Void, Never>?, requested: Bool)>((nil, false))

  public init() {}

  /// Whether `cancel()` was called.
  public var requested: Bool { state.withLock { $0.requested } }

  public func cancel() {
    let task = state.withLock { s -> Task<Void, Never>? in
      s.requested = true
      return s.task
    }
    task?.cancel()
  }

  func attach(_ task: Task<Void, Never>) {
    let cancel = state.withLock { s -> Bool in
      s.task = task
      return s.requested
    }
    if cancel { task.cancel() }
  }
}

/// Hands a result from the task to the blocked caller.
final class ResultBox: Sendable {
  private let value = Mutex<Swift.Result<JSONValue, ClientError>>(.failure(.connectionClosed))
  func set(_ r: Swift.Result<JSONValue, ClientError>) { value.withLock { $0 = r } }
  func get() throws(ClientError) -> JSONValue { try value.withLock { $0 }.get() }
}
