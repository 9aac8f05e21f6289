/// What an export bundle of a selection is made of (issue 6): every envelope from where completeness
/// can be proven (the stream's first event, the ledger's first for a body, the event before a period)
/// through the latest signed checkpoint, and which of them the selection selects.
public struct BundleEvidence: Sendable {
    public let selection: ExportBundle.Selection
    public let chain: [RecordedEvent]
    public let checkpoint: RecordedEvent
    /// The selected events (the checkpoint excluded).
    public let selected: [RecordedEvent]

    /// Reads the evidence; refuses a selection with nothing recorded before the last checkpoint, and a
    /// ledger with no checkpoint (the evidence ends at a signed head).
    public init(store: any EventStore, selection: ExportBundle.Selection) async throws {
        guard let checkpoint = try await store.readStream(ChainCheckpoint.stream, fromVersion: 1).last else {
            throw LedgerError(.notFound, field: "checkpoint", "no signed checkpoint yet: the records office records one with `bagalau checkpoint --key FILE`")
        }
        let firstSelected: Int64?
        switch selection {
        case .stream(let stream): firstSelected = try await store.readStream(stream, fromVersion: 1).first?.seq
        case .body: firstSelected = 1
        case .period(let from, let to): firstSelected = try await store.readRecorded(from: from, to: to).first?.seq
        }
        guard let firstSelected, firstSelected < checkpoint.seq else {
            throw LedgerError(.notFound, field: "selection", "nothing recorded before the last checkpoint (seq \(checkpoint.seq)) matches the selection")
        }
        var start = firstSelected
        if case .period = selection { start = max(1, firstSelected - 1) }
        var chain: [RecordedEvent] = [], next = start
        while next <= checkpoint.seq {
            let page = try await store.readAll(fromSeq: next, limit: 10_000).filter { $0.seq <= checkpoint.seq }
            guard let last = page.last else { break }
            chain += page
            next = last.seq + 1
        }
        self.selection = selection
        self.chain = chain
        self.checkpoint = checkpoint
        selected = chain.filter { $0.seq != checkpoint.seq && selection.selects($0.stream, recordedAt: $0.recordedAt) }
    }

    /// The bundle file's bytes.
    public func bytes() throws -> [UInt8] { try ExportBundle.make(selection: selection, chain: chain, checkpoint: checkpoint) }
}
