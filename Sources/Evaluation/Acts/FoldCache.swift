import Foundation
import LedgerCore

/// Folded states of the streams acts are decided on, kept between acts (issue: national scale): a
/// stream's state is brought up to date by folding only the events appended since it was cached, so an
/// act on a body with three years of history costs what one on a new body does. Streams are append-only,
/// and each fold still ends at the stream's current version, so the act is decided on exactly the state
/// a fold from version 1 gives. Case streams are not kept: they are small, and a purge (by another
/// process) erases their payloads, which no cached state may outlive.
final class FoldCache: @unchecked Sendable {
    private let lock = NSLock()
    private var states: [String: any StreamFold] = [:]
    /// Beyond this many states the cache starts again (bounded memory at any scale).
    private let limit: Int

    init(limit: Int = 200_000) {
        self.limit = limit
    }

    static func keeps(_ stream: String) -> Bool { !stream.hasPrefix("case/") }

    func fold<S: StreamFold>(_ type: S.Type, _ stream: String, store: any EventStore) async throws -> S {
        let key = "\(S.self)|\(stream)"
        var state = lock.withLock { (states[key] as? S) ?? S() }
        for event in try await store.readStream(stream, fromVersion: state.version + 1) { try state.apply(event) }
        let folded = state
        lock.withLock {
            if states.count >= limit { states.removeAll(keepingCapacity: true) }
            // A concurrent fold may have cached a later version: keep the later one.
            if (states[key] as? S)?.version ?? -1 < folded.version { states[key] = folded }
        }
        return folded
    }
}
