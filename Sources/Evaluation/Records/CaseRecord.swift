import LedgerCore

/// One case as appeals reviewers and the records office see it: the events of its stream, the
/// commission's events about it (the motions on its result, their votes and decisions, the notice to
/// the servant) and the recorded reads of it.
public struct CaseRecord: Sendable {
    public let stream: String
    public let events: [RecordedEvent]
    public let commissionEvents: [RecordedEvent]
    public let reads: [RecordedEvent]
    /// The deadlines judged for acts whose events do not carry them (stream `findings/…`).
    public let findings: [RecordedEvent]
    public let timeZone: String
    /// The calendar decrees recorded in the ledger (design.md §10), to show where a later one touches a deadline.
    public var decrees: [RecordedEvent] = []
    /// The clause table of the annual version the case is bound to: its acts are headed with the body's own clauses.
    public var clauses: ClauseTable?

    /// Whether a stream name is an evaluation case's.
    public static func isCase(_ stream: String) -> Bool { stream.hasPrefix("case/") }

    /// Loads the case and what belongs to it from the store.
    public static func load(_ stream: String, from store: any EventStore) async throws -> CaseRecord {
        guard isCase(stream) else { throw LedgerError.invalid("case", "a case stream starts with case/ (e.g. case/annual/b/2018/p1); got \(stream)") }
        let events = try await store.readStream(stream, fromVersion: 1)
        guard !events.isEmpty else { throw LedgerError(.notFound, field: "case", "no case \(stream) is recorded") }
        let body = ExportBundle.Selection.body(of: stream) ?? ""
        let timeZone = try await BodyTimeZone.of(bodyId: body, in: store)
        var commission: [RecordedEvent] = []
        if stream.hasPrefix("case/annual/"), events.allSatisfy({ $0.canonicalPayload != nil }) {
            let state = try AnnualCaseState(events: events, timeZone: timeZone)
            if let commissionId = state.handedToCommission?.commissionId, let caseId = state.caseId {
                commission = try Self.about(caseId: caseId, personId: state.personId,
                                            in: try await store.readStream(CommissionEvents.stream(commissionId: commissionId), fromVersion: 1))
            }
        }
        let reads = try await store.readStream(RecordsEvents.accessStream(of: stream), fromVersion: 1)
        let actIds = Set((events + commission).map(\.id))
        var findings = try await store.readStream(RecordsEvents.findingsStream(of: stream), fromVersion: 1)
        for commissionStream in Set(commission.map(\.stream)) {
            findings += try await store.readStream(RecordsEvents.findingsStream(of: commissionStream), fromVersion: 1)
                .filter { (try? $0.payload()["actId"]?.stringValue).flatMap { $0 }.map(actIds.contains) ?? false }
        }
        var record = CaseRecord(stream: stream, events: events, commissionEvents: commission, reads: reads, findings: findings, timeZone: timeZone)
        record.decrees = try await store.readStream(CalendarEvents.stream, fromVersion: 1)
        if stream.hasPrefix("case/annual/"), let versionId = try? events.first?.payload()["methodologyVersionId"]?.stringValue {
            let versions = try MethodologyVersions(events: try await store.readStream(MethodologyEvents.stream(bodyId: body), fromVersion: 1))
            record.clauses = versions.versions[versionId]?.parameters.clauses
        }
        return record
    }

    /// The commission's events about one case: motions on it, their votes and decisions, notices to the servant.
    static func about(caseId: String, personId: String, in commission: [RecordedEvent]) throws -> [RecordedEvent] {
        var motions: Set<String> = []
        return try commission.filter { event in
            guard event.canonicalPayload != nil else { return false }
            let payload = try event.payload()
            switch event.type {
            case CommissionMeetingEvents.motionPut.type:
                guard payload["caseId"]?.stringValue == caseId else { return false }
                motions.insert(payload["motionId"]?.stringValue ?? "")
                return true
            case CommissionMeetingEvents.voteCast.type, CommissionMeetingEvents.motionDecided.type:
                return motions.contains(payload["motionId"]?.stringValue ?? "")
            case CommissionMeetingEvents.noticeGiven.type:
                return payload["personId"]?.stringValue == personId
            default:
                return false
            }
        }
    }

    /// Every event of the case and about it, in ledger order (reads not included).
    public var acts: [RecordedEvent] { (events + commissionEvents).sorted { $0.seq < $1.seq } }

    /// What the retention purge removes: the acts and their judged deadlines (the reads stay, as the
    /// record of who looked; they hold no result).
    public var documents: [RecordedEvent] { (acts + findings).sorted { $0.seq < $1.seq } }

    /// Issue 6 (001 §8, 004 §15): whether the case has ended, and the day of its last act. Nil when the
    /// case is still open (or its payloads are gone already).
    public func endedOn() throws -> LocalDate? {
        guard events.allSatisfy({ $0.canonicalPayload != nil }) else { return nil }
        let lastAct = acts.map { BodyTimeZone.localDate(of: $0.occurredAt, zone: timeZone) }.max()
        let kinds: [(prefix: String, state: any CaseFold.Type)] = [
            ("case/annual/", AnnualCaseState.self), ("case/quarterly/", QuarterlyCaseState.self), ("case/attestation/", AttestationCaseState.self),
        ]
        guard let kind = kinds.first(where: { stream.hasPrefix($0.prefix) }) else { return nil }
        return try kind.state.init(events: events, timeZone: timeZone).isClosed ? lastAct : nil
    }
}
