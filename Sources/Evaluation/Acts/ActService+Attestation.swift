import LedgerCore

/// The `attestation.*` acts of `bagalau acts` (docs/acts.md), judged by the ``AttestationRulebook``
/// against the round, the person's case, the body's staff and regulations, and the commission.
extension ActService {
    func decideAttestation(_ r: ActRequest) async throws -> (String, ExpectedVersion, Decision) {
        let bodyId = try r.string("bodyId"), roundId = try r.string("roundId")
        let roundStream = AttestationEvents.roundStream(bodyId: bodyId, roundId: roundId)
        let organisation = try await fold(OrganisationState.self, OrganisationEvents.stream(bodyId: bodyId))
        let round = try await fold(AttestationRound.self, roundStream)
        let methodology = try await fold(MethodologyVersions.self, MethodologyEvents.stream(bodyId: bodyId))
        let rulebook = AttestationRulebook()

        if r.name == "attestation.order" || r.name == "attestation.schedule" {
            let commissionId = r.name == "attestation.order" ? try r.string("commissionId") : round.commissionId
            let context = AttestationContext(
                round: round, organisation: organisation, methodology: methodology,
                commission: try await fold(CommissionState.self, CommissionEvents.stream(commissionId: commissionId)), calendar: calendar)
            let act: AttestationAct
            if r.name == "attestation.order" {
                let notSubject = try r.array("notSubject").enumerated().map { index, item -> (personId: String, reason: String) in
                    guard let person = item["personId"]?.stringValue, let reason = item["reason"]?.stringValue else {
                        throw LedgerError.invalid("notSubject[\(index)]", "is {\"personId\": …, \"reason\": …}")
                    }
                    return (person, reason)
                }
                act = .order(orderNumber: try r.string("orderNumber"), orderDate: try r.date("orderDate"), commissionId: commissionId,
                             publicRepresentativeIds: (try? r.strings("publicRepresentativeIds")) ?? [], subject: try r.strings("subject"),
                             notSubject: notSubject, methods: try r.string("methods"))
            } else {
                let entries = try r.array("entries").enumerated().map { index, item -> (personId: String, date: LocalDate) in
                    guard let person = item["personId"]?.stringValue, let date = item["date"]?.stringValue.flatMap(LocalDate.init) else {
                        throw LedgerError.invalid("entries[\(index)]", "is {\"personId\": …, \"date\": \"YYYY-MM-DD\"}")
                    }
                    return (person, date)
                }
                act = .schedule(entries: entries)
            }
            return (roundStream, round.expectedVersion, try rulebook.decideRound(act, roundId: roundId, by: r.actor, at: r.occurredAt, context: context))
        }

        let personId = try r.string("personId")
        let stream = AttestationEvents.caseStream(bodyId: bodyId, roundId: roundId, personId: personId)
        let state = try await foldCase(AttestationCaseState.self, stream, zone: organisation.timeZone)
        var first: AttestationCaseState?
        var reattestedIn: String?
        if r.name == "attestation.open-reattestation" {
            let firstStream = AttestationEvents.caseStream(bodyId: bodyId, roundId: try r.string("firstRoundId"), personId: personId)
            first = try await foldCase(AttestationCaseState.self, firstStream, zone: organisation.timeZone)
            // The person's other attestation cases in the body: has one re-attested the first already?
            for other in try await ledger.store.streamNames(prefix: "case/attestation/\(bodyId)/") where other.hasSuffix("/\(personId)") && other != firstStream && other != stream {
                let candidate = try await foldCase(AttestationCaseState.self, other, zone: organisation.timeZone)
                if let firstId = first?.caseId, candidate.reattestationOf == firstId { reattestedIn = candidate.caseId }
            }
        }
        let commissionId = state.caseId != nil ? state.commissionId : first?.commissionId ?? round.commissionId
        let context = AttestationContext(
            round: round, organisation: organisation, methodology: methodology,
            commission: try await fold(CommissionState.self, CommissionEvents.stream(commissionId: commissionId)), calendar: calendar)
        let act: AttestationAct
        switch r.name {
        case "attestation.open-case": act = .openCase(personId: personId)
        case "attestation.open-reattestation":
            act = .openReattestation(roundId: roundId, personId: personId, firstCase: first ?? AttestationCaseState(), date: try r.date("date"), measures: try r.string("measures"),
                                      reattestedIn: reattestedIn)
        case "attestation.sign-notice": act = .signNotice(signedOn: try r.date("signedOn"))
        case "attestation.reschedule": act = .reschedule(date: try r.date("date"), reason: try r.string("reason"))
        case "attestation.file-document":
            act = .fileDocument(kind: try r.string("kind"), content: try r.string("content"), hrSheet: r.fields["hrSheet"], test: r.fields["test"])
        case "attestation.hold-interview":
            act = .holdInterview(present: try r.strings("present"), report: try r.string("report"), supervisorHeard: r.optionalString("supervisorHeard"),
                                 previousComparison: try r.string("previousComparison"), recording: r.fields["recording"])
        case "attestation.vote": act = .vote(outcome: try r.string("outcome"))
        case "attestation.decide": act = .decide(category: r.optionalString("category"))
        case "attestation.order-result": act = .orderResult(orderNumber: try r.string("orderNumber"), orderDate: try r.date("orderDate"))
        case "attestation.file-to-personal-file": act = .fileToPersonalFile
        case "attestation.view-materials": act = .viewMaterials
        case "attestation.file-appeal": act = .fileAppeal(authority: try r.string("authority"))
        case "attestation.review-decision": act = .reviewDecision(conclusion: try r.string("conclusion"), findings: try r.string("findings"))
        case "attestation.decide-appeal":
            act = .decideAppeal(outcome: try r.string("outcome"), newOutcome: r.optionalString("newOutcome"), reasoning: try r.string("reasoning"))
        default: throw unknown(r.name)
        }
        return (stream, state.expectedVersion, try rulebook.decideCase(act, by: r.actor, at: r.occurredAt, state: state, context: context))
    }
}
