import Evaluation
import LedgerCore
import SQLiteStore

/// The records office's purge as `bagalau retention purge` and `POST /retention/purge` run it (001 §8,
/// 004 §15): certify and remove the payloads due (``RetentionService``), then rebuild every read model
/// without them — read models are disposable (design.md §4) — and rewrite the file so that nothing of
/// them remains in free pages or the WAL — or, when another process's read snapshot keeps it there,
/// fail saying so, leaving the compaction for the next run to complete. With a signer, a tree head is
/// signed after the purge (design.md §7: a checkpoint after every purge), so the certificate is covered.
public enum RecordsOffice {
    /// The records office's service, finding a day's due cases by the index of case ends in the read
    /// models (``CaseActivityProjection``) rather than by loading every case.
    public static func retention(_ store: any EventStore, readModels: ReadModelStore) -> RetentionService {
        RetentionService(store: store) { date in
            let runner = ProjectionRunner(readModels: readModels, projection: CaseActivityProjection())
            try runner.catchUp()
            let table = CaseActivityProjection.cases
            let months = CaseActivityProjection.monthsMayBeDue(try runner.partitions(of: table).compactMap(\.text), on: date)
            return try months.flatMap { try runner.rows(of: table, in: .text($0)) }
                .filter { CaseActivityProjection.mayBeDue(lastOccurredAt: $0[2].text ?? "", on: date) }.compactMap { $0[0].text }.sorted()
        }
    }

    public struct Purge: Sendable {
        public let outcome: RetentionService.PurgeOutcome
        /// The tree head signed after the purge and the event recording it; nil for a dry run, a purge that
        /// removed nothing, or no signer.
        public let treeHead: (event: RecordedEvent, signed: ChainCheckpoint)?
    }

    public static func purge(
        _ store: any EventStore, readModels: ReadModelStore, on date: LocalDate, by officer: String, certificateId: String, dryRun: Bool, signer: TreeHeadSigner?
    ) async throws -> Purge {
        let outcome = try await retention(store, readModels: readModels).purge(
            on: date, by: Actor(person: officer, role: Roles.recordsOfficer), at: SystemClock().now(), certificateId: certificateId, dryRun: dryRun)
        let file = store as? SQLiteEventStore
        guard !dryRun, try outcome.payloadsRemoved + outcome.completedEarlier > 0 || file?.compactionPending == true else {
            return Purge(outcome: outcome, treeHead: nil)
        }
        try ProjectionRunner.rebuild(BagalauProjections.all.map { ProjectionRunner(readModels: readModels, projection: $0) })
        try readModels.compact()
        // The file is rewritten here; PostgreSQL reclaims the rows' old versions by VACUUM (docs/deployment.md).
        try file?.compactAfterPurge()
        return Purge(outcome: outcome, treeHead: outcome.payloadsRemoved + outcome.completedEarlier > 0 ? try await signer?.sign(store) : nil)
    }
}
