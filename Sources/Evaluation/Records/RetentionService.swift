import LedgerCore

/// The records office's retention work (001 §8, 004 §15): which cases are due, and their purge.
public struct RetentionService: Sendable {
    /// The case streams that may be due for purge on a day — a superset, from an index by case end
    /// (``CaseActivityProjection``) — so that a day's due cases are found without loading every case.
    public typealias DueCandidates = @Sendable (LocalDate) async throws -> [String]

    public let ledger: Ledger
    /// Nil: every case of the ledger is looked at.
    public let candidates: DueCandidates?

    public init(store: any EventStore, candidates: DueCandidates? = nil) {
        ledger = Ledger(store: store, catalog: BagalauCatalog.all)
        self.candidates = candidates
    }

    /// The day to judge retention on: `text` (YYYY-MM-DD), or today in Almaty.
    public static func day(_ text: String?, field: String) throws -> LocalDate {
        guard let text else { return BodyTimeZone.localDate(of: SystemClock().now(), zone: "Asia/Almaty") }
        guard let date = LocalDate(text) else { throw LedgerError.invalid(field, "must be a date YYYY-MM-DD; got \(text)") }
        return date
    }

    public func schedule() async throws -> RetentionSchedule {
        try RetentionSchedule(events: try await ledger.store.readStream(RecordsEvents.retentionStream, fromVersion: 1))
    }

    /// Where one case stands for retention.
    public struct Status: Sendable, Equatable {
        public let caseStream: String
        /// The day of its last act, once it has ended.
        public let endedOn: LocalDate?
        public let dueOn: LocalDate?
        public let held: Bool
        public let purged: Bool

        /// Where it stands on `date`: purged, held (the clock suspended), open, due, or kept.
        public func state(on date: LocalDate) -> String {
            purged ? "purged" : held ? "held" : endedOn == nil ? "open" : dueOn.map { $0 <= date ? "due" : "kept" } ?? "kept"
        }
    }

    /// Every case of the ledger with its end, due date, hold and purge — or, with `date`, at least every
    /// case that may be due on that day (only those the index names, when there is one).
    public func statuses(mayBeDueOn date: LocalDate? = nil) async throws -> [Status] {
        try await recordsAndStatuses(mayBeDueOn: date).map(\.status)
    }

    /// Each case's status with its record (nil once purged), loaded once.
    private func recordsAndStatuses(mayBeDueOn date: LocalDate?) async throws -> [(status: Status, record: CaseRecord?)] {
        let schedule = try await schedule()
        var statuses: [(status: Status, record: CaseRecord?)] = []
        let streams = if let date, let candidates { try await candidates(date) } else { try await ledger.store.streamNames(prefix: "case/") }
        for stream in streams {
            let purged = schedule.certified[stream] != nil
            let record = purged ? nil : try await CaseRecord.load(stream, from: ledger.store)
            let ended = try record?.endedOn()
            statuses.append((Status(
                caseStream: stream, endedOn: ended, dueOn: ended.flatMap { schedule.dueOn(stream, endedOn: $0) },
                held: schedule.activeHold(on: stream) != nil, purged: purged), record))
        }
        return statuses
    }

    /// The cases due for purge on `date`: ended, not held, not purged, 3 years (plus holds) past their end.
    public func dueCases(on date: LocalDate) async throws -> [DueCase] {
        try await recordsAndStatuses(mayBeDueOn: date).compactMap { status, record in
            guard let record, let ended = status.endedOn, let dueOn = status.dueOn, dueOn <= date else { return nil }
            let events = record.documents.filter { $0.canonicalPayload != nil }.map { (seq: $0.seq, type: $0.type, payloadDigest: $0.payloadDigest) }
            return DueCase(caseStream: status.caseStream, endedOn: ended, dueOn: dueOn, events: events)
        }
    }

    /// What a purge did.
    public struct PurgeOutcome: Sendable {
        public let cases: [DueCase]
        /// The certificate recorded (nil on a dry run or when nothing was due).
        public let certificate: RecordedEvent?
        public let payloadsRemoved: Int
        /// Payloads of an earlier certificate whose removal a crash interrupted, removed now.
        public let completedEarlier: Int
    }

    /// Certifies and purges the cases due on `date`: first the certificate (who, which cases, which
    /// events and their digests, the legal basis), then the payloads, in that order, so that a crash
    /// between them leaves a certificate whose purge the next run completes.
    public func purge(
        on date: LocalDate, by actor: Actor, at occurredAt: Timestamp, certificateId: String,
        legalBasis: String = "001 §8; 004 §15: evaluation documents are kept 3 years from the end of the evaluation", dryRun: Bool
    ) async throws -> PurgeOutcome {
        if !dryRun { try RecordsRulebook.requireNotFuture(purgedOn: date, at: occurredAt) }
        let schedule = try await schedule()
        var completed = 0
        if !dryRun {
            completed = try await ledger.store.purgePayloads(schedule.certified.values.flatMap { $0 })
        }
        let due = try await dueCases(on: date)
        guard !dryRun, !due.isEmpty else { return PurgeOutcome(cases: due, certificate: nil, payloadsRemoved: 0, completedEarlier: completed) }
        let draft = try RecordsRulebook().decide(
            .certifyPurge(certificateId: certificateId, legalBasis: legalBasis, purgedOn: date, cases: due), by: actor, at: occurredAt, schedule: schedule)
        let certificate = try await ledger.record(to: RecordsEvents.retentionStream, expecting: schedule.expectedVersion, [draft])
        let removed = try await ledger.store.purgePayloads(due.flatMap { $0.events.map(\.seq) })
        return PurgeOutcome(cases: due, certificate: certificate.first, payloadsRemoved: removed, completedEarlier: completed)
    }
}

/// Every read model the ledger keeps: after a purge they are rebuilt, so that no purged payload
/// survives in them (the purged events are skipped; envelope-only read models keep their rows).
public enum BagalauProjections {
    public static let all: [any Projection] = [
        StaffDirectoryProjection(), CommissionProtocolProjection(), AnnualGradesProjection(), CaseAuditTrailProjection(), QuarterlyGradesProjection(),
        AttestationProjection(), CaseActivityProjection(),
    ]
}
