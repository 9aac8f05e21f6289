import Evaluation
import LedgerCore
import LedgerTestSupport
import SQLiteStore
import Testing

/// An annual case's work plan acts through the ledger: load the streams, decide, append at the
/// loaded version.
struct AnnualCaseLedgerTests {
    let hr = Actor(person: "hr-1", role: Roles.hrOfficer)
    let chief = Actor(person: "chief", role: Roles.directSupervisor)
    let head = Actor(person: "head", role: Roles.superiorSupervisor)

    func day(_ text: String) -> LocalDate { LocalDate(text)! }
    func at(_ text: String) -> Timestamp { Timestamp(rfc3339: "\(text)T10:00:00+06:00")! }

    func organise(_ ledger: TemporaryLedger) async throws {
        let acts: [OrganisationAct] = [
            .registerBody(bodyId: "b", nameKk: "Аппарат", region: "Ақмола облысы", timeZone: "Asia/Almaty"),
            .appoint(personId: "head", fullName: "N", positionId: "x1", positionTitle: "Head", category: "E-2", appointedOn: day("2015-01-05"), probationEndsOn: nil),
            .appoint(personId: "chief", fullName: "N", positionId: "x2", positionTitle: "Chief", category: "E-3", appointedOn: day("2015-01-05"), probationEndsOn: nil),
            .appoint(personId: "p1", fullName: "N", positionId: "x3", positionTitle: "Specialist", category: "E-4", appointedOn: day("2015-01-05"), probationEndsOn: nil),
            .assignSupervisor(personId: "chief", supervisorId: "head", effectiveFrom: day("2015-01-05")),
            .assignSupervisor(personId: "p1", supervisorId: "chief", effectiveFrom: day("2015-01-05")),
            .appoint(personId: "hr-1", fullName: "N", positionId: "x4", positionTitle: "HR", category: "E-4", appointedOn: day("2015-01-05"), probationEndsOn: nil),
            .assignRole(personId: "hr-1", role: Roles.hrOfficer, effectiveFrom: day("2015-01-05")),
            .assignRole(personId: "head", role: Roles.authorisedPerson, effectiveFrom: day("2015-01-05")),
        ] + ["m1", "m2", "m3", "m4", "m5"].map {
            .appoint(personId: $0, fullName: "N", positionId: "pos-\($0)", positionTitle: "Member", category: "E-3", appointedOn: day("2015-01-05"), probationEndsOn: nil)
        }
        let writer = Ledger(store: ledger.store, catalog: BagalauCatalog.all)
        for act in acts {
            let state = try OrganisationState(events: try await ledger.store.readStream("body/b", fromVersion: 1))
            let draft = try OrganisationRulebook().decide(act, by: hr, at: at("2017-12-01"), state: state)
            try await writer.record(to: "body/b", expecting: state.expectedVersion, [draft])
        }
        let adoption = try MethodologyRulebook().decide(
            .adoptAnnualEvaluation(versionId: "annual-2018", basis: "№ 6С-19-24", effectiveFrom: day("2018-01-01"),
                                   parameters: try MethodologyEvents.annualEvaluation2018()),
            bodyId: "b", by: hr, at: at("2017-12-20"), versions: MethodologyVersions())
        try await writer.record(to: "methodology/b", expecting: .noStream, [adoption])
    }

    func act(_ act: AnnualAct, by actor: Actor, on date: String, in ledger: TemporaryLedger) async throws -> Decision {
        let stream = AnnualEvents.stream(bodyId: "b", year: 2018, personId: "p1")
        let context = AnnualContext(
            organisation: try OrganisationState(events: try await ledger.store.readStream("body/b", fromVersion: 1)),
            methodology: try MethodologyVersions(events: try await ledger.store.readStream("methodology/b", fromVersion: 1)),
            commission: try CommissionState(events: try await ledger.store.readStream("commission/c-2018", fromVersion: 1)))
        let state = try AnnualCaseState(events: try await ledger.store.readStream(stream, fromVersion: 1))
        let decision = try AnnualRulebook().decide(act, by: actor, at: at(date), state: state, context: context)
        try await Ledger(store: ledger.store, catalog: BagalauCatalog.all).record(to: stream, expecting: state.expectedVersion, decision.events)
        return decision
    }

    @Test("001 §9–§44: plan (returned, resubmitted late and flagged), monitoring, KPI sheet (returned), competencies, commission revision by the chair's casting vote, approval, refusal act, appeal left unchanged, court")
    func workPlanCycle() async throws {
        let ledger = try TemporaryLedger()
        try await organise(ledger)
        let kpis: [JSONValue] = (1...5).map { number in
            ["number": .integer(Int64(number)), "name": .string("KPI \(number)"), "sourceDocument": "Аймақты дамыту бағдарламасы",
             "unit": "%", "plannedValue": "100", "deadline": "2018-12-20", "expectedResult": "Нәтиже"]
        }
        _ = try await act(.openCase(caseId: "annual-2018-p1", personId: "p1", year: 2018), by: hr, on: "2018-01-03", in: ledger)
        _ = try await act(.draftPlan(kpis: kpis), by: chief, on: "2018-01-10", in: ledger)
        _ = try await act(.submitPlan, by: chief, on: "2018-01-10", in: ledger)
        _ = try await act(.returnPlan(reason: "KPI 2 has no measurable planned value"), by: head, on: "2018-01-11", in: ledger)
        _ = try await act(.draftPlan(kpis: kpis), by: chief, on: "2018-01-12", in: ledger)
        let resubmitted = try await act(.submitPlan, by: chief, on: "2018-01-18", in: ledger)
        #expect(resubmitted.findings.map(\.description) == [
            "001 §12: corrected plan resubmitted within 2 working days of the return by 2018-01-15; done 2018-01-18, 3 working days late",
        ])
        _ = try await act(.approvePlan, by: head, on: "2018-01-19", in: ledger)
        _ = try await act(.recordMonitoring(quarter: 1, recommendations: "KPI 2 behind plan: weekly checks"), by: chief, on: "2018-04-05", in: ledger)
        _ = try await act(.signKpiSheet(results: (1...5).map { ($0, "100", $0 != 3) }), by: chief, on: "2018-12-26", in: ledger)
        _ = try await act(.returnKpiSheet(reason: "No act proves KPI 5"), by: head, on: "2018-12-27", in: ledger)
        _ = try await act(.signKpiSheet(results: (1...5).map { ($0, "100", $0 != 3) }), by: chief, on: "2018-12-28", in: ledger)
        _ = try await act(.agreeKpiSheet, by: head, on: "2018-12-28", in: ledger)
        _ = try await act(.signCompetencySheet(competencies: [("Cooperation", ["a", "b", "c"], ["d"])]), by: chief, on: "2018-12-28", in: ledger)
        let handed = try await act(.handToCommission(commissionId: "c-2018"), by: hr, on: "2018-12-29", in: ledger)
        #expect(handed.findings.allSatisfy { !$0.isLate })

        // The commission (formed by the authorised person) meets, revises the result, and it is approved.
        let writer = Ledger(store: ledger.store, catalog: BagalauCatalog.all)
        let organisation = try OrganisationState(events: try await ledger.store.readStream("body/b", fromVersion: 1))
        let formed = try CommissionRulebook(parameters: try! AnnualEvaluationParameters(MethodologyEvents.annualEvaluation2018())).decide(
            .form(commissionId: "c-2018", purpose: "annual-evaluation", orderNumber: "12-ө", orderDate: day("2018-01-10"),
                  chairId: "m1", secretaryId: "hr-1", memberIds: ["m1", "m2", "m3", "m4", "m5"]),
            by: Actor(person: "head", role: Roles.authorisedPerson), at: at("2018-01-10"), commission: CommissionState(), organisation: organisation)
        try await writer.record(to: "commission/c-2018", expecting: .noStream, [formed])
        let meetings = CommissionMeetingRulebook(parameters: try AnnualEvaluationParameters(MethodologyEvents.annualEvaluation2018()))
        let chair = Actor(person: "m1", role: Roles.commissionChair)
        for (meetingAct, actor) in [
            (CommissionMeetingAct.schedule(meetingId: "mt-1", date: day("2019-01-15"), caseIds: ["annual-2018-p1"], consentedBy: "m1"), hr),
            (.hold(meetingId: "mt-1", present: ["m1", "m2", "m3", "m4"]), hr),
            (.putMotion(meetingId: "mt-1", motionId: "mo-1", caseId: "annual-2018-p1", proposal: "revise", revisedGrade: "excellent", reason: "KPI 3 met in December"), chair),
            (.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: true), chair),
            (.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: false), Actor(person: "m2", role: Roles.commissionMember)),
            (.decide(meetingId: "mt-1", motionId: "mo-1"), chair),
        ] {
            let commission = try CommissionState(events: try await ledger.store.readStream("commission/c-2018", fromVersion: 1))
            let decision = try meetings.decide(meetingAct, by: actor, at: at("2019-01-15"), commission: commission)
            try await writer.record(to: "commission/c-2018", expecting: commission.expectedVersion, decision.events)
        }
        _ = try await act(.approveResult, by: Actor(person: "head", role: Roles.authorisedPerson), on: "2019-01-16", in: ledger)
        _ = try await act(.recordFamiliarisationRefusal(signatories: ["hr-1", "chief", "m5"]), by: hr, on: "2019-01-17", in: ledger)
        _ = try await act(.fileAppeal(authority: "Agency department"), by: Actor(person: "p1", role: Roles.servant), on: "2019-01-21", in: ledger)
        _ = try await act(.decideAppeal(outcome: "unchanged", reasoning: "Decided within the commission's discretion"), by: Actor(person: "agency-7", role: Roles.agencyOfficer), on: "2019-02-20", in: ledger)
        _ = try await act(.recordCourtDecision(court: "Kokshetau city court", outcome: "upheld", decisionDate: day("2019-05-10")), by: hr, on: "2019-05-12", in: ledger)
        let state = try AnnualCaseState(events: try await ledger.store.readStream("case/annual/b/2018/p1", fromVersion: 1))
        #expect(state.kpiSheet == .agreed(on: day("2018-12-28"), achieved: 4, grade: "effective"))
        let stream = try await ledger.store.readStream("case/annual/b/2018/p1", fromVersion: 1)
        #expect(stream.map(\.type) == [
            "annual.case-opened", "annual.plan-drafted", "annual.plan-submitted", "annual.plan-returned",
            "annual.plan-drafted", "annual.plan-submitted", "annual.plan-approved", "annual.monitoring-recorded",
            "annual.kpi-sheet-signed", "annual.kpi-sheet-returned", "annual.kpi-sheet-signed", "annual.kpi-sheet-agreed",
            "annual.competency-sheet-signed", "annual.sheets-handed-to-commission", "annual.result-approved",
            "annual.familiarisation-refused", "annual.appeal-filed", "annual.appeal-decided", "annual.court-decision-recorded",
        ])
        #expect(state.result?.finalGrade == "excellent")
        #expect(state.result?.correctedByCommission == true)
        #expect(stream.prefix(7).map(\.actor.role) == ["hr-officer", "direct-supervisor", "direct-supervisor", "superior-supervisor",
                                                      "direct-supervisor", "direct-supervisor", "superior-supervisor"])
        #expect(try ledger.store.verifySync().isIntact)

        // The read models of the year: the servant's grades row, the commission's protocol, the audit trail.
        let grades = ProjectionRunner(readModels: ledger.readModels, projection: AnnualGradesProjection())
        let minutes = ProjectionRunner(readModels: ledger.readModels, projection: CommissionProtocolProjection())
        let trail = ProjectionRunner(readModels: ledger.readModels, projection: CaseAuditTrailProjection())
        for runner in [grades, minutes, trail] { try runner.catchUp() }
        #expect(try grades.rows(of: AnnualGradesProjection.grades) == [[
            .text("annual-2018-p1"), .text("b"), .integer(2018), .text("p1"), .text("annual-2018"), .text("approved"),
            .integer(4), .text("effective"), .integer(1), .integer(1), .text("excellent"), .integer(1),
            .text("refused (act)"), .text("unchanged"), .text("upheld"),
        ]])
        #expect(try minutes.rows(of: CommissionProtocolProjection.meetings) == [[
            .text("c-2018"), .text("mt-1"), .text("2019-01-15"), .text("m1"), .text("hr-1"), .text("m1,m2,m3,m4,m5"),
            .text("m1,m2,m3,m4"), .integer(1),
        ]])
        #expect(try minutes.rows(of: CommissionProtocolProjection.motions) == [[
            .text("c-2018"), .text("mo-1"), .text("mt-1"), .text("annual-2018-p1"), .text("revise"), .text("excellent"),
            .integer(1), .integer(1), .integer(1), .integer(1),
        ]])
        #expect(try minutes.rows(of: CommissionProtocolProjection.votes).map { [$0[2], $0[3]] } == [[.text("m1"), .text("for")], [.text("m2"), .text("against")]])
        let audit = try trail.rows(of: CaseAuditTrailProjection.trail)
        #expect(audit.count == stream.count + 7)
        let opened = try #require(audit.first { $0[0] == .text("case/annual/b/2018/p1") && $0[1] == .integer(1) })
        #expect(opened[3...7] == [.text("annual.case-opened"), .text("HR opens a servant's annual evaluation, bound to the methodology version in force"),
                                  .text("001 §18"), .text("hr-1"), .text("hr-officer")])
        for runner in [grades, minutes, trail] {
            let before = try runner.tableDigests()
            try runner.rebuild()
            #expect(try runner.tableDigests() == before)
        }
    }
}
