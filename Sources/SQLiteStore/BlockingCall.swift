import Dispatch
import Foundation

/// Runs an async call to completion from synchronous code, the calling thread waiting for it. Only for
/// threads that may block: a projection runner's page reader, whose consumer may itself be waiting on a
/// thread of Swift's cooperative pool. The call's jobs therefore run on a dispatch queue of their own
/// (``DispatchTaskExecutor``), never on that pool: with every pool thread waiting for a page — two, on a
/// two-core machine serving two requests — a call scheduled there would never run.
enum BlockingCall {
    static func run<T: Sendable>(_ call: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Outcome<T>()
        let done = DispatchSemaphore(value: 0)
        let body: @Sendable () async -> Void = {
            do { outcome.set(.success(try await call())) } catch { outcome.set(.failure(error)) }
            done.signal()
        }
        if #available(macOS 15.0, *) {
            Task.detached(executorPreference: DispatchTaskExecutor.shared, operation: body)
        } else {
            Task.detached(operation: body)
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

/// A task executor whose jobs run on a concurrent dispatch queue: threads apart from the cooperative pool.
@available(macOS 15.0, *)
final class DispatchTaskExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: the queue is thread-safe and never replaced.
    static let shared = DispatchTaskExecutor()
    private let queue = DispatchQueue(label: "bagalau.blocking-call", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
