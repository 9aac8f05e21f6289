import Evaluation
import LedgerCore
import SQLiteStore

/// The records office's page (001 §8, 004 §15): every case with where it stands on a day — open, kept,
/// due for purge three years after it ended, held, purged — the legal holds that suspend the clock, and
/// the purge, run first as a dry run, whose outcome shows the certificate recorded and the tree head
/// signed after it (design.md §7).
struct ConsoleRecords {
    let store: any EventStore
    let text: ConsoleText
    let language: ConsoleText.Language

    func values(on date: LocalDate, purge: (RecordsOffice.Purge, dryRun: Bool)? = nil) async throws -> [String: Any] {
        let service = RetentionService(store: store)
        let cases = try await service.statuses().map { status -> [String: Any] in
            let state = status.state(on: date)
            return ["stream": status.caseStream, "endedOn": day(status.endedOn), "dueOn": day(status.dueOn),
                    "state": text("retention." + state, language), "due": state == "due"]
        }
        let holds = try await service.schedule().holds.sorted { $0.key < $1.key }.map { id, hold -> [String: Any] in
            ["id": id, "stream": hold.caseStream, "placedOn": day(hold.placedOn), "liftedOn": day(hold.liftedOn)]
        }
        var values: [String: Any] = [
            "on": date.description, "cases": cases, "holds": holds, "hasHolds": !holds.isEmpty, "certificateId": "purge-\(date)",
            "placeHold": text("act.retention.place-hold", language), "liftHold": text("act.retention.lift-hold", language),
        ]
        if let (purge, dryRun) = purge {
            let outcome = purge.outcome
            values["purge"] = [
                "dryRun": dryRun, "cases": outcome.cases.map { due -> [String: Any] in
                    ["stream": due.caseStream, "endedOn": day(due.endedOn), "dueOn": day(due.dueOn), "events": due.events.count]
                },
                "hasCases": !outcome.cases.isEmpty, "payloadsRemoved": outcome.payloadsRemoved, "completedEarlier": outcome.completedEarlier,
                "certificate": outcome.certificate.map { ["seq": $0.seq, "hash": $0.hash] } ?? [:], "hasCertificate": outcome.certificate != nil,
                "treeHead": purge.treeHead.map { ["headSeq": $0.signed.headSeq, "rootHash": $0.signed.rootHash] } ?? [:], "hasTreeHead": purge.treeHead != nil,
            ] as [String: Any]
        }
        return values
    }

    func day(_ date: LocalDate?) -> String { date.map { ConsoleText.date($0, language) } ?? "—" }
}
