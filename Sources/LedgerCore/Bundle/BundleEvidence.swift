/// What an export bundle of a selection is made of (design.md §7): the latest signed tree head, each
/// selected event it covers with its payload, salt and inclusion proof, the purge certificates that
/// name any selected event whose payload is gone, and — for a period — the events on either side that
/// show nothing inside it was left out. O(events × log n): independent of the ledger's size.
public struct BundleEvidence: Sendable {
    public let selection: ExportBundle.Selection
    public let treeHead: ChainCheckpoint
    /// The selected events the tree head covers, in seq order.
    public let selected: [RecordedEvent]
    /// Selected events recorded after the tree head: not in the bundle until the next checkpoint.
    public let notYetSigned: Int
    public let certificates: [RecordedEvent]
    public let boundaries: [RecordedEvent]
    /// The inclusion proof of every event carried, by seq.
    public let proofs: [Int64: [String]]

    /// Reads the evidence; refuses a ledger with no checkpoint (the evidence ends at a signed head) and
    /// a selection with nothing the last checkpoint covers.
    public init(store: any EventStore, selection: ExportBundle.Selection) async throws {
        guard let head = try await ChainCheckpoint.latest(in: store)?.signed else {
            throw LedgerError(.notFound, field: "checkpoint", "no signed checkpoint yet: the records office records one with `bagalau checkpoint --key FILE`")
        }
        var events: [RecordedEvent]
        switch selection {
        case .stream(let stream): events = try await store.readStream(stream, fromVersion: 1)
        case .body(let body): events = try await BodyStreams.events(of: body, in: store)
        case .period(let from, let to): events = try await store.readRecorded(from: from, to: to)
        }
        let covered = events.filter { $0.seq <= head.headSeq }
        guard let first = covered.first, let last = covered.last else {
            throw LedgerError(.notFound, field: "selection", "nothing the last checkpoint (seq 1–\(head.headSeq)) covers matches the selection")
        }
        var boundaries: [RecordedEvent] = []
        if case .period = selection {
            if first.seq > 1 { boundaries += try await store.readAll(fromSeq: first.seq - 1, limit: 1) }
            if last.seq < head.headSeq { boundaries += try await store.readAll(fromSeq: last.seq + 1, limit: 1) }
        }
        let purged = Set(covered.filter { $0.canonicalPayload == nil }.map(\.seq))
        var certificates: [RecordedEvent] = []
        if !purged.isEmpty {
            for event in try await store.readStream(PurgeCertificate.stream, fromVersion: 1) where event.seq <= head.headSeq {
                if !PurgeCertificate.namedSeqs(in: event).isDisjoint(with: purged) { certificates.append(event) }
            }
        }
        var proofs: [Int64: [String]] = [:]
        for event in covered + boundaries + certificates where proofs[event.seq] == nil {
            proofs[event.seq] = try await store.inclusionProof(seq: event.seq, treeSize: head.headSeq)
        }
        self.selection = selection
        treeHead = head
        selected = covered
        notYetSigned = events.count - covered.count
        self.certificates = certificates
        self.boundaries = boundaries
        self.proofs = proofs
    }

    /// The bundle file's bytes.
    public func bytes() throws -> [UInt8] {
        ExportBundle.make(selection: selection, treeHead: treeHead, selected: selected, certificates: certificates, boundaries: boundaries, proofs: proofs)
    }
}
