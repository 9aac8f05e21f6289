import LedgerCore

/// The records office's legal holds (design.md: retention): decided by the ``RecordsRulebook`` on the
/// retention stream.
enum RecordsActs {
    static let holdId = ActField("holdId", .string)

    static let all: [DeclaredAct] = [
        act("retention.place-hold", [holdId, ActField("caseStream", .string), .basis], note: "suspends the case's retention clock") { service, r in
            let caseStream = try r.string("caseStream")
            guard CaseRecord.isCase(caseStream), !(try await service.ledger.store.readStream(caseStream, fromVersion: 1)).isEmpty else {
                throw Refusal.because("", field: "caseStream", "no case \(caseStream) is recorded")
            }
            return .placeHold(holdId: try r.string("holdId"), caseStream: caseStream, basis: try r.string("basis"))
        },
        act("retention.lift-hold", [holdId, .basis]) { _, r in .liftHold(holdId: try r.string("holdId"), basis: try r.string("basis")) },
    ]

    static func act(_ name: String, _ fields: [ActField], note: String = "", _ make: @escaping @Sendable (ActService, ActRequest) async throws -> RecordsAct) -> DeclaredAct {
        DeclaredAct(ActDeclaration(name, roles: "records-officer", fields, note: note)) { service, r in
            let stream = RecordsEvents.retentionStream
            let schedule = try await service.fold(RetentionSchedule.self, stream)
            return (stream, schedule.expectedVersion, Decision(events: [try RecordsRulebook().decide(try await make(service, r), by: r.actor, at: r.occurredAt, schedule: schedule)]))
        }
    }
}
