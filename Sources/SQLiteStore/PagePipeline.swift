import Dispatch
import Foundation

/// Runs a producer of pages on its own thread, at most `depth` pages ahead of the consumer, so that
/// reading and decoding the next page of events overlaps with folding the current one.
final class PagePipeline<Page>: @unchecked Sendable {
    // @unchecked: `pages`, `finished` and `failure` are only touched under `lock`; the semaphores
    // order producer and consumer.
    private let lock = NSLock()
    private var pages: [Page] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private let ready = DispatchSemaphore(value: 0)
    private let room: DispatchSemaphore

    /// `produce` returns the next page, or nil when there is none; it runs on a background thread.
    init(depth: Int = 2, produce: @escaping @Sendable () throws -> Page?) {
        // Created at 0 and signalled up to `depth`: libdispatch traps when a semaphore is released below
        // the value it was created with, which a consumer that gives up early (a fold that throws) leaves.
        room = DispatchSemaphore(value: 0)
        for _ in 0..<depth { room.signal() }
        Thread.detachNewThread { [self] in
            while true {
                room.wait()
                if lock.withLock({ cancelled }) { break }
                do {
                    guard let page = try produce() else { break }
                    lock.withLock { pages.append(page) }
                    ready.signal()
                } catch {
                    lock.withLock { failure = error }
                    break
                }
            }
            lock.withLock { finished = true }
            ready.signal()
        }
    }

    /// The next page in order, nil after the last one; rethrows the producer's error.
    func next() throws -> Page? {
        ready.wait()
        return try lock.withLock {
            if !pages.isEmpty {
                room.signal()
                return pages.removeFirst()
            }
            if let failure { throw failure }
            ready.signal()  // stay signalled: every later call also ends here
            return nil
        }
    }

    /// Stops the producer after its current page (when the consumer gives up early).
    func cancel() {
        lock.withLock { cancelled = true }
        room.signal()
    }
}
