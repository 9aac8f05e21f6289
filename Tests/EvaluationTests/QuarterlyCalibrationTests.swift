import LedgerCore
import Testing

@testable import Evaluation

/// Calibration sessions and the complaint after them (004 §13–§14, §39–§43; APC Art. 91, 136).
struct QuarterlyCalibrationTests {
    typealias Q = QuarterlyFixture
    typealias F = OrganisationFixture

    @discardableResult
    static func vote(_ q: inout Q, _ votes: [(String, String)]) throws -> Decision {
        for (person, score) in votes { try q.act(.voteCalibration(quarter: 1, score: score), by: Q.participant(person), on: "2024-04-18") }
        return try q.act(.signCalibrationProtocol(quarter: 1), by: Q.chair, on: "2024-04-18")
    }

    @Test("004 §42: a correction up — the evaluator's 3 becomes 4 by the votes 3, 4, 4 of three participants")
    func correctionUp() throws {
        var q = try Q.inSession(participants: ["head", "chair", "s4"])
        try q.act(.argueCalibration(quarter: 1, position: "raise", proposedScore: "4", argument: "led the budget hearing"), by: Q.participant("s4"), on: "2024-04-18")
        let decision = try Self.vote(&q, [("head", "3"), ("chair", "4"), ("s4", "4")])
        let payload = decision.events[0].payload
        #expect(payload["before"] == "3" && payload["score"] == "4" && payload["correction"] == "up" && payload["majority"] == .bool(true))
        #expect(q.state.quarter(1).finalScore == ExactScore(4))
    }

    @Test("004 §42: a session settles on 3.98 by the votes 3.98, 3.98, 4; with quarters of 4, 4, 4 the year mean is 3.995, banded 4.00 — effectively (004 §5, §8)")
    func twoDecimalCorrection() throws {
        var q = try Q.inSession(participants: ["head", "chair", "s4"])
        try q.act(.argueCalibration(quarter: 1, position: "raise", proposedScore: "3.98", argument: "the audit report was on time"), by: Q.participant("s4"), on: "2024-04-18")
        let decision = try Self.vote(&q, [("head", "3.98"), ("chair", "3.98"), ("s4", "4")])
        let payload = decision.events[0].payload
        #expect(payload["votes"] == [["participantId": "head", "score": "3.98"], ["participantId": "chair", "score": "3.98"], ["participantId": "s4", "score": "4"]])
        #expect(payload["score"] == "199/50" && payload["rounded"] == "3.98" && payload["correction"] == "up" && payload["result"] == "proper")
        for (quarter, day) in [(2, "2024-07-08"), (3, "2024-10-08"), (4, "2025-01-08")] {
            try q.act(.scoreDifferentiation(quarter: quarter, score: 4, quality: "q", timeliness: "t", initiative: "i", discipline: "d", workload: "w"),
                      by: Q.headAsEvaluator, on: day)
        }
        let year = try #require(q.state.annualScore)
        #expect(year == ExactScore(3995, over: 1000) && year.description == "4.00")
        #expect(try #require(q.context.methodology.quarterlyInForce(on: F.day("2024-01-01"))).parameters.band(of: year).result == "effective")
    }

    @Test("004 §42: a correction down — the evaluator's 4 becomes 3 by the votes 3, 3, 4")
    func correctionDown() throws {
        var q = try Q.inSession(participants: ["head", "chair", "s4"], score: 4)
        let decision = try Self.vote(&q, [("head", "4"), ("chair", "3"), ("s4", "3")])
        #expect(decision.events[0].payload["correction"] == "down")
        #expect(q.state.quarter(1).finalScore == ExactScore(3))
    }

    @Test("tie rule (domain §7.4): votes 3, 4, 4, 3 of four participants give no majority — the evaluator's 3 stands, no correction")
    func tie() throws {
        var q = try Q.inSession(participants: ["head", "chair", "s4", "s5"])
        let decision = try Self.vote(&q, [("head", "3"), ("chair", "4"), ("s4", "4"), ("s5", "3")])
        let payload = decision.events[0].payload
        #expect(payload["majority"] == .bool(false) && payload["correction"] == "none" && payload["score"] == "3")
        #expect(QuarterlyRulebook.outcome(before: ExactScore(3), votes: [ExactScore(2), ExactScore(4), ExactScore(5)]) == (ExactScore(3), false))
    }

    @Test("004 §42: participants argue and vote only after the evaluator's argument, once each; outsiders and the servant do not vote")
    func whoArguesAndVotes() throws {
        var q = try Q.scoredAndFamiliarised()
        try q.act(.applyForCalibration(quarter: 1, reason: "underrated"), by: Q.servant("s1"), on: "2024-04-10")
        #expect(refusal {
            try q.act(.conveneCalibration(quarter: 1, sessionId: "c", participants: ["chair", "s4"], sessionDate: F.day("2024-04-18")), by: Q.chair, on: "2024-04-11")
        }?.message == "004 §42: the evaluator (head) argues the grade at the session and takes part")
        #expect(refusal {
            try q.act(.conveneCalibration(quarter: 1, sessionId: "c", participants: ["head", "s1"], sessionDate: F.day("2024-04-18")), by: Q.chair, on: "2024-04-11")
        }?.clause == "004 §42")
        try q.act(.conveneCalibration(quarter: 1, sessionId: "c", participants: ["head", "chair", "s4"], sessionDate: F.day("2024-04-18")), by: Q.chair, on: "2024-04-11")
        #expect(refusal { try q.act(.voteCalibration(quarter: 1, score: "4"), by: Q.participant("s4"), on: "2024-04-18") }?.message
            == "004 §42: the vote follows the evaluator's argument")
        try q.act(.argueCalibration(quarter: 1, position: "support", proposedScore: nil, argument: "as scored"), by: Q.headAsEvaluator, on: "2024-04-18")
        #expect(refusal { try q.act(.voteCalibration(quarter: 1, score: "4"), by: Q.participant("s5"), on: "2024-04-18") }?.field == "actor")
        #expect(refusal { try q.act(.argueCalibration(quarter: 1, position: "lower", proposedScore: "4", argument: "x"), by: Q.participant("s4"), on: "2024-04-18") }?.field
            == "payload.proposedScore")
        try q.act(.voteCalibration(quarter: 1, score: "3.5"), by: Q.participant("s4"), on: "2024-04-18")
        #expect(refusal { try q.act(.voteCalibration(quarter: 1, score: "4"), by: Q.participant("s4"), on: "2024-04-18") }?.message == "004 §42: s4 has voted already")
        #expect(refusal { try q.act(.voteCalibration(quarter: 1, score: "3.555"), by: Q.participant("chair"), on: "2024-04-18") }?.clause == "004 §8")
    }

    @Test("004 §13: the application within 5 working days of familiarisation — familiarised 2024-04-09, due 2024-04-16; applied 2024-04-18 is flagged 2 days late")
    func lateApplication() throws {
        var q = try Q.scoredAndFamiliarised()
        let decision = try q.act(.applyForCalibration(quarter: 1, reason: "underrated"), by: Q.servant("s1"), on: "2024-04-18")
        #expect(decision.findings.map(\.description) == ["004 §13: application within 5 working days of familiarisation by 2024-04-16; done 2024-04-18, 2 working days late"])
        #expect(refusal { try q.act(.applyForCalibration(quarter: 1, reason: "again"), by: Q.servant("s1"), on: "2024-04-18") }?.clause == "004 §13")
    }

    @Test("004 §39–§40, §42: the chair decides within 3 working days (by 2024-04-15), the session within 10 (by 2024-04-24), the protocol placed within 3 of signing")
    func sessionDeadlines() throws {
        var q = try Q.inSession(participants: ["head", "chair", "s4"])
        let convened = q.state.quarter(1).calibration
        #expect(convened?.convenedOn == F.day("2024-04-12"))
        let signed = try Self.vote(&q, [("head", "3"), ("chair", "3"), ("s4", "3")])
        #expect(signed.findings.map(\.description) == ["004 §40: the session within 10 working days of the application by 2024-04-24; done 2024-04-18, on time"])
        let posted = try q.act(.postCalibrationProtocol(quarter: 1), by: Q.hr, on: "2024-04-25")
        #expect(posted.findings.map(\.description) == ["004 §42: protocol placed within 3 working days of signing by 2024-04-23; done 2024-04-25, 2 working days late"])
        try q.act(.holdFeedbackMeeting(quarter: 1, achievements: "a", development: "d", careerGoals: "c"), by: Q.headAsEvaluator, on: "2024-04-26")
    }

    @Test("004 §14, APC Art. 91, 136: complaint within 3 months of learning (2024-04-19 → due 2024-07-19; filed 2024-07-22, 3 calendar days late); court only after its decision, within 1 month (2024-09-01 is a Sunday: the term ends on Monday 2024-09-02, term.non-working-day; filed 09-05: 3 calendar days late)")
    func complaintAndCourt() throws {
        var q = try Q.inSession(participants: ["head", "chair", "s4"])
        try Self.vote(&q, [("head", "3"), ("chair", "3"), ("s4", "3")])
        let filed = try q.act(.fileComplaint(quarter: 1, authority: "regional maslikhat", learnedOn: F.day("2024-04-19")), by: Q.servant("s1"), on: "2024-07-22")
        #expect(filed.findings.map(\.description) == ["APC Art. 91: complaint within 3 months of learning of the decision by 2024-07-19; done 2024-07-22, 3 calendar days late"])
        #expect(refusal {
            try q.act(.recordCourtDecision(quarter: 1, court: "district court", filedOn: F.day("2024-08-05"), outcome: "rejected", decisionDate: F.day("2024-09-20")), by: Q.hr, on: "2024-09-21")
        }?.message == "APC Art. 136: court follows the pre-trial complaint's decision; none is recorded on quarter 1")
        try q.act(.decideComplaint(quarter: 1, outcome: "rejected", reasoning: "procedure followed"), by: Actor(person: "reg-1", role: Roles.agencyOfficer), on: "2024-08-01")
        let court = try q.act(.recordCourtDecision(quarter: 1, court: "district court", filedOn: F.day("2024-09-05"), outcome: "rejected", decisionDate: F.day("2024-10-20")), by: Q.hr, on: "2024-10-21")
        #expect(court.findings.map(\.description) == [
            "APC Art. 136: claim filed within 1 month(s) of the complaint's decision (its last day 2024-09-01 is a non-working day: the term ends on the next working day, term.non-working-day) by 2024-09-02; done 2024-09-05, 3 calendar days late",
        ])
        #expect(q.state.quarter(1).courtOutcome == "rejected")
    }
}

/// 004 §17: disagreements about the procedure.
struct QuarterlyDisagreementTests {
    typealias Q = QuarterlyFixture

    @Test("004 §17: \"disagreements about the evaluation procedure are considered by the HR service with all interested persons and parties\" — raised by a party, recorded and resolved by HR with the one who raised it, once")
    func disagreement() throws {
        var q = try Q.scoredAndFamiliarised()
        #expect(refusal { try q.act(.recordDisagreement(disagreementId: "d1", raisedBy: "s1", subject: "notified late"), by: Q.servant("s1"), on: "2024-04-10") }?.field == "actor")
        #expect(refusal { try q.act(.recordDisagreement(disagreementId: "d1", raisedBy: "s4", subject: "x"), by: Q.hr, on: "2024-04-10") }?.message
            == "004 §17: a disagreement is raised by a party to the case: the servant (s1) or the evaluator (head); got s4")
        try q.act(.recordDisagreement(disagreementId: "d1", raisedBy: "s1", subject: "the notice came after the evaluation"), by: Q.hr, on: "2024-04-10")
        #expect(refusal { try q.act(.resolveDisagreement(disagreementId: "d1", parties: ["head"], resolution: "r"), by: Q.hr, on: "2024-04-12") }?.message
            == "004 §17: HR considers it with the parties: s1, who raised it, takes part")
        #expect(refusal { try q.act(.resolveDisagreement(disagreementId: "d2", parties: ["s1"], resolution: "r"), by: Q.hr, on: "2024-04-12") }?.field == "payload.disagreementId")
        try q.act(.resolveDisagreement(disagreementId: "d1", parties: ["s1", "head"], resolution: "the notice date is corrected in the system"), by: Q.hr, on: "2024-04-12")
        #expect(q.state.disagreements["d1"]?.resolvedOn == OrganisationFixture.day("2024-04-12"))
        #expect(refusal { try q.act(.resolveDisagreement(disagreementId: "d1", parties: ["s1"], resolution: "again"), by: Q.hr, on: "2024-04-15") }?.message
            == "004 §17: disagreement d1 was resolved on 2024-04-12")
    }
}

/// 004 §11: the evaluation schedule.
struct QuarterlyScheduleTests {
    typealias Q = QuarterlyFixture
    typealias F = OrganisationFixture

    @Test("004 §11: \"the chief specialist-lawyer draws up the evaluation schedule in the information system, and the maslikhat chair approves it\" — once approved, a quarter scored after its date is flagged")
    func schedule() throws {
        var q = try Q.opened("s1")
        #expect(refusal { try q.scheduleAct(.drawUp(entries: [(1, F.day("2024-04-08"))]), by: Q.servant("s1"), on: "2024-01-10") }?.clause == "004 §11")
        #expect(refusal { try q.scheduleAct(.drawUp(entries: [(1, F.day("2024-04-15"))]), by: Q.hr, on: "2024-01-10") }?.message
            == "004 §5: quarter 1 is evaluated after it ends and by 2024-04-10; got 2024-04-15")
        #expect(refusal { try q.scheduleAct(.approve, by: Q.chair, on: "2024-01-10") }?.message == "004 §11: no schedule of 2024 is drawn up to approve")
        try q.scheduleAct(.drawUp(entries: [(1, F.day("2024-04-05")), (2, F.day("2024-07-05"))]), by: Q.hr, on: "2024-01-10")
        try q.scheduleAct(.drawUp(entries: [(1, F.day("2024-04-08")), (2, F.day("2024-07-08"))]), by: Q.hr, on: "2024-01-11")  // redrawn before approval
        // Not approved yet: only 004 §5's deadline binds.
        var unapproved = q
        #expect(try unapproved.act(.scoreDifferentiation(quarter: 1, score: 4, quality: "q", timeliness: "t", initiative: "i", discipline: "d", workload: "w"),
                                   by: Q.headAsEvaluator, on: "2024-04-09").findings.map(\.clause) == ["004 §5"])
        #expect(refusal { try q.scheduleAct(.approve, by: Q.hr, on: "2024-01-12") }?.field == "actor")
        try q.scheduleAct(.approve, by: Q.chair, on: "2024-01-12")
        #expect(refusal { try q.scheduleAct(.drawUp(entries: [(1, F.day("2024-04-09"))]), by: Q.hr, on: "2024-01-15") }?.message == "004 §11: the 2024 schedule is approved already")
        let scored = try q.act(.scoreDifferentiation(quarter: 1, score: 4, quality: "q", timeliness: "t", initiative: "i", discipline: "d", workload: "w"), by: Q.headAsEvaluator, on: "2024-04-09")
        #expect(scored.findings.map(\.description) == [
            "004 §5: quarter 1 evaluated by 2024-04-10; done 2024-04-09, on time",
            "004 §11: quarter 1 evaluated on the schedule the maslikhat chair approved by 2024-04-08; done 2024-04-09, 1 working day late",
        ])
    }

    /// Issue 28 §8: "One act judged against two clauses (004 §5 and §11) keeps only one row in `quarterly
    /// deadlines`; the case file has both. Every finding must show."
    @Test("004 §5 and §11: a quarter scored after the approved schedule's date is judged against both clauses, and the deadlines view keeps both rows")
    func deadlinesViewKeepsEveryFinding() throws {
        var q = try Q.opened("s1")
        try q.scheduleAct(.drawUp(entries: [(1, F.day("2024-04-08"))]), by: Q.hr, on: "2024-01-10")
        try q.scheduleAct(.approve, by: Q.chair, on: "2024-01-12")
        let scored = try q.act(.scoreDifferentiation(quarter: 1, score: 4, quality: "q", timeliness: "t", initiative: "i", discipline: "d", workload: "w"),
                               by: Q.headAsEvaluator, on: "2024-04-09")
        #expect(scored.findings.count == 2)
        let view = try InMemoryReadModel(QuarterlyGradesProjection(), events: q.events)
        let table = QuarterlyGradesProjection.deadlines
        let clause = try #require(table.index(of: "clause"))
        let rows = (view.rows[table.name] ?? []).filter { $0[1] == .integer(q.events.last!.seq) }
        #expect(rows.map { $0[clause].text ?? "" }.sorted() == ["004 §11", "004 §5"])
    }
}
