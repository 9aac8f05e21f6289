import Dispatch
import Foundation

/// Runs an async call to completion from synchronous code, the calling thread waiting for it. Only for
/// threads of our own (a projection runner's page reader, a synchronous command): never on a thread of
/// Swift's cooperative pool or of an event loop, which the call itself may need.
enum BlockingCall {
    static func run<T: Sendable>(_ call: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Outcome<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { outcome.set(.success(try await call())) } catch { outcome.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return try outcome.get()
    }

    private final class Outcome<T: Sendable>: @unchecked Sendable {
        // @unchecked: `result` is written once before the semaphore is signalled and read after it.
        private let lock = NSLock()
        private var result: Result<T, any Error>?

        func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }
        func get() throws -> T { try lock.withLock { result! }.get() }
    }
}
