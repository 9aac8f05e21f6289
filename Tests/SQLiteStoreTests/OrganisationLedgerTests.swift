import Evaluation
import LedgerCore
import LedgerTestSupport
import SQLiteStore
import Testing

/// The write path for organisation, commission and methodology acts: load the stream, decide, append
/// at the loaded version, so that two people acting at once cannot both win on stale state.
struct OrganisationLedgerTests {
    let hr = Actor(person: "hr-1", role: Roles.hrOfficer)
    let authorised = Actor(person: "head", role: Roles.authorisedPerson)
    let at = Timestamp(rfc3339: "2018-01-10T09:00:00+06:00")!

    func day(_ text: String) -> LocalDate { LocalDate(text)! }

    func record(_ act: OrganisationAct, by actor: Actor? = nil, in ledger: TemporaryLedger) async throws {
        let stream = OrganisationEvents.stream(bodyId: "b")
        let state = try OrganisationState(events: try await ledger.store.readStream(stream, fromVersion: 1))
        let draft = try OrganisationRulebook().decide(act, by: actor ?? hr, at: at, state: state)
        try await Ledger(store: ledger.store, catalog: BagalauCatalog.all)
            .record(to: stream, expecting: state.expectedVersion, [draft])
    }

    @Test("a body's staff, roles, commission and 2018 methodology recorded through the ledger, then read back as state")
    func wholeSetUp() async throws {
        let ledger = try TemporaryLedger()
        try await record(.registerBody(bodyId: "b", nameKk: "Ақмола облыстық мәслихатының аппараты", region: "Ақмола облысы", timeZone: "Asia/Almaty"), in: ledger)
        for person in ["head", "m1", "m2", "m3", "m4", "m5", "hr-1", "p1"] {
            try await record(.appoint(personId: person, fullName: "N", positionId: "pos-\(person)", positionTitle: "Specialist",
                                      category: "E-3", appointedOn: day("2015-01-05"), probationEndsOn: nil), in: ledger)
        }
        try await record(.assignRole(personId: "hr-1", role: Roles.hrOfficer, effectiveFrom: day("2015-01-05")), in: ledger)
        try await record(.assignRole(personId: "head", role: Roles.authorisedPerson, effectiveFrom: day("2015-01-05")), in: ledger)
        try await record(.assignSupervisor(personId: "p1", supervisorId: "m1", effectiveFrom: day("2015-01-05")), in: ledger)
        try await record(.recordLeave(personId: "p1", kind: .sick, from: day("2018-12-20"), until: day("2019-01-09")), in: ledger)
        try await record(.dismiss(personId: "m5", dismissedOn: day("2019-06-30")), in: ledger)

        let organisation = try OrganisationState(events: try await ledger.store.readStream("body/b", fromVersion: 1))
        let commission = try CommissionRulebook(parameters: try! AnnualEvaluationParameters(MethodologyEvents.annualEvaluation2018())).decide(
            .form(commissionId: "c-2018", purpose: "annual-evaluation", orderNumber: "12-ө", orderDate: day("2018-01-10"),
                  chairId: "m1", secretaryId: "hr-1", memberIds: ["m1", "m2", "m3", "m4", "m5"]),
            by: authorised, at: at, commission: CommissionState(), organisation: organisation)
        let ledgerWriter = Ledger(store: ledger.store, catalog: BagalauCatalog.all)
        try await ledgerWriter.record(to: CommissionEvents.stream(commissionId: "c-2018"), expecting: .noStream, [commission])

        let adoption = try MethodologyRulebook().decide(
            .adoptAnnualEvaluation(versionId: "annual-2018", basis: "№ 6С-19-24, 16.03.2018", effectiveFrom: day("2018-04-04"),
                                   parameters: try MethodologyEvents.annualEvaluation2018()),
            bodyId: "b", by: hr, at: at, versions: MethodologyVersions())
        try await ledgerWriter.record(to: MethodologyEvents.stream(bodyId: "b"), expecting: .noStream, [adoption])
        let quarterly = try MethodologyRulebook().decide(
            .adoptQuarterlyEvaluation(versionId: "quarterly-2023", basis: "№ 5-3, 25.04.2023", effectiveFrom: day("2023-05-10"),
                                      parameters: try MethodologyEvents.quarterlyEvaluation2023()),
            bodyId: "b", by: hr, at: at, versions: try MethodologyVersions(events: try await ledger.store.readStream("methodology/b", fromVersion: 1)))
        try await ledgerWriter.record(to: MethodologyEvents.stream(bodyId: "b"), expecting: .exactly(1), [quarterly])

        let formed = try CommissionState(events: try await ledger.store.readStream("commission/c-2018", fromVersion: 1))
        let amendment = try CommissionRulebook(parameters: try! AnnualEvaluationParameters(MethodologyEvents.annualEvaluation2018())).decide(
            .amend(orderNumber: "31-ө", orderDate: day("2018-03-01"), chairId: "m2", secretaryId: nil, addMemberIds: ["head"], removeMemberIds: ["m1"]),
            by: authorised, at: at, commission: formed, organisation: organisation)
        try await ledgerWriter.record(to: CommissionEvents.stream(commissionId: "c-2018"), expecting: formed.expectedVersion, [amendment])
        let adopted = try MethodologyVersions(events: try await ledger.store.readStream("methodology/b", fromVersion: 1))
        let repeal = try MethodologyRulebook().decide(
            .repeal(versionId: "annual-2018", basis: "№ 7С-15-15, 15.03.2022", repealedOn: day("2022-03-25")),
            bodyId: "b", by: hr, at: at, versions: adopted)
        try await ledgerWriter.record(to: MethodologyEvents.stream(bodyId: "b"), expecting: adopted.expectedVersion, [repeal])

        // A meeting of the amended commission (chair m2): schedule, notice, attendance, a motion, votes, a decision.
        let meetings = CommissionMeetingRulebook(parameters: try AnnualEvaluationParameters(MethodologyEvents.annualEvaluation2018()))
        let chair = Actor(person: "m2", role: Roles.commissionChair)
        let meetingActs: [(CommissionMeetingAct, Actor)] = [
            (.schedule(meetingId: "mt-1", date: day("2019-01-15"), caseIds: ["annual-2018-p1"], consentedBy: "m2"), hr),
            (.notify(meetingId: "mt-1", personId: "p1"), hr),
            (.hold(meetingId: "mt-1", present: ["m2", "m3", "m4", "head"]), hr),
            (.putMotion(meetingId: "mt-1", motionId: "mo-1", caseId: "annual-2018-p1", proposal: "approve", revisedGrade: nil, reason: nil), chair),
            (.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: true), chair),
            (.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: true), Actor(person: "m3", role: Roles.commissionMember)),
            (.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: false), Actor(person: "m4", role: Roles.commissionMember)),
            (.decide(meetingId: "mt-1", motionId: "mo-1"), chair),
        ]
        for (act, actor) in meetingActs {
            let current = try CommissionState(events: try await ledger.store.readStream("commission/c-2018", fromVersion: 1))
            let decision = try meetings.decide(act, by: actor, at: Timestamp(rfc3339: "2019-01-03T10:00:00+06:00")!, commission: current)
            try await ledgerWriter.record(to: "commission/c-2018", expecting: current.expectedVersion, decision.events)
        }
        let afterMeeting = try CommissionState(events: try await ledger.store.readStream("commission/c-2018", fromVersion: 1))
        #expect(afterMeeting.meetings["mt-1"]?.motions["mo-1"]?.carried == true)

        #expect(organisation.absence(of: "p1", on: day("2019-01-01"))?.kind == .sick)
        #expect(organisation.directSupervisor(of: "p1", on: day("2018-06-01")) == "m1")
        let stored = try CommissionState(events: try await ledger.store.readStream("commission/c-2018", fromVersion: 1))
        #expect(stored.memberIds == ["head", "m2", "m3", "m4", "m5"])
        #expect(stored.chairId == "m2")
        let versions = try MethodologyVersions(events: try await ledger.store.readStream("methodology/b", fromVersion: 1))
        #expect(versions.inForce(on: day("2018-12-01"))?.parameters.appealWorkingDays == 10)
        #expect(versions.inForce(on: day("2022-04-01")) == nil)
        #expect(versions.quarterlyInForce(on: day("2023-06-01"))?.versionId == "quarterly-2023")
        #expect(try ledger.store.verifySync().isIntact)
    }

    @Test("two HR officers acting on the same state: the second append is a conflict, not a lost or doubled act")
    func staleState() async throws {
        let ledger = try TemporaryLedger()
        try await record(.registerBody(bodyId: "b", nameKk: "Аппарат", region: "Ақмола облысы", timeZone: "Asia/Almaty"), in: ledger)
        let stream = OrganisationEvents.stream(bodyId: "b")
        let state = try OrganisationState(events: try await ledger.store.readStream(stream, fromVersion: 1))
        let first = try OrganisationRulebook().decide(.appoint(personId: "p1", fullName: "N", positionId: "x", positionTitle: "t", category: "E-3", appointedOn: day("2015-01-05"), probationEndsOn: nil), by: hr, at: at, state: state)
        let second = try OrganisationRulebook().decide(.appoint(personId: "p2", fullName: "N", positionId: "y", positionTitle: "t", category: "E-3", appointedOn: day("2015-01-05"), probationEndsOn: nil), by: hr, at: at, state: state)
        let writer = Ledger(store: ledger.store, catalog: BagalauCatalog.all)
        try await writer.record(to: stream, expecting: .exactly(state.version), [first])
        await #expect(throws: LedgerError(.wrongExpectedVersion, field: "expectedVersion", "")) {
            try await writer.record(to: stream, expecting: .exactly(state.version), [second])
        }
    }
}
