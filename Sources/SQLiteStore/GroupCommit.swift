import Foundation
import LedgerCore

/// One writer that commits together the appends that arrive together (design.md §8; issue: the server).
/// Each append is prepared (canonical payloads, digests) by its caller, queued, and written by a single
/// thread inside one IMMEDIATE transaction with every other append waiting then, each under its own
/// savepoint: an append whose expected version no longer holds is rolled back alone and told so, the
/// others commit. One `synchronous=FULL` commit then makes the whole group durable before any caller is
/// answered. Under load the queue fills while a commit is under way, so the next transaction takes
/// everything that arrived meanwhile: one fsync for many acts. Alone, an append is a transaction of one.
final class GroupCommit: @unchecked Sendable {
    struct Request {
        let appends: [StreamAppend]
        let prepared: [[PreparedDraft]]
        let reply: CheckedContinuation<[RecordedEvent], any Error>
    }

    private let lock = NSLock()
    private var pending: [Request] = []
    private var writing = false
    private var groups = 0
    private var appends = 0
    private let writer = DispatchQueue(label: "bagalau.group-commit", qos: .userInitiated)
    /// Writes one group and answers each of its requests (set once, by the store that owns the writer).
    var commit: ([Request]) -> Void = { group in
        for request in group { request.reply.resume(throwing: LedgerError(.storage, "the ledger's writer is not attached")) }
    }

    func append(_ appends: [StreamAppend], prepared: [[PreparedDraft]]) async throws -> [RecordedEvent] {
        try await withCheckedThrowingContinuation { reply in
            lock.lock()
            pending.append(Request(appends: appends, prepared: prepared, reply: reply))
            let start = !writing
            writing = true
            lock.unlock()
            if start { writer.async { self.drain() } }
        }
    }

    /// The transactions committed so far and the appends they held (their ratio: appends per commit).
    var statistics: (groups: Int, appends: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (groups, appends)
    }

    /// Commits groups until none is waiting.
    private func drain() {
        while true {
            lock.lock()
            let group = pending
            pending = []
            if group.isEmpty { writing = false } else { groups += 1; appends += group.count }
            lock.unlock()
            if group.isEmpty { return }
            commit(group)
        }
    }
}
