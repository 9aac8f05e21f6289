import LedgerCore

/// The acts of the 2018 annual evaluation (seeds 001, 002): each decided by the ``AnnualRulebook``
/// on the servant's case of the year, with the body's staff, methodology versions and commission.
enum AnnualActs {
    static let supervisor = "direct-supervisor"
    static let superior = "superior-supervisor, first-head"

    static let all: [DeclaredAct] = [
        act("annual.open-case", roles: "hr-officer", [.optional("caseId", .string, "default `annual-<year>-<personId>`")]) { r, personId, year in
            .openCase(caseId: r.optionalString("caseId") ?? "annual-\(year)-\(personId)", personId: personId, year: year)
        },
        act("annual.draft-plan", roles: supervisor, [
            ActField("kpis", .list(.record([
                ActField("number", .whole), ActField("name", .string), ActField("sourceDocument", .string), ActField("unit", .string),
                ActField("plannedValue", .string, "exact decimal"), ActField("deadline", .date), ActField("expectedResult", .string),
            ])), "the KPIs of App. 1, a row each"),
        ]) { r, _, _ in .draftPlan(kpis: try r.array("kpis")) },
        act("annual.submit-plan", roles: supervisor, []) { _, _, _ in .submitPlan },
        act("annual.return-plan", roles: superior, [.reason]) { r, _, _ in .returnPlan(reason: try r.string("reason")) },
        act("annual.approve-plan", roles: superior, []) { _, _, _ in .approvePlan },
        act("annual.record-monitoring", roles: supervisor, [.quarter, ActField("recommendations", .string)]) { r, _, _ in
            .recordMonitoring(quarter: try r.integer("quarter"), recommendations: try r.string("recommendations"))
        },
        act("annual.sign-kpi-sheet", roles: supervisor, [
            ActField("results", .list(.record([ActField("number", .whole), ActField("actualValue", .string), ActField("achieved", .boolean)]))),
        ]) { r, _, _ in
            .signKpiSheet(results: try r.items("results").map { (number: try $0.integer("number"), actualValue: try $0.string("actualValue"), achieved: try $0.bool("achieved")) })
        },
        act("annual.return-kpi-sheet", roles: superior, [.reason]) { r, _, _ in .returnKpiSheet(reason: try r.string("reason")) },
        act("annual.agree-kpi-sheet", roles: superior, []) { _, _, _ in .agreeKpiSheet },
        act("annual.sign-competency-sheet", roles: supervisor, [
            ActField("competencies", .list(.record([ActField("competency", .string), ActField("observed", .list(.string)), ActField("notObserved", .list(.string))]))),
        ]) { r, _, _ in
            .signCompetencySheet(competencies: try r.items("competencies").map {
                (competency: try $0.string("competency"), observed: try $0.strings("observed"), notObserved: try $0.strings("notObserved"))
            })
        },
        act("annual.hand-to-commission", roles: "hr-officer", [CommissionActs.commissionId]) { r, _, _ in .handToCommission(commissionId: try r.string("commissionId")) },
        act("annual.approve-result", roles: "authorised-person", []) { _, _, _ in .approveResult },
        act("annual.record-familiarisation", roles: "hr-officer", []) { _, _, _ in .recordFamiliarisation },
        act("annual.record-refusal", roles: "hr-officer", [ActField("signatories", .list(.string), "the HR officer and two other employees")]) { r, _, _ in
            .recordFamiliarisationRefusal(signatories: try r.strings("signatories"))
        },
        act("annual.send-result", roles: "hr-officer", [
            ActField("reference", .string, "after a refusal act, the result sent through the intranet portal, 001 §42"),
        ]) { r, _, _ in .sendResult(reference: try r.string("reference")) },
        act("annual.file-appeal", roles: "servant (the evaluated one)", [ActField("authority", .string)]) { r, _, _ in .fileAppeal(authority: try r.string("authority")) },
        act("annual.decide-appeal", roles: "agency-officer", [ActField("outcome", .string, "recommend-reconsideration, unchanged"), ActField("reasoning", .string)]) { r, _, _ in
            .decideAppeal(outcome: try r.string("outcome"), reasoning: try r.string("reasoning"))
        },
        act("annual.record-court-decision", roles: "hr-officer", [
            ActField("court", .string), ActField("outcome", .string, "upheld, annulled"), ActField("decisionDate", .date),
        ]) { r, _, _ in
            .recordCourtDecision(court: try r.string("court"), outcome: try r.string("outcome"), decisionDate: try r.date("decisionDate"))
        },
    ]

    /// An annual act on the case of `personId` in `year`: the case, the body's staff and versions, and the
    /// commission the case was handed to (or the act names) folded, the act judged on them.
    static func act(_ name: String, roles: String, _ fields: [ActField], _ make: @escaping @Sendable (ActRequest, String, Int) throws -> AnnualAct) -> DeclaredAct {
        DeclaredAct(ActDeclaration(name, roles: roles, [.bodyId, .year, .personId] + fields)) { service, r in
            let bodyId = try r.string("bodyId"), personId = try r.string("personId"), year = try r.integer("year")
            let stream = AnnualEvents.stream(bodyId: bodyId, year: year, personId: personId)
            let organisation = try await service.fold(OrganisationState.self, OrganisationEvents.stream(bodyId: bodyId))
            let state = try await service.foldCase(AnnualCaseState.self, stream, zone: organisation.timeZone)
            let commissionId = state.handedToCommission?.commissionId ?? r.optionalString("commissionId")
            let context = AnnualContext(
                organisation: organisation,
                methodology: try await service.fold(MethodologyVersions.self, MethodologyEvents.stream(bodyId: bodyId)),
                commission: try await commissionId.asyncMap { try await service.fold(CommissionState.self, CommissionEvents.stream(commissionId: $0)) },
                calendar: service.calendar, timeZone: organisation.timeZone)
            return (stream, state.expectedVersion, try AnnualRulebook().decide(try make(r, personId, year), by: r.actor, at: r.occurredAt, state: state, context: context))
        }
    }
}
