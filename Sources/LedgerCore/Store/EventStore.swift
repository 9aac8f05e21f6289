/// The port every storage adapter implements (design.md §3: SQLite now, PostgreSQL behind the same
/// protocol). All writes go through ``append(_:)``; nothing updates or deletes events.
public protocol EventStore: Sendable {
    /// Appends each stream's batch at the version it expects, all in one transaction, and returns the
    /// stored events. A batch whose event ids are all stored already with the same content returns the
    /// stored events and writes nothing (design.md §8).
    func append(_ appends: [StreamAppend]) async throws -> [RecordedEvent]

    /// Appends the batches `next` returns until it returns nil, all in one transaction: all of them
    /// are stored, or none. `next` may run on another thread while earlier batches are written, so a
    /// large import is read, checked and written at once, in bounded memory.
    func appendAll(_ next: @escaping @Sendable () throws -> [StreamAppend]?) async throws -> AppendSummary

    /// Events of one stream with `version >= fromVersion`, in order.
    func readStream(_ stream: String, fromVersion: Int64) async throws -> [RecordedEvent]

    /// At most `limit` of them: a body's registration (its stream's first event) without the thousands
    /// of acts after it.
    func readStream(_ stream: String, fromVersion: Int64, limit: Int) async throws -> [RecordedEvent]

    /// The first event (version 1) of each stream named that has one, by stream: the openings of a page of
    /// cases in one read rather than one read a case (one round trip on PostgreSQL).
    func firstEvents(of streams: [String]) async throws -> [String: RecordedEvent]

    /// Events with `seq >= fromSeq`, in order, at most `limit`.
    func readAll(fromSeq: Int64, limit: Int) async throws -> [RecordedEvent]

    /// Events with `from <= recordedAt < to`, in `seq` order.
    func readRecorded(from: Timestamp, to: Timestamp) async throws -> [RecordedEvent]

    /// The event stored under `id`, if any.
    func event(id: String) async throws -> RecordedEvent?

    /// The position of the last stored event (0 when empty).
    func headSeq() async throws -> Int64

    /// Walks the whole chain (design.md §7).
    func verify() async throws -> VerificationReport

    /// The Merkle tree's head over the first `size` events (design.md §7), the whole ledger when nil.
    func treeHead(size: Int64?) async throws -> TreeHead

    /// The inclusion proof of the event at `seq` in the tree of `treeSize` events (RFC 9162 §2.1.3), hex.
    func inclusionProof(seq: Int64, treeSize: Int64) async throws -> [String]

    /// The consistency proof that the tree of `to` events extends the tree of `from` (RFC 9162 §2.1.4), hex.
    func consistencyProof(from: Int64, to: Int64) async throws -> [String]

    /// The names of the streams that start with `prefix`, sorted.
    func streamNames(prefix: String) async throws -> [String]

    /// At most `limit` of them, those after the name `after` (in the stream index's byte order) when one is
    /// given: a page of a body's cases without listing the rest (issue 12 §2).
    func streamNames(prefix: String, after: String?, limit: Int) async throws -> [String]

    /// Every stream whose name starts with `prefix`, sorted by name, each with its events in version
    /// order: one range read on the stream index (a body's cases at once).
    func readStreams(prefix: String) async throws -> [(stream: String, events: [RecordedEvent])]

    /// The positions (`seq`) of the events of the streams named and of every stream whose name starts
    /// with one of `prefixes`, in ledger order, read from the stream index alone — no event decoded: what
    /// a large body's replay needs before it reads its events a page at a time (issue 12 §2).
    func seqs(streams: [String], prefixes: [String]) async throws -> [Int64]

    /// The events at `seqs`, in `seq` order (a position past the head has none).
    func readEvents(at seqs: [Int64]) async throws -> [RecordedEvent]

    /// The retention purge (design.md §7, issue 6): removes the payloads of these events, in one
    /// transaction, and nothing else — envelope, digest and chain stay, so `verify` still passes.
    /// Returns how many payloads were removed (an already purged event counts nothing).
    func purgePayloads(_ seqs: [Int64]) async throws -> Int

    /// The positions of the events whose payload is absent, in order (each must be named by a purge
    /// certificate, design.md §7).
    func absentPayloadSeqs() async throws -> [Int64]
}

/// What an append wrote: new events, and events whose ids were stored already with the same content.
public struct AppendSummary: Sendable, Equatable {
    public var appended = 0
    public var alreadyStored = 0
    /// Positions of the first and last new event.
    public var firstSeq: Int64?
    public var lastSeq: Int64?

    public init() {}

    public mutating func add(seq: Int64, isNew: Bool) {
        guard isNew else {
            alreadyStored += 1
            return
        }
        appended += 1
        firstSeq = firstSeq ?? seq
        lastSeq = seq
    }
}

extension EventStore {
    public func append(to stream: String, expecting version: ExpectedVersion, _ events: [EventDraft]) async throws
        -> [RecordedEvent]
    {
        try await append([StreamAppend(stream: stream, expectedVersion: version, events: events)])
    }

    /// A catch-up subscription: every stored event from `fromSeq` on, then each new one as it is
    /// appended, polling every `pollInterval` once caught up. Projections consume it.
    public func subscribe(fromSeq: Int64, pageSize: Int = 1000, pollInterval: Duration = .milliseconds(100))
        -> AsyncThrowingStream<RecordedEvent, any Error>
    {
        AsyncThrowingStream { continuation in
            let task = Task {
                var next = fromSeq
                do {
                    while !Task.isCancelled {
                        let page = try await readAll(fromSeq: next, limit: pageSize)
                        for event in page {
                            continuation.yield(event)
                            next = event.seq + 1
                        }
                        if page.count < pageSize { try await Task.sleep(for: pollInterval) }
                    }
                    continuation.finish()
                } catch is CancellationError {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
