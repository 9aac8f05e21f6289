import Dispatch
import Foundation
import GRDB
import LedgerCore

extension SQLiteEventStore {
    public func verify() async throws -> VerificationReport { try verifySync() }

    /// Walks the chain in `seq` order (design.md §7) and reports the first broken `seq` and why.
    ///
    /// Rows are read in pages inside one read transaction; each page's per-event checks (payload
    /// digest, envelope hash) run on all cores, the sequence checks (gapless `seq`, `prevHash` links,
    /// stream versions) run in order.
    public func verifySync(pageSize: Int = 16_384) throws -> VerificationReport {
        try storageErrors {
            try pool.read { db in
                let statement = RawStatement(try db.makeStatement(sql: "SELECT \(LedgerSchema.eventColumns) FROM events ORDER BY seq"))
                var sequence = ChainSequenceCheck()
                var checked: Int64 = 0
                var purged: Int64 = 0
                var page: [RecordedEvent] = []
                page.reserveCapacity(pageSize)
                let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

                func checkPage() -> ChainFinding? {
                    var sequenceFinding: ChainFinding?
                    for event in page {
                        if let finding = sequence.check(event) { sequenceFinding = finding; break }
                    }
                    let integrityFinding = Self.firstIntegrityFinding(in: page, workers: workers)
                    let findings = [sequenceFinding, integrityFinding].compactMap { $0 }
                    return findings.min { $0.seq < $1.seq }
                }

                while try statement.step(db) {
                    let event = Self.event(from: statement)
                    if event.canonicalPayload == nil { purged += 1 }
                    page.append(event)
                    if page.count == pageSize {
                        if let finding = checkPage() {
                            return VerificationReport(eventsChecked: checked, purgedPayloads: purged, headHash: sequence.previousHash, firstFinding: finding)
                        }
                        checked += Int64(page.count)
                        page.removeAll(keepingCapacity: true)
                    }
                }
                if let finding = checkPage() {
                    return VerificationReport(eventsChecked: checked, purgedPayloads: purged, headHash: sequence.previousHash, firstFinding: finding)
                }
                checked += Int64(page.count)
                return VerificationReport(eventsChecked: checked, purgedPayloads: purged, headHash: sequence.previousHash, firstFinding: nil)
            }
        }
    }

    private static func firstIntegrityFinding(in page: [RecordedEvent], workers: Int) -> ChainFinding? {
        let chunks = min(workers, max(1, page.count / 512))
        let results = FindingSlots(count: chunks)
        let chunkSize = (page.count + chunks - 1) / max(chunks, 1)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var check = EventIntegrityCheck()
            let range = (chunk * chunkSize)..<min(page.count, (chunk + 1) * chunkSize)
            for index in range {
                if let finding = check.check(page[index]) {
                    results.set(chunk, finding)
                    return
                }
            }
        }
        return results.all.compactMap { $0 }.min { $0.seq < $1.seq }
    }
}

/// One result slot per worker of `concurrentPerform`; each worker writes only its own slot.
private final class FindingSlots: @unchecked Sendable {
    // @unchecked: each worker writes only its own slot of a fixed buffer; `all` is read after they join.
    private let slots: UnsafeMutableBufferPointer<ChainFinding?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
    func set(_ index: Int, _ finding: ChainFinding) { slots[index] = finding }
    var all: [ChainFinding?] { Array(slots) }
}
