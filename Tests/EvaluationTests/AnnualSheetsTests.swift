import LedgerCore
import Testing

@testable import Evaluation

extension AnnualFixture {
    /// An opened case whose plan of 5 KPIs is approved on 2018-01-12.
    static func approvedPlan() throws -> AnnualFixture {
        var fixture = try opened()
        try fixture.act(.draftPlan(kpis: kpis(5)), by: chief, on: "2018-01-10")
        try fixture.act(.submitPlan, by: chief, on: "2018-01-11")
        try fixture.act(.approvePlan, by: headAsSuperior, on: "2018-01-12")
        return fixture
    }

    static func results(achieved: Int) -> [(number: Int, actualValue: String, achieved: Bool)] {
        (1...5).map { ($0, $0 <= achieved ? "100" : "60.5", $0 <= achieved) }
    }
}

struct AnnualSheetsTests {
    typealias A = AnnualFixture

    @Test("001 §16: quarterly monitoring with written recommendations — quarter 5 and a quarter recorded twice are refused")
    func monitoring() throws {
        var draft = try A.opened()
        #expect(refusal { try draft.act(.recordMonitoring(quarter: 1, recommendations: "x"), by: A.chief, on: "2018-04-05") }?.message
            == "001 §16: the individual work plan is not approved yet (not drafted)")
        var fixture = try A.approvedPlan()
        try fixture.act(.recordMonitoring(quarter: 1, recommendations: "Speed up KPI 2: two reports late"), by: A.chief, on: "2018-04-05")
        #expect(refusal { try fixture.act(.recordMonitoring(quarter: 1, recommendations: "again"), by: A.chief, on: "2018-04-06") }?.message
            == "001 §16: the monitoring of quarter 1 is recorded already")
        #expect(refusal { try fixture.act(.recordMonitoring(quarter: 5, recommendations: "x"), by: A.chief, on: "2018-04-06") }?.field == "payload.quarter")
        #expect(fixture.state.monitoredQuarters == [1])
    }

    @Test("001 §18: 5 of 5 KPIs achieved is excellent, 4 effective, 3 satisfactory, 2 unsatisfactory", arguments: [
        (5, "excellent"), (4, "effective"), (3, "satisfactory"), (2, "unsatisfactory"), (0, "unsatisfactory"),
    ])
    func grade(achieved: Int, grade: String) throws {
        var fixture = try A.approvedPlan()
        try fixture.act(.signKpiSheet(results: A.results(achieved: achieved)), by: A.chief, on: "2018-12-27")
        #expect(fixture.state.kpiSheet == .signed(on: LocalDate("2018-12-27")!, achieved: achieved, grade: grade))
    }

    @Test("001 §17: the KPI sheet has one line per KPI of the plan — a sheet without KPI 5 is refused")
    func everyKpi() throws {
        var fixture = try A.approvedPlan()
        let error = refusal { try fixture.act(.signKpiSheet(results: Array(A.results(achieved: 4).prefix(4))), by: A.chief, on: "2018-12-27") }
        #expect(error?.message == "001 §17: the sheet has one line per KPI of the plan (1, 2, 3, 4, 5); got 1, 2, 3, 4")
    }

    @Test("001 §21–§23: returned Thu 27 Dec 2018 for unreliable facts, due back by Sat 29 Dec (a worked Saturday), re-signed Fri 4 Jan 2019: flagged 2 working days late; then agreed")
    func sheetReturned() throws {
        var fixture = try A.approvedPlan()
        try fixture.act(.signKpiSheet(results: A.results(achieved: 5)), by: A.chief, on: "2018-12-26")
        #expect(refusal { try fixture.act(.agreeKpiSheet, by: Actor(person: "chief", role: Roles.superiorSupervisor), on: "2018-12-27") }?.message.hasPrefix("001 §21:") == true)
        try fixture.act(.returnKpiSheet(reason: "No act proves KPI 4 was achieved"), by: A.headAsSuperior, on: "2018-12-27")
        let resigned = try fixture.act(.signKpiSheet(results: A.results(achieved: 4)), by: A.chief, on: "2019-01-04")
        // 2 working days after Thu 27 Dec 2018: Fri 28, Sat 29 Dec (worked instead of Mon 31 Dec) — due 29 Dec.
        #expect(resigned.findings.first?.clause == "001 §23")
        #expect(resigned.findings.first?.dueBy == LocalDate("2018-12-29"))
        #expect(resigned.findings.first?.workingDaysLate == 2)
        try fixture.act(.agreeKpiSheet, by: A.headAsSuperior, on: "2019-01-04")
        #expect(fixture.state.kpiSheet == .agreed(on: LocalDate("2019-01-04")!, achieved: 4, grade: "effective"))
    }

    @Test("001 §4: sick 20 Dec 2018 – Wed 9 Jan 2019, a servant is not evaluated while away; back on Thu 10 Jan, evaluated by 17 Jan (5 WD after the return) is on time, on 18 Jan 1 day late")
    func afterSickLeave() throws {
        for (day, late) in [("2019-01-15", 0), ("2019-01-17", 0), ("2019-01-18", 1)] {
            var fixture = try A.approvedPlan()
            var organisation = OrganisationFixture()
            organisation.state = fixture.organisation
            organisation.seq = 20
            try organisation.record(.recordLeave(personId: "p1", kind: .sick, from: LocalDate("2018-12-20")!, until: LocalDate("2019-01-09")!))
            fixture.organisation = organisation.state
            #expect(refusal { try fixture.act(.signKpiSheet(results: A.results(achieved: 5)), by: A.chief, on: "2019-01-08") }?.message
                == "001 §4: p1 is away (sick) until 2019-01-09; the evaluation takes place within 5 working days after the return")
            let signed = try fixture.act(.signKpiSheet(results: A.results(achieved: 5)), by: A.chief, on: day)
            #expect(signed.findings.map(\.clause) == ["001 §4"])
            #expect(signed.findings.first?.dueBy == LocalDate("2019-01-17"))
            #expect(signed.findings.first?.workingDaysLate == late)
        }
    }

    @Test("001 §4: \"within 5 working days after returning to work\" — sick until Wed 2019-03-20, back on Tue 2019-03-26 (21, 22, 25 March off): due 2019-04-02, so a sheet signed on 04-02 is on time")
    func countedFromTheReturn() throws {
        var fixture = try A.approvedPlan()
        var organisation = OrganisationFixture()
        organisation.state = fixture.organisation
        organisation.seq = 20
        try organisation.record(.recordLeave(personId: "p1", kind: .sick, from: LocalDate("2019-01-02")!, until: LocalDate("2019-03-20")!))
        fixture.organisation = organisation.state
        #expect(try WorkingDayCalendar.kazakhstan.returnToWork(after: LocalDate("2019-03-20")!) == LocalDate("2019-03-26"))
        let signed = try fixture.act(.signKpiSheet(results: A.results(achieved: 5)), by: A.chief, on: "2019-04-02")
        #expect(signed.findings.map(\.description)
            == ["001 §4: evaluated within 5 working days after the return to work on 2019-03-26 from sick leave by 2019-04-02; done 2019-04-02, on time"])
    }

    @Test("001 §4: a servant still on probation on the evaluation day is not evaluated")
    func probation() throws {
        var fixture = try A.approvedPlan()
        var organisation = OrganisationFixture()
        organisation.state = fixture.organisation
        organisation.seq = 20
        try organisation.record(.appoint(personId: "p1", fullName: "N", positionId: "x", positionTitle: "t", category: "E-4",
                                         appointedOn: LocalDate("2018-01-08")!, probationEndsOn: LocalDate("2019-01-07")!))
        fixture.organisation = organisation.state
        #expect(refusal { try fixture.act(.signKpiSheet(results: A.results(achieved: 5)), by: A.chief, on: "2018-12-27") }?.message
            == "001 §4: p1 is not evaluated: on probation until 2019-01-07")
    }

    @Test("001 §27: 3 of 4 indicators observed meets expectations; 2 of 3 does not, and the sheet names the indicator not observed")
    func competencies() throws {
        var fixture = try A.approvedPlan()
        let decision = try fixture.act(.signCompetencySheet(competencies: [
            ("Cooperation", ["shares information", "helps colleagues", "works in a team"], ["resolves conflicts"]),
            ("Initiative", ["proposes improvements", "takes on new tasks"], ["acts without being asked"]),
        ]), by: A.chief, on: "2018-12-27")
        #expect(fixture.state.competencyResults == ["Cooperation": true, "Initiative": false])
        let assessed = decision.events[0].payload["competencies"]
        #expect(assessed == .array([
            ["competency": "Cooperation", "observed": ["shares information", "helps colleagues", "works in a team"], "notObserved": ["resolves conflicts"], "meetsExpectations": true],
            ["competency": "Initiative", "observed": ["proposes improvements", "takes on new tasks"], "notObserved": ["acts without being asked"], "meetsExpectations": false],
        ]))
        #expect(decision.events[0].payload["category"] == "E-3")
    }

    @Test("001 §26: a competency assessed by 11 behavioural indicators is refused — at most 10")
    func atMostTenIndicators() throws {
        var fixture = try A.approvedPlan()
        let indicators = (1...11).map { "indicator \($0)" }
        let error = refusal { try fixture.act(.signCompetencySheet(competencies: [("Integrity", indicators, [])]), by: A.chief, on: "2018-12-27") }
        #expect(error?.message == "001 §26: a competency is assessed by 1 to 10 behavioural indicators; got 11")
    }

    @Test("001 §6–§7: competency results never change the KPI grade — every competency failed, the grade stays effective")
    func tracksAreIndependent() throws {
        var fixture = try A.approvedPlan()
        try fixture.act(.signKpiSheet(results: A.results(achieved: 4)), by: A.chief, on: "2018-12-26")
        try fixture.act(.agreeKpiSheet, by: A.headAsSuperior, on: "2018-12-27")
        let decision = try fixture.act(.signCompetencySheet(competencies: [("Responsibility", [], ["meets deadlines", "owns mistakes"])]), by: A.chief, on: "2018-12-27")
        #expect(decision.events.map(\.type) == ["annual.competency-sheet-signed"])
        #expect(fixture.state.kpiSheet == .agreed(on: LocalDate("2018-12-27")!, achieved: 4, grade: "effective"))
        #expect(fixture.state.competencyResults == ["Responsibility": false])
    }

    @Test("001 §24, §28: HR puts the signed sheets before the commission within 2 working days of each signature — on 3 Jan 2019 that is 1 and 2 working days late; not before the superior agrees")
    func handOver() throws {
        var fixture = try A.approvedPlan()
        try fixture.act(.signKpiSheet(results: A.results(achieved: 5)), by: A.chief, on: "2018-12-26")
        try fixture.act(.signCompetencySheet(competencies: [("Cooperation", ["a", "b", "c"], ["d"])]), by: A.chief, on: "2018-12-26")
        #expect(refusal { try fixture.act(.handToCommission(commissionId: "c-2018"), by: A.hr, on: "2018-12-27") }?.message
            == "001 §24: the KPI sheet goes to the commission after the superior supervisor signs it")
        try fixture.act(.agreeKpiSheet, by: A.headAsSuperior, on: "2018-12-27")
        let handed = try fixture.act(.handToCommission(commissionId: "c-2018"), by: A.hr, on: "2019-01-03")
        // KPI sheet agreed Thu 27 Dec 2018: due Fri 28, Sat 29 Dec (a transferred workday) → 29 Dec; 31 Dec is
        // off (moved from 29 Dec), 1–2 Jan are holidays, so 3 Jan is 1 working day late.
        // Competency sheet signed Wed 26 Dec: due 28 Dec, so 3 Jan is 2 working days late (29 Dec, 3 Jan).
        #expect(handed.findings.map(\.clause) == ["001 §24", "001 §28"])
        #expect(handed.findings.map(\.dueBy) == [LocalDate("2018-12-29")!, LocalDate("2018-12-28")!])
        #expect(handed.findings.map(\.workingDaysLate) == [1, 2])
        #expect(fixture.state.handedToCommission?.commissionId == "c-2018")
    }
}
