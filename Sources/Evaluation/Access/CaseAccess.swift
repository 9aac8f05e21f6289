import LedgerCore

/// Who may read a case, decided from the ledger at the moment of the read (004 §16, §21; design.md
/// §12, §13). The parties read unrecorded: the evaluated servant, the evaluator (the direct and the
/// superior supervisor of a 2018 or attestation case), the body's HR officer and the case's calibration
/// participants. An auditor or appeals reviewer reads only under a mandate in force that covers the
/// case, and each such read is recorded (`access.case-read`) with its reason. Anyone else is refused.
public enum CaseAccess {
    public enum Grant: Sendable, Equatable {
        /// A party to the case, reading in this role.
        case party(role: String)
        /// Under a mandate: the read must be recorded, in the mandate's power.
        case mandate(AccountState.Mandate)

        public var mustBeRecorded: Bool { if case .mandate = self { true } else { false } }
        public var role: String {
            switch self {
            case .party(let role): role
            case .mandate(let mandate): mandate.power
            }
        }
    }

    /// The parties of a case with the role each reads in, as the ledger stood at `now` (its events
    /// recorded by then; `now` also dates the HR officer and the supervisors).
    /// `organisation`, when given, answers the body's current state (the act service's cached fold).
    public static func parties(
        of caseStream: String, store: any EventStore, at now: Timestamp, organisation current: (@Sendable (String) async throws -> OrganisationState)? = nil
    ) async throws -> [String: String] {
        try await CaseAsRead.load(caseStream, store: store, at: now, organisation: current).parties()
    }

    /// A case as it stood at `now`, with its body, read to name its parties: its first event alone tells
    /// that it exists; the rest is read only when a party other than the servant or the HR officer is asked.
    private struct CaseAsRead {
        let caseStream: String
        let store: any EventStore
        let now: Timestamp
        let organisation: OrganisationState
        let today: LocalDate
        /// The evaluated servant (the stream's last part) and the body's HR officer on the day: parties
        /// known without folding the case.
        var servant: String { String(caseStream.split(separator: "/").last ?? "") }
        var hrOfficer: String? { organisation.holder(of: Roles.hrOfficer, on: today) }

        /// `opening`: the case's first event when the caller has read it (with a page of cases' at once);
        /// `.some(nil)` when it read that the case has none.
        static func load(
            _ caseStream: String, store: any EventStore, at now: Timestamp, organisation current: (@Sendable (String) async throws -> OrganisationState)?,
            opening: RecordedEvent?? = nil
        ) async throws -> CaseAsRead {
            guard CaseRecord.isCase(caseStream) else { throw LedgerError.invalid("case", "a case stream starts with case/ (e.g. case/quarterly/m/2024/s5); got \(caseStream)") }
            // A stream's events are recorded in the order of their versions: the case stood at `now` if its first had been recorded.
            let read: RecordedEvent?
            if let opening { read = opening } else { read = try await store.readStream(caseStream, fromVersion: 1, limit: 1).first }
            guard let first = read, first.recordedAt <= now else {
                throw LedgerError(.notFound, field: "case", "no case \(caseStream) is recorded\(now < SystemClock().now() ? " by \(now)" : "")")
            }
            let bodyId = ExportBundle.Selection.body(of: caseStream) ?? ""
            let organisation: OrganisationState
            if let current {
                organisation = try await current(bodyId)
            } else {
                organisation = try OrganisationState(events: try await store.readStream(OrganisationEvents.stream(bodyId: bodyId), fromVersion: 1).filter { $0.recordedAt <= now })
            }
            return CaseAsRead(caseStream: caseStream, store: store, now: now, organisation: organisation, today: BodyTimeZone.localDate(of: now, zone: organisation.timeZone))
        }

        /// Every party and the role each reads in; the servant's role before any other, then the HR officer's.
        func parties() async throws -> [String: String] {
            var parties: [String: String] = [:]
            let events = try await store.readStream(caseStream, fromVersion: 1).filter { $0.recordedAt <= now }
            if caseStream.hasPrefix("case/quarterly/"), events.allSatisfy({ $0.canonicalPayload != nil }) {
                let state = try QuarterlyCaseState(events: events, timeZone: organisation.timeZone)
                for participant in state.calibrationParticipants { parties[participant] = Roles.calibrationParticipant }
                parties[state.evaluatorId] = Roles.evaluator
            }
            if !caseStream.hasPrefix("case/quarterly/") {
                if let superior = organisation.superiorSupervisor(of: servant, on: today) { parties[superior] = Roles.superiorSupervisor }
                if let direct = organisation.directSupervisor(of: servant, on: today) { parties[direct] = Roles.directSupervisor }
            }
            if let hr = hrOfficer { parties[hr] = Roles.hrOfficer }
            parties[servant] = Roles.servant
            parties[""] = nil
            return parties
        }

        /// The role `person` reads the case in as a party, or none: the servant and the HR officer — the
        /// reads of a body's board, case after case — answered without folding the case.
        func role(of person: String) async throws -> String? {
            guard !person.isEmpty else { return nil }
            if person == servant { return Roles.servant }
            if person == hrOfficer { return Roles.hrOfficer }
            return try await parties()[person]
        }
    }

    /// How `person` may read `caseStream` now, or a ``LedgerError/Code/forbidden`` refusal naming why not.
    /// `opening`: the case's first event (version 1) when the caller has read it already, `.some(nil)` when
    /// it has none (``EventStore/firstEvents(of:)``: a page of cases admitted on one read).
    public static func admit(
        _ person: String, account: AccountState, to caseStream: String, store: any EventStore, at now: Timestamp,
        organisation: (@Sendable (String) async throws -> OrganisationState)? = nil, opening: RecordedEvent?? = nil
    ) async throws -> Grant {
        guard account.status(at: now) == .active else { throw Powers.forbidden("person", "the account of \(person) is not open") }
        if let role = try await CaseAsRead.load(caseStream, store: store, at: now, organisation: organisation, opening: opening).role(of: person) {
            return .party(role: role)
        }
        let bodyId = ExportBundle.Selection.body(of: caseStream)
        let today = BodyTimeZone.localDate(of: now, zone: "Asia/Almaty")
        for power in AccessEvents.mandatePowers {
            if let mandate = account.mandates(power, covering: caseStream, bodyId: bodyId, on: today, at: now).first { return .mandate(mandate) }
        }
        let expired = account.mandates.values.filter { $0.covers(caseStream: caseStream, bodyId: bodyId) }
        let why = expired.isEmpty ? "holds no mandate covering it" : "holds no mandate in force on \(today) covering it (\(expired.map { "\($0.id): \($0.from)–\($0.until)\($0.revokedAt == nil ? "" : ", revoked")" }.sorted().joined(separator: "; ")))"
        throw LedgerError(.forbidden, field: "case",
            "004 §16, §21: the results of \(caseStream) are known only to the evaluated servant, the evaluator, the HR officer and the case's calibration participants; \(person) is none of them and \(why)")
    }
}
