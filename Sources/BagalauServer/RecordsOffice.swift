import Evaluation
import LedgerCore
import SQLiteStore

/// The records office's purge as `bagalau retention purge` and `POST /retention/purge` run it (001 §8,
/// 004 §15): certify and remove the payloads due (``RetentionService``), then rebuild every read model
/// without them — read models are disposable (design.md §4) — and rewrite the file so that nothing of
/// them remains in free pages or the WAL — or, when another process's read snapshot keeps it there,
/// fail saying so, leaving the compaction for the next run to complete.
public enum RecordsOffice {
    public static func purge(
        _ store: SQLiteEventStore, on date: LocalDate, by officer: String, certificateId: String, dryRun: Bool
    ) async throws -> RetentionService.PurgeOutcome {
        let outcome = try await RetentionService(store: store).purge(
            on: date, by: Actor(person: officer, role: Roles.recordsOfficer), at: SystemClock().now(), certificateId: certificateId, dryRun: dryRun)
        guard !dryRun, try outcome.payloadsRemoved + outcome.completedEarlier > 0 || store.compactionPending else { return outcome }
        for projection in BagalauProjections.all { try ProjectionRunner(store: store, projection: projection).rebuild() }
        try store.compactAfterPurge()
        return outcome
    }
}
