import LedgerCore
import Testing

@testable import Evaluation

/// The differentiation method, exemptions, absences and familiarisation (004 §6–§7, §12, §29–§33).
struct QuarterlyDifferentiationTests {
    typealias Q = QuarterlyFixture
    typealias F = OrganisationFixture

    static func score(_ quarter: Int, _ score: Int) -> QuarterlyAct {
        .scoreDifferentiation(quarter: quarter, score: score, quality: "sound drafts", timeliness: "on time", initiative: "proposed a register",
                              discipline: "no breaches", workload: "heavy: 40 appeals")
    }

    @Test("004 §32–§33: one 0–5 score a quarter with quality, deadlines, initiative and discipline recorded beside it; 6 is refused")
    func oneScoreFourParameters() throws {
        var q = try Q.opened("s1")
        #expect(refusal { try q.act(Self.score(1, 6), by: Q.headAsEvaluator, on: "2024-04-08") }?.message == "004 §32: the differentiation score is 0 to 5; got 6")
        let decision = try q.act(Self.score(1, 4), by: Q.headAsEvaluator, on: "2024-04-08")
        let payload = decision.events[0].payload
        #expect(payload["quality"] == "sound drafts" && payload["timeliness"] == "on time" && payload["initiative"] == "proposed a register" && payload["discipline"] == "no breaches")
        #expect(payload["result"] == "effective")
        #expect(refusal { try q.act(Self.score(1, 5), by: Q.headAsEvaluator, on: "2024-04-09") }?.clause == "004 §5")
    }

    @Test("004 §30: only the case's evaluator (the head of apparatus) scores — the chair's score for s1 is refused")
    func onlyTheEvaluator() throws {
        var q = try Q.opened("s1")
        #expect(refusal { try q.act(Self.score(1, 4), by: Q.chairAsEvaluator, on: "2024-04-08") }?.field == "actor")
    }

    @Test("004 §6: appointed 2024-03-10, s7 was under a month in the post in Q1 — scoring Q1 is refused, the exemption recorded; appointed 2024-03-01 is evaluated")
    func underAMonth() throws {
        var q = try QuarterlyFixture()
        try q.org.appoint("s7", on: "2024-03-10")
        try q.act(.openCase(caseId: "q-2024-s7", personId: "s7", year: 2024), by: Q.hr, on: "2024-03-10")
        #expect(refusal { try q.act(Self.score(1, 4), by: Q.headAsEvaluator, on: "2024-04-08") }?.message
            == "004 §6: s7 is not evaluated for quarter 1: in the position 2024-03-10–2024-03-31, less than 1 month of quarter 1")
        try q.act(.exemptQuarter(quarter: 1), by: Q.hr, on: "2024-04-08")
        #expect(refusal { try q.act(.exemptQuarter(quarter: 2), by: Q.hr, on: "2024-07-08") }?.clause == "004 §6")
        try q.act(Self.score(2, 3), by: Q.headAsEvaluator, on: "2024-07-08")
        #expect(q.state.annualScore == ExactScore(3))

        var other = try QuarterlyFixture()
        try other.org.appoint("s8", on: "2024-03-01")
        try other.act(.openCase(caseId: "q-2024-s8", personId: "s8", year: 2024), by: Q.hr, on: "2024-03-01")
        try other.act(Self.score(1, 4), by: Q.headAsEvaluator, on: "2024-04-08")
    }

    @Test("004 §6: s2 on leave 2024-04-01–15 is scored by differentiation without them at the normal deadline — scored 2024-04-19 is 7 working days late")
    func differentiationDoesNotWait() throws {
        var q = try Q.opened("s2")
        try q.org.record(.recordLeave(personId: "s2", kind: .annual, from: F.day("2024-04-01"), until: F.day("2024-04-15")))
        let decision = try q.act(Self.score(1, 4), by: Q.headAsEvaluator, on: "2024-04-19")
        #expect(decision.findings.map(\.description) == ["004 §5: quarter 1 evaluated by 2024-04-10; done 2024-04-19, 7 working days late"])
    }

    @Test("004 §7: s3, dismissed 2024-05-15, is evaluated for Q2 without them; Q3, wholly after the dismissal, is exempt")
    func dismissed() throws {
        var q = try Q.opened("s3")
        try q.org.record(.dismiss(personId: "s3", dismissedOn: F.day("2024-05-15")))
        try q.act(Self.score(2, 2), by: Q.headAsEvaluator, on: "2024-07-05")
        #expect(refusal { try q.act(Self.score(3, 2), by: Q.headAsEvaluator, on: "2024-10-05") }?.message
            == "004 §6: s3 is not evaluated for quarter 3: not in the position during quarter 3 (2024-07-01–2024-09-30)")
        try q.act(.exemptQuarter(quarter: 3), by: Q.hr, on: "2024-10-05")
        #expect(q.state.quarter(3).exemption != nil)
    }

    @Test("004 §12: familiarisation within 2 working days of the evaluation — scored 2024-04-08, due 2024-04-10, done 2024-04-12: 2 days late")
    func familiarisationDeadline() throws {
        var q = try Q.opened("s1")
        #expect(refusal { try q.act(.familiarise(quarter: 1, channel: "system"), by: Q.hr, on: "2024-04-08") }?.clause == "004 §12")
        try q.act(Self.score(1, 4), by: Q.headAsEvaluator, on: "2024-04-08")
        let decision = try q.act(.familiarise(quarter: 1, channel: "intranet"), by: Q.hr, on: "2024-04-12")
        #expect(decision.findings.map(\.description) == ["004 §12: results shown within 2 working days of the evaluation by 2024-04-10; done 2024-04-12, 2 working days late"])
    }

    @Test("004 §5, domain §7.3: quarters 4, 3, 4, 4 make the year 15/4 = 3.75 (properly); the banded figure is rounded half up only at the end")
    func annualMean() throws {
        var q = try Q.opened("s1")
        for (quarter, score, day) in [(1, 4, "2024-04-08"), (2, 3, "2024-07-08"), (3, 4, "2024-10-08"), (4, 4, "2025-01-08")] {
            try q.act(Self.score(quarter, score), by: Q.headAsEvaluator, on: day)
        }
        #expect(q.state.annualScore == ExactScore(15, over: 4))
        #expect(q.state.annualScore?.description == "3.75")
    }
}
