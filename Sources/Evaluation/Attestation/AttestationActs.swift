import LedgerCore

/// The acts of an attestation (seeds 000, 003): the round's order and schedule, and each person's case —
/// judged by the ``AttestationRulebook`` against the round, the case, the body's staff and regulations,
/// and the commission.
enum AttestationActs {
    static let roundId = ActField("roundId", .string)
    static let hr = "hr-officer"

    static let all: [DeclaredAct] = round + cases + outcome

    static let round: [DeclaredAct] = [
        roundAct("attestation.order", roles: "authorised-person (the holder)", [
            ActField("orderNumber", .string), ActField("orderDate", .date), ActField("commissionId", .string, "purpose attestation"),
            .optional("publicRepresentativeIds", .list(.string)), ActField("subject", .list(.string)),
            ActField("notSubject", .list(.record([ActField("personId", .string), ActField("reason", .string)]))), ActField("methods", .string),
        ], namesCommission: true) { r, commissionId in
            .order(orderNumber: try r.string("orderNumber"), orderDate: try r.date("orderDate"), commissionId: commissionId,
                   publicRepresentativeIds: try r.optionalStrings("publicRepresentativeIds"), subject: try r.strings("subject"),
                   notSubject: try r.items("notSubject").map { (try $0.string("personId"), try $0.string("reason")) }, methods: try r.string("methods"))
        },
        roundAct("attestation.schedule", roles: hr, [ActField("entries", .list(.record([ActField("personId", .string), ActField("date", .date)])))],
                 note: "only staff subject to attestation") { r, _ in
            .schedule(entries: try r.items("entries").map { (try $0.string("personId"), try $0.date("date")) })
        },
    ]

    static let cases: [DeclaredAct] = [
        caseAct("attestation.open-case", roles: hr, [], person: "scheduled") { _, personId, _ in .openCase(personId: personId) },
        caseAct("attestation.open-reattestation", roles: hr, [ActField("firstRoundId", .string), ActField("date", .date), ActField("measures", .string)],
                note: "after an outcome that requires it", readsFirstCase: true) { r, personId, setting in
            .openReattestation(roundId: try r.string("roundId"), personId: personId, firstCase: setting.first ?? AttestationCaseState(), date: try r.date("date"),
                               measures: try r.string("measures"), reattestedIn: setting.reattestedIn)
        },
        caseAct("attestation.sign-notice", roles: hr, [ActField("signedOn", .date, "the person's signature; under a month before: flagged")]) { r, _, _ in
            .signNotice(signedOn: try r.date("signedOn"))
        },
        caseAct("attestation.reschedule", roles: hr, [ActField("date", .date), .reason]) { r, _, _ in .reschedule(date: try r.date("date"), reason: try r.string("reason")) },
        caseAct("attestation.file-document", roles: "direct-supervisor (characterisation), servant (self-assessment), hr-officer (sheets, test)", [
            ActField("kind", .string), ActField("content", .string), .optional("hrSheet", .object, "003"), .optional("test", .object, "003: blocks, strengths, weaknesses"),
        ]) { r, _, _ in
            .fileDocument(kind: try r.string("kind"), content: try r.string("content"), hrSheet: r.fields["hrSheet"], test: r.fields["test"])
        },
        caseAct("attestation.hold-interview", roles: "hr-officer (the secretary)", [
            ActField("present", .list(.string)), ActField("report", .string), .optional("supervisorHeard", .string), ActField("previousComparison", .string),
            .optional("recording", .object, "sha256, mediaType, durationSeconds; required by 003"),
        ]) { r, _, _ in
            .holdInterview(present: try r.strings("present"), report: try r.string("report"), supervisorHeard: r.optionalString("supervisorHeard"),
                           previousComparison: try r.string("previousComparison"), recording: r.fields["recording"])
        },
    ]

    static let outcome: [DeclaredAct] = [
        caseAct("attestation.vote", roles: "commission-member, commission-chair (present)", [ActField("outcome", .string)]) { r, _, _ in .vote(outcome: try r.string("outcome")) },
        caseAct("attestation.decide", roles: "commission-chair", [.optional("category", .string)]) { r, _, _ in .decide(category: r.optionalString("category")) },
        caseAct("attestation.order-result", roles: "authorised-person", [ActField("orderNumber", .string), ActField("orderDate", .date)]) { r, _, _ in
            .orderResult(orderNumber: try r.string("orderNumber"), orderDate: try r.date("orderDate"))
        },
        caseAct("attestation.file-to-personal-file", roles: hr, []) { _, _, _ in .fileToPersonalFile },
        caseAct("attestation.view-materials", roles: "servant (the person attested)", []) { _, _, _ in .viewMaterials },
        caseAct("attestation.file-appeal", roles: "servant", [ActField("authority", .string, "head-of-body, agency-department, court")]) { r, _, _ in
            .fileAppeal(authority: try r.string("authority"))
        },
        caseAct("attestation.review-decision", roles: "agency-officer", [ActField("conclusion", .string, "consistent, inconsistent"), ActField("findings", .string)],
                note: "the agency department's analysis of a civil-service decision (003); changes no outcome") { r, _, _ in
            .reviewDecision(conclusion: try r.string("conclusion"), findings: try r.string("findings"))
        },
        caseAct("attestation.decide-appeal", roles: "first-head or authorised-person (head-of-body), agency-officer, hr-officer (court)", [
            ActField("outcome", .string, "upheld, changed, annulled"), .optional("newOutcome", .string), ActField("reasoning", .string),
        ]) { r, _, _ in
            .decideAppeal(outcome: try r.string("outcome"), newOutcome: r.optionalString("newOutcome"), reasoning: try r.string("reasoning"))
        },
    ]

    /// The round, the body's staff and its regulations.
    struct Setting {
        let roundStream: String
        let round: AttestationRound
        let organisation: OrganisationState
        let methodology: MethodologyVersions

        init(_ service: ActService, bodyId: String, roundId: String) async throws {
            roundStream = AttestationEvents.roundStream(bodyId: bodyId, roundId: roundId)
            organisation = try await service.fold(OrganisationState.self, OrganisationEvents.stream(bodyId: bodyId))
            round = try await service.fold(AttestationRound.self, roundStream)
            methodology = try await service.fold(MethodologyVersions.self, MethodologyEvents.stream(bodyId: bodyId))
        }

        func context(_ service: ActService, commissionId: String) async throws -> AttestationContext {
            AttestationContext(
                round: round, organisation: organisation, methodology: methodology,
                commission: try await service.fold(CommissionState.self, CommissionEvents.stream(commissionId: commissionId)), calendar: service.calendar)
        }
    }

    /// A reattestation's first case, and the case that re-attested it already, if one did.
    struct FirstCase {
        var first: AttestationCaseState?
        var reattestedIn: String?
    }

    /// An act on the round (its order, its schedule), with the commission the act names (the order) or the
    /// round's order named.
    static func roundAct(_ name: String, roles: String, _ fields: [ActField], note: String = "", namesCommission: Bool = false, _ make: @escaping @Sendable (ActRequest, String) throws -> AttestationAct) -> DeclaredAct {
        DeclaredAct(ActDeclaration(name, roles: roles, [.bodyId, roundId] + fields, note: note)) { service, r in
            let roundId = try r.string("roundId")
            let setting = try await Setting(service, bodyId: try r.string("bodyId"), roundId: roundId)
            let commissionId = namesCommission ? try r.string("commissionId") : setting.round.commissionId
            let context = try await setting.context(service, commissionId: commissionId)
            return (setting.roundStream, setting.round.expectedVersion, try AttestationRulebook().decideRound(try make(r, commissionId), roundId: roundId, by: r.actor, at: r.occurredAt, context: context))
        }
    }

    /// An act on the case of `personId` in the round.
    static func caseAct(_ name: String, roles: String, _ fields: [ActField], person: String = "", note: String = "", readsFirstCase: Bool = false,
                        _ make: @escaping @Sendable (ActRequest, String, FirstCase) throws -> AttestationAct) -> DeclaredAct {
        let personField = ActField("personId", .string, person)
        return DeclaredAct(ActDeclaration(name, roles: roles, [.bodyId, roundId, personField] + fields, note: note)) { service, r in
            let bodyId = try r.string("bodyId"), personId = try r.string("personId")
            let setting = try await Setting(service, bodyId: bodyId, roundId: try r.string("roundId"))
            let zone = setting.organisation.timeZone
            let stream = AttestationEvents.caseStream(bodyId: bodyId, roundId: try r.string("roundId"), personId: personId)
            let state = try await service.foldCase(AttestationCaseState.self, stream, zone: zone)
            var first = FirstCase()
            if readsFirstCase {
                let firstStream = AttestationEvents.caseStream(bodyId: bodyId, roundId: try r.string("firstRoundId"), personId: personId)
                first.first = try await service.foldCase(AttestationCaseState.self, firstStream, zone: zone)
                // The person's other attestation cases in the body: has one re-attested the first already?
                for other in try await service.ledger.store.streamNames(prefix: "case/attestation/\(bodyId)/") where other.hasSuffix("/\(personId)") && other != firstStream && other != stream {
                    let candidate = try await service.foldCase(AttestationCaseState.self, other, zone: zone)
                    if let firstId = first.first?.caseId, candidate.reattestationOf == firstId { first.reattestedIn = candidate.caseId }
                }
            }
            let commissionId = state.caseId != nil ? state.commissionId : first.first?.commissionId ?? setting.round.commissionId
            let context = try await setting.context(service, commissionId: commissionId)
            return (stream, state.expectedVersion, try AttestationRulebook().decideCase(try make(r, personId, first), by: r.actor, at: r.occurredAt, state: state, context: context))
        }
    }
}
