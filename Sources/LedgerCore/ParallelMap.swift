import Dispatch
import Foundation

/// Maps `0..<count` on every core, keeping the order of the results. For the ledger's bulk paths
/// (import parsing, payload canonicalisation), where each item is independent of the others; below
/// `sequentialBelow` items the work stays on the calling thread.
package func parallelMap<Element>(count: Int, sequentialBelow: Int = 512, _ transform: (Int) -> Element) -> [Element] {
    if count < sequentialBelow { return (0..<count).map(transform) }
    let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let chunk = (count + workers * 4 - 1) / (workers * 4)
    let slots = Slots<Element>(count: count)
    withoutActuallyEscaping(transform) { body in
        let box = UncheckedBox(body)
        DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { part in
            for index in (part * chunk)..<min(count, (part + 1) * chunk) { slots.set(index, box.value(index)) }
        }
    }
    return slots.collect()
}

/// A fixed buffer that concurrent workers fill at distinct indices.
private final class Slots<Element>: @unchecked Sendable {
    // @unchecked: each index is written by exactly one worker; `collect` runs after all have joined.
    private let buffer: UnsafeMutablePointer<Element>
    private let count: Int

    init(count: Int) {
        self.count = count
        buffer = .allocate(capacity: count)
    }

    func set(_ index: Int, _ value: Element) { (buffer + index).initialize(to: value) }

    func collect() -> [Element] {
        defer { buffer.deallocate() }
        return Array(unsafeUninitializedCapacity: count) { target, initialized in
            target.baseAddress!.moveInitialize(from: buffer, count: count)
            initialized = count
        }
    }
}

/// Carries a non-Sendable closure into `concurrentPerform`, whose workers only read it.
private struct UncheckedBox<Value>: @unchecked Sendable {
    // @unchecked: the closures boxed here capture only immutable inputs and write to distinct slots.
    let value: Value
    init(_ value: Value) { self.value = value }
}
