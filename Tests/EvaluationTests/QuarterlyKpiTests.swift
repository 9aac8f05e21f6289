import LedgerCore
import Testing

@testable import Evaluation

/// The KPI method of the head of apparatus (004 §22–§28).
struct QuarterlyKpiTests {
    typealias Q = QuarterlyFixture
    typealias F = OrganisationFixture

    /// The head's plan set and agreed, Q1's actual values sent.
    static func headWithValues(completion: [String] = ["100", "95", "82"], parameters edit: (inout [(String, JSONValue)]) -> Void = { _ in }) throws -> Q {
        var q = try Q.opened("head", parameters: edit)
        try q.act(.setPlan(agreedBy: "hr", kpis: Q.kpis(3)), by: Q.chairAsEvaluator, on: "2024-01-15")
        try q.act(.computeActualValues(quarter: 1, values: completion.enumerated().map { ($0.offset + 1, $0.element, $0.element) }), by: Q.hr, on: "2024-04-03")
        return q
    }

    /// A new head of apparatus appointed during 2024, reporting to the chair, with their case opened that day.
    static func newHead(_ person: String, appointedOn day: String) throws -> Q {
        var q = try QuarterlyFixture()
        try q.org.appoint(person, on: day)
        try q.org.record(.assignRole(personId: person, role: Roles.headOfApparatus, effectiveFrom: F.day(day)))
        try q.org.record(.assignSupervisor(personId: person, supervisorId: "chair", effectiveFrom: F.day(day)))
        try q.act(.openCase(caseId: "q-2024-\(person)", personId: person, year: 2024), by: Q.hr, on: day)
        return q
    }

    static func appendix3(_ members: inout [(String, JSONValue)]) {
        members.append(("scoreTable", [
            ["minimumCompletion": "100", "maximumScore": 5], ["minimumCompletion": "90", "maximumScore": 4],
            ["minimumCompletion": "70", "maximumScore": 3], ["minimumCompletion": "0", "maximumScore": 2],
        ]))
    }

    @Test("004 §22, §29–§30: the head of apparatus is evaluated by KPIs, by the chair; servant s1 by differentiation, by the head of apparatus")
    func methodFollowsRole() throws {
        let head = try Q.opened("head")
        #expect(head.state.method == .kpi)
        #expect(head.state.evaluatorId == "chair")
        let servant = try Q.opened("s1")
        #expect(servant.state.method == .differentiation)
        #expect(servant.state.evaluatorId == "head")
        #expect(servant.state.methodologyVersionId == "quarterly-2023")
    }

    @Test("004 §24: a plan of 2 KPIs or of 6 is refused; 3 to 5 stand")
    func threeToFive() throws {
        var q = try Q.opened("head")
        for count in [2, 6] {
            #expect(refusal { try q.act(.setPlan(agreedBy: "hr", kpis: Q.kpis(count)), by: Q.chairAsEvaluator, on: "2024-01-15") }?.message
                == "004 §24: a work plan holds 3 to 5 KPIs; got \(count)")
        }
        try q.act(.setPlan(agreedBy: "hr", kpis: Q.kpis(5)), by: Q.chairAsEvaluator, on: "2024-01-15")
        #expect(q.state.kpiNumbers == [1, 2, 3, 4, 5])
    }

    @Test("004 §23: KPIs are agreed with the HR officer — a plan 'agreed' by servant s2 is refused")
    func agreedWithHR() throws {
        var q = try Q.opened("head")
        #expect(refusal { try q.act(.setPlan(agreedBy: "s2", kpis: Q.kpis(3)), by: Q.chairAsEvaluator, on: "2024-01-15") }?.field == "payload.agreedBy")
    }

    @Test("004 §23: KPIs within 10 working days of the period start — due 2024-01-16; set on 2024-01-18, 2 working days late, recorded and flagged")
    func planDeadline() throws {
        var q = try Q.opened("head")
        let decision = try q.act(.setPlan(agreedBy: "hr", kpis: Q.kpis(3)), by: Q.chairAsEvaluator, on: "2024-01-18")
        #expect(decision.findings.map(\.description) == ["004 §23: KPIs set within 10 working days of the period start or the appointment by 2024-01-16; done 2024-01-18, 2 working days late"])
        #expect(decision.events[0].payload["deadlines"]?[0]?["workingDaysLate"] == .integer(2))
    }

    @Test("004 §23, §27, §31: HR places the plan within 5 working days (set 2024-01-15, due 2024-01-22) and notifies the head by 5 April, a servant by 10 April")
    func placementAndNotice() throws {
        var q = try Q.opened("head")
        #expect(refusal { try q.act(.placePlan, by: Q.hr, on: "2024-01-16") }?.message == "004 §23: no work plan is set yet")
        try q.act(.setPlan(agreedBy: "hr", kpis: Q.kpis(3)), by: Q.chairAsEvaluator, on: "2024-01-15")
        #expect(try q.act(.placePlan, by: Q.hr, on: "2024-01-23").findings.map(\.description)
            == ["004 §23: plan placed in the system within 5 working days of its approval by 2024-01-22; done 2024-01-23, 1 working day late"])
        #expect(try q.act(.notifyEvaluation(quarter: 1, channel: "system"), by: Q.hr, on: "2024-04-08").findings.map(\.description)
            == ["004 §27: notice of quarter 1's evaluation by 2024-04-05; done 2024-04-08, 1 working day late"])
        var servant = try Q.opened("s1")
        #expect(try servant.act(.notifyEvaluation(quarter: 1, channel: "system"), by: Q.hr, on: "2024-04-08").findings.first?.description
            == "004 §31: notice of quarter 1's evaluation by 2024-04-10; done 2024-04-08, on time")
    }

    @Test("004 §23: a head appointed on 2024-05-06 has 10 working days from the appointment — due 2024-05-23 (7–9 May are days off)")
    func appointedMidPeriod() throws {
        var q = try Self.newHead("h2", appointedOn: "2024-05-06")
        #expect(q.state.periodStart == F.day("2024-05-06"))
        #expect(q.state.method == .kpi)
        let decision = try q.act(.setPlan(agreedBy: "hr", kpis: Q.kpis(3)), by: Q.chairAsEvaluator, on: "2024-05-23")
        #expect(decision.findings.first?.dueBy == F.day("2024-05-23"))
        #expect(decision.findings.first?.isLate == false)
    }

    @Test("004 §23: a head appointed on 2024-10-15 has under 3 months to the period end — no KPIs are set")
    func noKpisUnderThreeMonths() throws {
        var q = try Self.newHead("h3", appointedOn: "2024-10-15")
        #expect(refusal { try q.act(.setPlan(agreedBy: "hr", kpis: Q.kpis(3)), by: Q.chairAsEvaluator, on: "2024-10-20") }?.message
            == "004 §23: appointed on 2024-10-15, fewer than 3 months remain to the period end 2024-12-31: no KPIs are set")
    }

    @Test("004 §26: KPIs change only on a recorded change of functions or structure — refused without one, accepted with order № 12 recorded")
    func changeOnlyOnStructureChange() throws {
        var q = try Q.opened("head")
        try q.act(.setPlan(agreedBy: "hr", kpis: Q.kpis(3)), by: Q.chairAsEvaluator, on: "2024-01-15")
        #expect(refusal { try q.act(.setPlan(agreedBy: "hr", kpis: Q.kpis(4)), by: Q.chairAsEvaluator, on: "2024-03-01") }?.clause == "004 §26")
        #expect(refusal { try q.act(.changePlan(agreedBy: "hr", changeId: "reorg-1", kpis: Q.kpis(4)), by: Q.chairAsEvaluator, on: "2024-03-01") }?.message
            == "004 §26: KPIs change only on a recorded change of the body's functions or structure; reorg-1 is not recorded")
        try q.org.record(.recordStructureChange(changeId: "reorg-1", orderNumber: "№ 12", effectiveFrom: F.day("2024-02-20"), description: "a new department"))
        try q.act(.changePlan(agreedBy: "hr", changeId: "reorg-1", kpis: Q.kpis(4)), by: Q.chairAsEvaluator, on: "2024-03-01")
        #expect(q.state.kpiNumbers == [1, 2, 3, 4])
        #expect(refusal { try q.act(.changePlan(agreedBy: "hr", changeId: "reorg-1", kpis: Q.kpis(5)), by: Q.chairAsEvaluator, on: "2024-03-05") }?.clause == "004 §26")
    }

    @Test("004 §23: HR's actual values reach the evaluator 5 working days before the 2024-04-10 deadline — due 2024-04-03; sent 2024-04-05, 2 days late")
    func actualValuesDeadline() throws {
        var q = try Q.opened("head")
        try q.act(.setPlan(agreedBy: "hr", kpis: Q.kpis(3)), by: Q.chairAsEvaluator, on: "2024-01-15")
        #expect(refusal { try q.act(.computeActualValues(quarter: 1, values: [(1, "1", "1")]), by: Q.hr, on: "2024-04-05") }?.field == "payload.values")
        let decision = try q.act(.computeActualValues(quarter: 1, values: [(1, "100", "100"), (2, "9", "90"), (3, "8", "80")]), by: Q.hr, on: "2024-04-05")
        #expect(decision.findings.map(\.description) == ["004 §23: actual values sent to the evaluator 5 working days before the deadline 2024-04-10 by 2024-04-03; done 2024-04-05, 2 working days late"])
    }

    @Test("004 §28, App. 3: KPI 3 completed at 82% scored 5 is refused (the table allows 3); 5, 4, 3 stand and the quarter is 4 (effectively)")
    func scoreRefusedByTable() throws {
        var q = try Self.headWithValues(parameters: Self.appendix3)
        #expect(refusal { try q.act(.scoreKpis(quarter: 1, scores: [(1, 5), (2, 4), (3, 5)]), by: Q.chairAsEvaluator, on: "2024-04-08") }?.message
            == "004 §28: a KPI completed at 82.00% allows a score of at most 3 (App. 3 table); got 5")
        let decision = try q.act(.scoreKpis(quarter: 1, scores: [(1, 5), (2, 4), (3, 3)]), by: Q.chairAsEvaluator, on: "2024-04-08")
        #expect(decision.events[0].payload["score"] == "4")
        #expect(decision.events[0].payload["result"] == "effective")
    }

    @Test("004 §28, domain §7.2: without a table, scores 4, 5, 5 give the quarter 14/3, stored exact and banded at 4.67")
    func exactQuarter() throws {
        var q = try Self.headWithValues()
        let decision = try q.act(.scoreKpis(quarter: 1, scores: [(1, 4), (2, 5), (3, 5)]), by: Q.chairAsEvaluator, on: "2024-04-08")
        #expect(decision.events[0].payload["score"] == "14/3")
        #expect(decision.events[0].payload["rounded"] == "4.67")
        #expect(q.state.quarter(1).finalScore == ExactScore(14, over: 3))
    }

    @Test("004 §5: a quarter is evaluated after it ends — Q2 scored on 2024-06-20 is refused")
    func afterQuarterEnds() throws {
        var q = try Q.opened("s1")
        #expect(refusal {
            try q.act(.scoreDifferentiation(quarter: 2, score: 4, quality: "q", timeliness: "t", initiative: "i", discipline: "d", workload: "w"), by: Q.headAsEvaluator, on: "2024-06-20")
        }?.message == "004 §5: quarter 2 is evaluated on its results, after it ends on 2024-06-30")
    }

    @Test("004 §6: the head on leave 2024-04-01 – Mon 15, over the 2024-04-10 deadline, back on Tue 16, is KPI-evaluated within 5 working days of returning — due 2024-04-23, scored 2024-04-19 on time")
    func kpiAfterLeave() throws {
        var q = try Self.headWithValues()
        try q.org.record(.recordLeave(personId: "head", kind: .annual, from: F.day("2024-04-01"), until: F.day("2024-04-15")))
        let decision = try q.act(.scoreKpis(quarter: 1, scores: [(1, 4), (2, 4), (3, 4)]), by: Q.chairAsEvaluator, on: "2024-04-19")
        #expect(decision.findings.map(\.description) == ["004 §6: KPI evaluation within 5 working days of the return to work on 2024-04-16 (away: annual) by 2024-04-23; done 2024-04-19, on time"])
    }

    @Test("004 §22: the head of apparatus is not scored by the differentiation method")
    func noDifferentiationForHead() throws {
        var q = try Q.opened("head")
        #expect(refusal {
            try q.act(.scoreDifferentiation(quarter: 1, score: 4, quality: "q", timeliness: "t", initiative: "i", discipline: "d", workload: "w"), by: Q.chairAsEvaluator, on: "2024-04-08")
        }?.clause == "004 §22")
    }
}

extension LedgerError {
    /// The clause a refusal names, e.g. `004 §24`.
    var clause: String { message.split(separator: ":", maxSplits: 1).first.map(String.init) ?? "" }
}
