import LedgerCore

/// The write path for acts (design.md: request → rulebook decides → store appends): loads the state
/// the act is judged on, asks the act's rulebook, and appends its events at the version decided on.
public struct ActService: Sendable {
    public let ledger: Ledger
    public let calendar: WorkingDayCalendar

    public init(store: any EventStore, calendar: WorkingDayCalendar = .kazakhstan) {
        ledger = Ledger(store: store, catalog: BagalauCatalog.all)
        self.calendar = calendar
    }

    private init(ledger: Ledger, calendar: WorkingDayCalendar) {
        self.ledger = ledger
        self.calendar = calendar
    }

    /// The outcome of one act: the events stored and the deadline findings it raised.
    public struct Outcome: Sendable {
        public let events: [RecordedEvent]
        public let findings: [DeadlineFinding]
        /// True when the act's id was found stored and nothing was decided or written.
        public let alreadyRecorded: Bool
    }

    public func perform(_ request: ActRequest) async throws -> Outcome {
        // An act sent again under its id is not decided again: it is recorded already.
        if let recorded = try await recordedAlready(request) { return recorded }
        do {
            return try await decideAndRecord(request)
        } catch {
            // Another process may have recorded this very act between the check above and our append
            // (three `bagalau acts` of one file at once): then it is recorded, not refused or in conflict.
            if let recorded = try await recordedAlready(request) { return recorded }
            throw error
        }
    }

    /// The outcome of an act whose id is stored already, if it is.
    private func recordedAlready(_ request: ActRequest) async throws -> Outcome? {
        guard let id = request.id, let stored = try await ledger.store.event(id: id) else { return nil }
        return Outcome(events: [stored], findings: [], alreadyRecorded: true)
    }

    private func decideAndRecord(_ request: ActRequest) async throws -> Outcome {
        // The calendar in force: the shipped data plus every decree recorded so far (design.md §10).
        let decrees = try await fold(CalendarDecrees.self, CalendarEvents.stream)
        let judging = decrees.decrees.isEmpty ? self : ActService(ledger: ledger, calendar: try decrees.calendar(over: calendar))
        let (stream, version, decision) = try await judging.decide(request, decrees: decrees)
        if let expected = request.expectedVersion {
            let actual: Int64 = switch version {
            case .noStream: 0
            case .exactly(let current): current
            case .any: expected
            }
            guard actual == expected else {
                throw LedgerError(.wrongExpectedVersion, field: "If-Match", "\(stream) is at version \(actual); the act was asked for on version \(expected): read it again")
            }
        }
        var drafts = decision.events
        if let id = request.id, let first = drafts.first {
            drafts[0] = EventDraft(id: id, type: first.type, schemaVersion: first.schemaVersion, occurredAt: first.occurredAt, actor: first.actor, payload: first.payload)
        }
        var appends = [StreamAppend(stream: stream, expectedVersion: version, events: drafts)]
        // Findings the act's own events do not carry are recorded beside it, in the same transaction.
        if let first = drafts.first, !decision.findings.isEmpty, first.payload["deadlines"] == nil {
            let judged = RecordsEvents.deadlinesJudged
            // Its id follows from the act's, so that the same act sent twice (or by two processes at once)
            // stores its findings once.
            appends.append(StreamAppend(stream: RecordsEvents.findingsStream(of: stream), expectedVersion: .any, events: [EventDraft(
                id: Self.derivedID(first.id, "deadlines-judged"), type: judged.type, schemaVersion: judged.schemaVersion, occurredAt: first.occurredAt, actor: first.actor,
                payload: .object([("actId", .string(first.id)), ("actType", .string(first.type)), ("deadlines", .array(decision.findings.map(\.json)))]))]))
        }
        let head = try await ledger.store.headSeq()
        let stored = try await ledger.record(appends).filter { $0.stream == stream }
        // Events returned at or below the head we read were there already: another process recorded the
        // same act (same id, same content) just before us, and the store wrote nothing.
        let already = !stored.isEmpty && stored.allSatisfy { $0.seq <= head }
        return Outcome(events: stored, findings: already ? [] : decision.findings, alreadyRecorded: already)
    }

    func fold<S: StreamFold>(_ type: S.Type, _ stream: String) async throws -> S {
        try S(events: try await ledger.store.readStream(stream, fromVersion: 1))
    }

    /// A UUID (version 5 layout) derived from `id` and `purpose` by SHA-256: the same inputs, the same id.
    static func derivedID(_ id: String, _ purpose: String) -> String {
        var bytes = Array(ChainHasher.rawDigest(Array("\(purpose):\(id)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    /// The act's `field`, or the shipped data named by `choice` (the first option when absent).
    func given(_ r: ActRequest, _ field: String, or choice: String, _ options: [(name: String, what: String, load: () throws -> JSONValue)]) throws -> JSONValue {
        if let value = r.fields[field] { return value }
        let name = r.optionalString(choice) ?? options[0].name
        guard let option = options.first(where: { $0.name == name }) else {
            throw LedgerError.invalid(choice, options.map { "\($0.name) (\($0.what))" }.joined(separator: " or ") + ", or give \(field); got \(name)")
        }
        return try option.load()
    }

    /// A case's state from its stream, in the body's zone.
    func foldCase<S: CaseFold>(_ type: S.Type, _ stream: String, zone: String) async throws -> S {
        try S(events: try await ledger.store.readStream(stream, fromVersion: 1), timeZone: zone)
    }

    private func decide(_ r: ActRequest, decrees: CalendarDecrees) async throws -> (String, ExpectedVersion, Decision) {
        let family = r.name.split(separator: ".").first.map(String.init) ?? ""
        switch family {
        case "calendar":
            guard r.name == "calendar.record-decree" else { throw unknown(r.name) }
            let days = try r.array("days").enumerated().map { index, item -> WorkingDayCalendar.DecreedDay in
                guard let date = item["date"]?.stringValue.flatMap(LocalDate.init), let becomes = item["becomes"]?.stringValue, ["day-off", "working-day"].contains(becomes) else {
                    throw LedgerError.invalid("days[\(index)]", "is {\"date\": \"2026-05-08\", \"becomes\": \"day-off\" or \"working-day\", \"note\": …}")
                }
                return .init(date: date, dayOff: becomes == "day-off", note: item["note"]?.stringValue ?? "")
            }
            let draft = try CalendarDecreeRulebook().decide(
                decreeId: try r.string("decreeId"), basis: try r.string("basis"), days: days, by: r.actor, at: r.occurredAt, decrees: decrees, calendar: calendar)
            return (CalendarEvents.stream, decrees.expectedVersion, Decision(events: [draft]))
        case "organisation":
            let stream = OrganisationEvents.stream(bodyId: try r.string("bodyId"))
            let state = try await fold(OrganisationState.self, stream)
            return (stream, state.expectedVersion, Decision(events: [try OrganisationRulebook().decide(try organisationAct(r), by: r.actor, at: r.occurredAt, state: state)]))

        case "methodology":
            let bodyId = try r.string("bodyId")
            let stream = MethodologyEvents.stream(bodyId: bodyId)
            let versions = try await fold(MethodologyVersions.self, stream)
            let act: MethodologyAct
            switch r.name {
            case "methodology.adopt-annual-evaluation":
                let parameters = try given(r, "parameters", or: "document", [
                    ("akmola-2018", "seed 001's clauses", MethodologyEvents.annualEvaluation2018), ("kazygurt-2018", "seed 002's", MethodologyEvents.annualEvaluation2018Kazygurt),
                ])
                act = .adoptAnnualEvaluation(versionId: try r.string("versionId"), basis: try r.string("basis"), effectiveFrom: try r.date("effectiveFrom"), parameters: parameters)
            case "methodology.adopt-quarterly-evaluation":
                let parameters = try r.fields["parameters"] ?? MethodologyEvents.quarterlyEvaluation2023()
                act = .adoptQuarterlyEvaluation(versionId: try r.string("versionId"), basis: try r.string("basis"), effectiveFrom: try r.date("effectiveFrom"), parameters: parameters)
            case "methodology.adopt-attestation-regulation":
                let parameters = try given(r, "parameters", or: "regulation", [
                    ("culture-2016", "seed 000", MethodologyEvents.attestationCulture2016), ("civil-service-2017", "seed 003", MethodologyEvents.attestationCivilService2017),
                ])
                act = .adoptAttestationRegulation(versionId: try r.string("versionId"), basis: try r.string("basis"), effectiveFrom: try r.date("effectiveFrom"), parameters: parameters)
            case "methodology.repeal":
                act = .repeal(versionId: try r.string("versionId"), basis: try r.string("basis"), repealedOn: try r.date("repealedOn"))
            default: throw unknown(r.name)
            }
            return (stream, versions.expectedVersion, Decision(events: [try MethodologyRulebook().decide(act, bodyId: bodyId, by: r.actor, at: r.occurredAt, versions: versions)]))

        case "commission":
            let commissionId = try r.string("commissionId")
            let stream = CommissionEvents.stream(commissionId: commissionId)
            let commission = try await fold(CommissionState.self, stream)
            let bodyId = try commission.bodyId ?? r.string("bodyId")
            let organisation = try await fold(OrganisationState.self, OrganisationEvents.stream(bodyId: bodyId))
            let versions = try await fold(MethodologyVersions.self, MethodologyEvents.stream(bodyId: bodyId))
            let date = BodyTimeZone.localDate(of: r.occurredAt, zone: organisation.timeZone)
            let purpose = commission.purpose ?? r.optionalString("purpose")
            if purpose == "attestation", r.name == "commission.form" || r.name == "commission.amend" {
                guard let regulation = versions.attestationInForce(on: date) else {
                    throw Refusal.because("000 §I.1", field: "bodyId", "no attestation regulation is adopted by \(bodyId) on \(date): it governs the commission")
                }
                return (stream, commission.expectedVersion, Decision(events: [try CommissionRulebook(minimumMembers: regulation.parameters.commissionMinimumMembers, clauses: .attestationCommission)
                    .decide(try commissionAct(r, commissionId: commissionId), by: r.actor, at: r.occurredAt, commission: commission, organisation: organisation)]))
            }
            guard let parameters = versions.inForce(on: date)?.parameters ?? versions.versions.values.max(by: { $0.effectiveFrom < $1.effectiveFrom })?.parameters else {
                throw Refusal.because("", field: "bodyId", "no methodology version is adopted by \(bodyId): its numbers govern the commission")
            }
            if r.name == "commission.form" || r.name == "commission.amend" {
                let draft = try CommissionRulebook(parameters: parameters)
                    .decide(try commissionAct(r, commissionId: commissionId), by: r.actor, at: r.occurredAt, commission: commission, organisation: organisation)
                return (stream, commission.expectedVersion, Decision(events: [draft]))
            }
            let decision = try CommissionMeetingRulebook(parameters: parameters, calendar: calendar, timeZone: organisation.timeZone).decide(try meetingAct(r), by: r.actor, at: r.occurredAt, commission: commission)
            return (stream, commission.expectedVersion, decision)

        case "annual":
            let bodyId = try r.string("bodyId"), personId = try r.string("personId"), year = try r.integer("year")
            let stream = AnnualEvents.stream(bodyId: bodyId, year: year, personId: personId)
            let organisation = try await fold(OrganisationState.self, OrganisationEvents.stream(bodyId: bodyId))
            let state = try await foldCase(AnnualCaseState.self, stream, zone: organisation.timeZone)
            let commissionId = state.handedToCommission?.commissionId ?? r.optionalString("commissionId")
            let context = AnnualContext(
                organisation: organisation,
                methodology: try await fold(MethodologyVersions.self, MethodologyEvents.stream(bodyId: bodyId)),
                commission: try await commissionId.asyncMap { try await fold(CommissionState.self, CommissionEvents.stream(commissionId: $0)) },
                calendar: calendar, timeZone: organisation.timeZone)
            let decision = try AnnualRulebook().decide(try annualAct(r, personId: personId, year: year), by: r.actor, at: r.occurredAt, state: state, context: context)
            return (stream, state.expectedVersion, decision)

        case "quarterly":
            return try await decideQuarterly(r)

        case "attestation":
            return try await decideAttestation(r)

        case "access":
            return try await decideAccess(r)

        case "retention":
            let stream = RecordsEvents.retentionStream
            let schedule = try await fold(RetentionSchedule.self, stream)
            let act: RecordsAct
            switch r.name {
            case "retention.place-hold":
                let caseStream = try r.string("caseStream")
                guard !(try await ledger.store.readStream(caseStream, fromVersion: 1)).isEmpty, CaseRecord.isCase(caseStream) else {
                    throw Refusal.because("", field: "caseStream", "no case \(caseStream) is recorded")
                }
                act = .placeHold(holdId: try r.string("holdId"), caseStream: caseStream, basis: try r.string("basis"))
            case "retention.lift-hold": act = .liftHold(holdId: try r.string("holdId"), basis: try r.string("basis"))
            default: throw unknown(r.name)
            }
            return (stream, schedule.expectedVersion, Decision(events: [try RecordsRulebook().decide(act, by: r.actor, at: r.occurredAt, schedule: schedule)]))

        default:
            throw unknown(r.name)
        }
    }

    func unknown(_ name: String) -> LedgerError {
        LedgerError(.unknownEventType, field: "act", "no act is called \(name) (see docs/acts.md)")
    }

    private func organisationAct(_ r: ActRequest) throws -> OrganisationAct {
        switch r.name {
        case "organisation.register-body":
            return .registerBody(bodyId: try r.string("bodyId"), nameKk: try r.string("nameKk"), region: try r.string("region"), timeZone: r.optionalString("timeZone") ?? "Asia/Almaty")
        case "organisation.appoint":
            return .appoint(personId: try r.string("personId"), fullName: try r.string("fullName"), positionId: try r.string("positionId"),
                            positionTitle: try r.string("positionTitle"), category: try r.string("category"), appointedOn: try r.date("appointedOn"),
                            probationEndsOn: r.optionalString("probationEndsOn").flatMap(LocalDate.init))
        case "organisation.assign-role":
            return .assignRole(personId: try r.string("personId"), role: try r.string("role"), effectiveFrom: try r.date("effectiveFrom"))
        case "organisation.assign-supervisor":
            return .assignSupervisor(personId: try r.string("personId"), supervisorId: try r.string("supervisorId"), effectiveFrom: try r.date("effectiveFrom"))
        case "organisation.record-leave":
            guard let kind = LeaveKind(rawValue: try r.string("kind")) else {
                throw LedgerError.invalid("kind", "must be one of \(LeaveKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .recordLeave(personId: try r.string("personId"), kind: kind, from: try r.date("from"), until: try r.date("until"))
        case "organisation.dismiss":
            return .dismiss(personId: try r.string("personId"), dismissedOn: try r.date("dismissedOn"))
        case "organisation.record-structure-change":
            return .recordStructureChange(changeId: try r.string("changeId"), orderNumber: try r.string("orderNumber"),
                                          effectiveFrom: try r.date("effectiveFrom"), description: try r.string("description"))
        default:
            throw unknown(r.name)
        }
    }

    private func commissionAct(_ r: ActRequest, commissionId: String) throws -> CommissionAct {
        r.name == "commission.form"
            ? .form(commissionId: commissionId, purpose: try r.string("purpose"), orderNumber: try r.string("orderNumber"), orderDate: try r.date("orderDate"),
                    chairId: try r.string("chairId"), secretaryId: try r.string("secretaryId"), memberIds: try r.strings("memberIds"))
            : .amend(orderNumber: try r.string("orderNumber"), orderDate: try r.date("orderDate"), chairId: r.optionalString("chairId"),
                     secretaryId: r.optionalString("secretaryId"), addMemberIds: (try? r.strings("addMemberIds")) ?? [], removeMemberIds: (try? r.strings("removeMemberIds")) ?? [])
    }

    private func meetingAct(_ r: ActRequest) throws -> CommissionMeetingAct {
        switch r.name {
        case "commission.schedule":
            return .schedule(meetingId: try r.string("meetingId"), date: try r.date("date"), caseIds: try r.strings("caseIds"), consentedBy: try r.string("consentedBy"))
        case "commission.notify": return .notify(meetingId: try r.string("meetingId"), personId: try r.string("personId"))
        case "commission.hold": return .hold(meetingId: try r.string("meetingId"), present: try r.strings("present"))
        case "commission.put-motion":
            return .putMotion(meetingId: try r.string("meetingId"), motionId: try r.string("motionId"), caseId: try r.string("caseId"),
                              proposal: try r.string("proposal"), revisedGrade: r.optionalString("revisedGrade"), reason: r.optionalString("reason"))
        case "commission.vote":
            let vote = try r.string("vote")
            guard vote == "for" || vote == "against" else { throw LedgerError.invalid("vote", "must be for or against") }
            return .vote(meetingId: try r.string("meetingId"), motionId: try r.string("motionId"), inFavour: vote == "for")
        case "commission.decide": return .decide(meetingId: try r.string("meetingId"), motionId: try r.string("motionId"))
        default: throw unknown(r.name)
        }
    }

    private func annualAct(_ r: ActRequest, personId: String, year: Int) throws -> AnnualAct {
        switch r.name {
        case "annual.open-case": return .openCase(caseId: r.optionalString("caseId") ?? "annual-\(year)-\(personId)", personId: personId, year: year)
        case "annual.draft-plan": return .draftPlan(kpis: try r.array("kpis"))
        case "annual.submit-plan": return .submitPlan
        case "annual.return-plan": return .returnPlan(reason: try r.string("reason"))
        case "annual.approve-plan": return .approvePlan
        case "annual.record-monitoring": return .recordMonitoring(quarter: try r.integer("quarter"), recommendations: try r.string("recommendations"))
        case "annual.sign-kpi-sheet":
            let results = try r.array("results").enumerated().map { index, line -> (number: Int, actualValue: String, achieved: Bool) in
                guard let number = line["number"]?.integerValue, let actual = line["actualValue"]?.stringValue, case .bool(let achieved)? = line["achieved"] else {
                    throw LedgerError.invalid("results[\(index)]", "is {\"number\": 1, \"actualValue\": \"100\", \"achieved\": true}")
                }
                return (Int(number), actual, achieved)
            }
            return .signKpiSheet(results: results)
        case "annual.return-kpi-sheet": return .returnKpiSheet(reason: try r.string("reason"))
        case "annual.agree-kpi-sheet": return .agreeKpiSheet
        case "annual.sign-competency-sheet":
            let competencies = try r.array("competencies").enumerated().map { index, item -> (competency: String, observed: [String], notObserved: [String]) in
                let element = try ActRequest.string(item, "competency", path: "competencies[\(index)].competency")
                func list(_ name: String) throws -> [String] {
                    guard case .array(let values)? = item[name] else { throw LedgerError.invalid("competencies[\(index)].\(name)", "is required: an array of strings") }
                    return values.compactMap(\.stringValue)
                }
                return (element, try list("observed"), try list("notObserved"))
            }
            return .signCompetencySheet(competencies: competencies)
        case "annual.hand-to-commission": return .handToCommission(commissionId: try r.string("commissionId"))
        case "annual.approve-result": return .approveResult
        case "annual.record-familiarisation": return .recordFamiliarisation
        case "annual.record-refusal": return .recordFamiliarisationRefusal(signatories: try r.strings("signatories"))
        case "annual.send-result": return .sendResult(reference: try r.string("reference"))
        case "annual.file-appeal": return .fileAppeal(authority: try r.string("authority"))
        case "annual.decide-appeal": return .decideAppeal(outcome: try r.string("outcome"), reasoning: try r.string("reasoning"))
        case "annual.record-court-decision":
            return .recordCourtDecision(court: try r.string("court"), outcome: try r.string("outcome"), decisionDate: try r.date("decisionDate"))
        default: throw unknown(r.name)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
