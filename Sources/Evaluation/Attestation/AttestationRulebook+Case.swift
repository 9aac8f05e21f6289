import LedgerCore

extension AttestationRulebook {
    /// Acts on a person's case: notice, documents, interview, votes, decision, follow-up, appeal.
    public func decideCase(_ act: AttestationAct, by actor: Actor, at occurredAt: Timestamp, state: AttestationCaseState, context: AttestationContext) throws -> Decision {
        let organisation = context.organisation
        let on = BodyTimeZone.localDate(of: occurredAt, zone: organisation.timeZone)
        // The clauses of the regulation the case is bound to (for a new case, its round's or its first case's).
        var versionId: String? = state.caseId != nil ? state.versionId : (context.round.roundId != nil ? context.round.versionId : nil)
        if state.caseId == nil, case .openReattestation(_, _, let first, _, _, _) = act { versionId = first.versionId }
        let clauses = context.clauses(of: versionId, on: on)
        func cite(_ rule: Rule) -> String { clauses?.cite(rule) ?? rule.key }
        func event(_ descriptor: EventTypeDescriptor, _ members: [(String, JSONValue)], _ findings: [DeadlineFinding] = []) -> Decision {
            draft(descriptor, [("caseId", .string(state.caseId ?? ""))] + members, by: actor, at: occurredAt, findings)
        }
        switch act {
        case .openCase(let personId):
            try requireHolder(actor, Roles.hrOfficer, of: organisation, on: on, clause: cite(.attestationPreparation), act: "opening an attestation case")
            guard state.caseId == nil else { throw Refusal.because("", field: "payload.personId", "the case of \(personId) in this round is open already") }
            let round = context.round
            guard let roundId = round.roundId, let date = round.dates[personId] else {
                throw Refusal.because(cite(.attestationPreparation), field: "payload.personId", "\(personId) has no date in the round's schedule")
            }
            return open(roundId: roundId, personId: personId, versionId: round.versionId, commissionId: round.commissionId, date: date,
                        reattestationOf: nil, measures: nil, bodyId: organisation.bodyId ?? "", by: actor, at: occurredAt)

        case .openReattestation(let roundId, let personId, let first, let date, let measures, let reattestedIn):
            try requireHolder(actor, Roles.hrOfficer, of: organisation, on: on, clause: cite(.attestationDecision), act: "opening a re-attestation")
            guard state.caseId == nil else { throw Refusal.because("", field: "payload.roundId", "this re-attestation case is open already") }
            // 000 §III.2, outcome 3: re-attestation after the retraining or qualification improvement.
            guard let firstId = first.caseId, first.reattestation, first.outcome != nil else {
                throw Refusal.because(cite(.attestationDecision), field: "payload.firstRoundId", "re-attestation follows a decision that requires it (retraining or qualification improvement); \(personId)'s first case has none")
            }
            // Decided here (docs/attestation.md): a decision that requires re-attestation opens one. When
            // that one ends, its own decision governs: "fits" closes the matter; outcome 3 again opens a
            // further re-attestation, from the re-attestation's case, never a second one from the first.
            if let reattestedIn {
                throw Refusal.because(cite(.attestationDecision), field: "payload.firstRoundId", "\(firstId) is re-attested already in \(reattestedIn); a further re-attestation follows that case's decision, when it again requires one")
            }
            guard date > (first.decidedOn ?? date) else {
                throw Refusal.because(cite(.attestationDecision), field: "payload.date", "the re-attestation comes after the measures, later than the decision of \(first.decidedOn!)")
            }
            return open(roundId: roundId, personId: personId, versionId: first.versionId, commissionId: first.commissionId, date: date,
                        reattestationOf: firstId, measures: measures, bodyId: organisation.bodyId ?? "", by: actor, at: occurredAt)
        default:
            break
        }

        guard state.caseId != nil else { throw Refusal.because("", field: "payload.caseId", "no attestation case is open on this stream") }
        guard let regulation = context.methodology.attestationVersions[state.versionId]?.parameters else {
            throw Refusal.because("", field: "versionId", "the case's regulation \(state.versionId) is not recorded")
        }
        let commission = context.commission
        func requireUndecided(_ clause: String) throws {
            guard state.outcome == nil else { throw Refusal.because(clause, field: "caseId", "the commission has decided already") }
        }
        func requireDecided(_ clause: String) throws {
            guard state.outcome != nil else { throw Refusal.because(clause, field: "caseId", "the commission has not decided yet") }
        }

        switch act {
        case .openCase, .openReattestation, .order, .schedule:
            throw Refusal.because("", field: "act", "not an act on an open case")

        case .signNotice(let signedOn):
            try requireHolder(actor, Roles.hrOfficer, of: organisation, on: on, clause: cite(.attestationPreparation), act: "recording the signed notice")
            try requireUndecided(cite(.attestationPreparation))
            guard signedOn <= state.date else {
                throw Refusal.because(cite(.attestationPreparation), field: "payload.signedOn", "a notice is signed before the attestation date \(state.date)")
            }
            // 000 §I.4: in writing, with signature, at least one month before. Later: recorded and flagged.
            let months = regulation.noticeMinimumMonths
            let finding = try DeadlineFinding.byMonths(
                state.date.adding(months: -months), actedOn: signedOn, clause: cite(.attestationPreparation),
                rule: "written notice signed at least \(months) month\(months == 1 ? "" : "s") before the attestation on \(state.date)", calendar: context.calendar,
                forward: false)
            return event(AttestationEvents.noticeSigned, [("signedOn", .string(signedOn.description)), ("attestationDate", .string(state.date.description))], [finding])

        case .reschedule(let date, let reason):
            try requireHolder(actor, Roles.hrOfficer, of: organisation, on: on, clause: cite(.attestationPreparation), act: "moving the attestation date")
            guard state.interviewedOn == nil else { throw Refusal.because(cite(.attestationPreparation), field: "payload.date", "the interview is held already") }
            guard date > on else { throw Refusal.because(cite(.attestationPreparation), field: "payload.date", "the new date \(date) is in the past on \(on)") }
            return event(AttestationEvents.rescheduled, [("date", .string(date.description)), ("reason", .string(reason))])

        case .fileDocument(let kind, let content, let hrSheet, let test):
            try requireUndecided(cite(.attestationPackage))
            try requireDocumentAuthor(kind, actor, state: state, organisation: organisation, on: on, cite: cite)
            guard regulation.requiredDocuments.contains(kind) else {
                throw Refusal.because(cite(.attestationPackage), field: "payload.kind", "the regulation's package is \(regulation.requiredDocuments.joined(separator: ", ")); \(kind) is not part of it")
            }
            guard !state.documents.contains(kind) else { throw Refusal.because(cite(.attestationPackage), field: "payload.kind", "the \(kind) is filed already") }
            var members: [(String, JSONValue)] = [("kind", .string(kind)), ("content", .string(content))]
            if kind == "hr-evaluation-sheet" {
                // 003: incentives, disciplinary sanctions, deadline breaches, previous results.
                guard let hrSheet else { throw Refusal.because(cite(.attestationHrSheet), field: "payload.hrSheet", "the HR evaluation sheet lists incentives, sanctions, deadline breaches and previous results") }
                members.append(("hrSheet", hrSheet))
            }
            if kind == "competency-test" {
                // 003: the three blocks, and a conclusion naming strengths and weaknesses.
                guard let test, case .array(let blocks)? = test["blocks"],
                    Set(blocks.compactMap { $0["block"]?.stringValue }) == Set(regulation.competencyBlocks), blocks.count == regulation.competencyBlocks.count
                else {
                    throw Refusal.because(cite(.attestationCompetencyTest), field: "payload.test.blocks", "the test covers the blocks \(regulation.competencyBlocks.joined(separator: ", ")), each once")
                }
                members.append(("test", test))
            }
            return event(AttestationEvents.documentFiled, members)

        case .holdInterview(let present, let report, let supervisorHeard, let previousComparison, let recording):
            try requireHolder(actor, Roles.hrOfficer, of: organisation, on: on, clause: cite(.attestationInterview), act: "recording the interview (the commission's secretary)")
            try requireUndecided(cite(.attestationInterview))
            guard state.interviewedOn == nil else { throw Refusal.because(cite(.attestationInterview), field: "caseId", "the interview is recorded already") }
            // The notice rule as decided: no interview without a signed notice, nor before a full month.
            guard let notice = state.notice else {
                throw Refusal.because(cite(.attestationPreparation), field: "caseId", "no signed written notice: the attestation cannot be held")
            }
            let earliest = notice.signedOn.adding(months: regulation.noticeMinimumMonths)
            guard on >= earliest, notice.forDate == state.date else {
                throw Refusal.because(
                    cite(.attestationPreparation), field: "caseId",
                    "the notice signed on \(notice.signedOn) for \(notice.forDate) allows an attestation from \(earliest) on the notified date; move the date and notify again")
            }
            guard on == state.date else {
                throw Refusal.because(cite(.attestationPreparation), field: "occurredAt", "the attestation is on \(state.date); got \(on): move the date first")
            }
            let missing = regulation.requiredDocuments.filter { !state.documents.contains($0) }
            guard missing.isEmpty else {
                throw Refusal.because(cite(.attestationPackage), field: "caseId", "the package is incomplete: \(missing.joined(separator: ", ")) not filed")
            }
            guard Set(present).isSubset(of: commission.memberIds), commission.hasQuorum(present: Set(present), numerator: regulation.quorumNumerator, denominator: regulation.quorumDenominator) else {
                throw Refusal.because(cite(.attestationQuorum), field: "payload.present", "\(present.count) of \(commission.memberIds.count) members present: the commission needs \(regulation.quorumNumerator)/\(regulation.quorumDenominator) of its members")
            }
            if regulation.recordingRequired && recording == nil {
                throw Refusal.because(cite(.attestationRecording), field: "payload.recording", "the interview is recorded on audio or video: give the file's SHA-256, media type and length")
            }
            var members: [(String, JSONValue)] = [("present", .array(present.map(JSONValue.string))), ("report", .string(report))]
            if let supervisorHeard { members.append(("supervisorHeard", .string(supervisorHeard))) }
            members.append(("previousComparison", .string(previousComparison)))
            if let recording { members.append(("recording", recording)) }
            return event(AttestationEvents.interviewHeld, members)

        case .vote(let outcome):
            try requireUndecided(cite(.attestationDecision))
            guard let present = state.present else { throw Refusal.because(cite(.attestationDecision), field: "caseId", "the vote follows the interview") }
            guard present.contains(actor.person), actor.role == Roles.commissionMember || actor.role == Roles.commissionChair else {
                throw Refusal.because(cite(.attestationDecision), field: "actor", "members present at the interview vote (\(present.sorted().joined(separator: ", "))); got \(actor.person) as \(actor.role)")
            }
            guard !state.votes.contains(where: { $0.memberId == actor.person }) else { throw Refusal.because(cite(.attestationDecision), field: "actor", "\(actor.person) has voted already") }
            guard regulation.outcome(outcome) != nil else {
                throw Refusal.because(cite(.attestationDecision), field: "payload.outcome", "exactly one of: \(regulation.outcomes.map(\.id).joined(separator: ", ")); got \(outcome)")
            }
            return event(AttestationEvents.voteCast, [("outcome", .string(outcome))])

        case .decide(let category):
            try requireUndecided(cite(.attestationDecision))
            guard actor.person == commission.chairId, actor.role == Roles.commissionChair else {
                throw Refusal.because(cite(.attestationDecision), field: "actor", "the chair (\(commission.chairId ?? "none")) declares the decision")
            }
            guard !state.votes.isEmpty else { throw Refusal.because(cite(.attestationDecision), field: "caseId", "no vote is cast") }
            let tally = Dictionary(grouping: state.votes, by: \.outcome).mapValues(\.count)
            let top = tally.values.max()!
            let leaders = tally.filter { $0.value == top }.map(\.key)
            let outcome: String
            var tieBroken = false
            if leaders.count == 1 {
                outcome = leaders[0]
            } else {
                // A tie: the chair's vote decides (as 001 §38 for the evaluation commission).
                guard let chairVote = state.votes.first(where: { $0.memberId == commission.chairId })?.outcome, leaders.contains(chairVote) else {
                    throw Refusal.because(cite(.attestationDecision), field: "caseId", "the votes are tied between \(leaders.sorted().joined(separator: " and ")) and the chair has voted for neither")
                }
                outcome = chairVote
                tieBroken = true
            }
            if let category, !regulation.qualificationCategories.contains(category) {
                throw Refusal.because(cite(.attestationDecision), field: "payload.category", "the categories are \(regulation.qualificationCategories.joined(separator: ", ")); got \(category)")
            }
            var members: [(String, JSONValue)] = [("outcome", .string(outcome))]
            if let category { members.append(("category", .string(category))) }
            members += [
                ("votes", .array(state.votes.map { ["memberId": .string($0.memberId), "outcome": .string($0.outcome)] })),
                ("tieBrokenByChair", .bool(tieBroken)), ("reattestation", .bool(regulation.outcome(outcome)!.reattestation)),
            ]
            return event(AttestationEvents.decided, members)

        case .orderResult(let orderNumber, let orderDate):
            try requireHolder(actor, Roles.authorisedPerson, of: organisation, on: on, clause: cite(.attestationResultsOrder), act: "the order on the results")
            try requireDecided(cite(.attestationResultsOrder))
            guard state.resultOrderedOn == nil else { throw Refusal.because(cite(.attestationResultsOrder), field: "caseId", "the results are ordered already") }
            return event(AttestationEvents.resultOrdered, [("orderNumber", .string(orderNumber)), ("orderDate", .string(orderDate.description))])

        case .fileToPersonalFile:
            try requireHolder(actor, Roles.hrOfficer, of: organisation, on: on, clause: cite(.attestationPersonalFile), act: "filing the results")
            guard state.resultOrderedOn != nil else { throw Refusal.because(cite(.attestationPersonalFile), field: "caseId", "the results are filed after the order on them") }
            guard state.filedOn == nil else { throw Refusal.because(cite(.attestationPersonalFile), field: "caseId", "the results are filed already") }
            return event(AttestationEvents.filedToPersonalFile, [])

        case .viewMaterials:
            guard actor.person == state.personId, actor.role == Roles.servant else {
                throw Refusal.because(cite(.attestationMaterials), field: "actor", "the materials are shown to the person attested (\(state.personId))")
            }
            let shown = state.documents.sorted() + (state.interviewedOn != nil ? ["interview"] : []) + (state.outcome != nil ? ["decision"] : [])
            guard !shown.isEmpty else { throw Refusal.because(cite(.attestationMaterials), field: "caseId", "no material is filed yet") }
            return event(AttestationEvents.materialsViewed, [("documents", .array(shown.map(JSONValue.string)))])

        case .fileAppeal(let authority):
            guard actor.person == state.personId, actor.role == Roles.servant else {
                throw Refusal.because(cite(.attestationAppeal), field: "actor", "the person attested (\(state.personId)) appeals")
            }
            try requireDecided(cite(.attestationAppeal))
            guard regulation.appealAuthorities.contains(authority) else {
                throw Refusal.because(cite(.attestationAppeal), field: "payload.authority", "appeal to \(regulation.appealAuthorities.joined(separator: ", ")); got \(authority)")
            }
            guard state.appeal.map({ $0.outcome != nil }) ?? true else { throw Refusal.because(cite(.attestationAppeal), field: "caseId", "an appeal is pending") }
            return event(AttestationEvents.appealFiled, [("authority", .string(authority))])

        case .reviewDecision(let conclusion, let findings):
            // 003: the agency's department analyses the decisions of the civil-service attestation commissions.
            try Refusal.requireRole(actor, [Roles.agencyOfficer], clause: cite(.attestationReview), act: "the agency department's review of the decision")
            guard regulation.kind == "administrative-civil-service" else {
                throw Refusal.because(cite(.attestationReview), field: "caseId", "the agency department reviews the decisions of the civil-service attestation; this case is under \(regulation.kind)")
            }
            try requireDecided(cite(.attestationReview))
            guard state.reviewedOn == nil else { throw Refusal.because(cite(.attestationReview), field: "caseId", "the decision was reviewed already on \(state.reviewedOn!)") }
            return event(AttestationEvents.decisionReviewed, [("conclusion", .string(conclusion)), ("findings", .string(findings))])

        case .decideAppeal(let outcome, let newOutcome, let reasoning):
            guard let appeal = state.appeal, appeal.outcome == nil else { throw Refusal.because(cite(.attestationAppeal), field: "caseId", "no appeal is pending") }
            // 003: the head of the body, the agency's department, or a court (recorded by HR).
            let deciders = ["head-of-body": [Roles.firstHead, Roles.authorisedPerson], "agency-department": [Roles.agencyOfficer], "court": [Roles.hrOfficer]]
            try Refusal.requireRole(actor, Set(deciders[appeal.authority] ?? []), clause: cite(.attestationAppeal), act: "the decision on an appeal to \(appeal.authority)")
            var members: [(String, JSONValue)] = [("outcome", .string(outcome))]
            if outcome == "changed" {
                guard let newOutcome, regulation.outcome(newOutcome) != nil, newOutcome != state.outcome else {
                    throw Refusal.because(cite(.attestationAppeal), field: "payload.newOutcome", "a changed decision names another of: \(regulation.outcomes.map(\.id).joined(separator: ", "))")
                }
                members.append(("newOutcome", .string(newOutcome)))
            }
            members.append(("reasoning", .string(reasoning)))
            return event(AttestationEvents.appealDecided, members)
        }
    }

    private func open(
        roundId: String, personId: String, versionId: String, commissionId: String, date: LocalDate, reattestationOf: String?, measures: String?,
        bodyId: String, by actor: Actor, at occurredAt: Timestamp
    ) -> Decision {
        var members: [(String, JSONValue)] = [
            ("caseId", .string("attestation-\(roundId)-\(personId)")), ("bodyId", .string(bodyId)), ("roundId", .string(roundId)), ("personId", .string(personId)),
            ("versionId", .string(versionId)), ("commissionId", .string(commissionId)), ("date", .string(date.description)),
        ]
        if let reattestationOf { members.append(("reattestationOf", .string(reattestationOf))) }
        if let measures { members.append(("measures", .string(measures))) }
        return draft(AttestationEvents.caseOpened, members, by: actor, at: occurredAt)
    }

    /// 000 §II: the supervisor writes the characterisation, the person the self-assessment, HR the sheets and the test's results.
    private func requireDocumentAuthor(
        _ kind: String, _ actor: Actor, state: AttestationCaseState, organisation: OrganisationState, on date: LocalDate, cite: (Rule) -> String
    ) throws {
        switch kind {
        case "characterisation":
            let supervisor = organisation.directSupervisor(of: state.personId, on: date)
            guard let supervisor, actor.person == supervisor, actor.role == Roles.directSupervisor else {
                throw Refusal.because(cite(.attestationCharacterisation), field: "actor", "the characterisation is the direct supervisor's (\(supervisor ?? "none recorded")); got \(actor.person) as \(actor.role)")
            }
        case "self-assessment":
            guard actor.person == state.personId, actor.role == Roles.servant else {
                throw Refusal.because(cite(.attestationSelfAssessment), field: "actor", "the self-assessment is the person's own (\(state.personId)); got \(actor.person) as \(actor.role)")
            }
        default:
            try requireHolder(actor, Roles.hrOfficer, of: organisation, on: date, clause: cite(.attestationHrDocuments), act: "the \(kind)")
        }
    }
}
