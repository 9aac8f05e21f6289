import LedgerCore
import Testing

@testable import Evaluation

/// A commission of five (chair m1, members m2–m5, secretary hr-1) with a meeting on Tue 15 Jan 2019.
struct MeetingFixture {
    var commission: CommissionState
    var seq: Int64 = 1
    let rulebook: CommissionMeetingRulebook

    static let hr = Actor(person: "hr-1", role: Roles.hrOfficer)
    static let chair = Actor(person: "m1", role: Roles.commissionChair)
    static func member(_ id: String) -> Actor { Actor(person: id, role: Roles.commissionMember) }
    static func at(_ day: String) -> Timestamp { Timestamp(rfc3339: "\(day)T10:00:00+06:00")! }

    /// `shipped`: the annual version in force — seed 001's clauses by default.
    init(shipped: JSONValue? = nil, members: [String] = ["m1", "m2", "m3", "m4", "m5"]) throws {
        let formed = try CommissionRulesTests().form(members: members)
        commission = try CommissionState(events: [.stored(formed, seq: 1, stream: "commission/c-2018")])
        rulebook = CommissionMeetingRulebook(parameters: try AnnualEvaluationParameters(shipped ?? MethodologyEvents.annualEvaluation2018()))
    }

    @discardableResult
    mutating func act(_ act: CommissionMeetingAct, by actor: Actor, on day: String = "2019-01-15") throws -> Decision {
        let decision = try rulebook.decide(act, by: actor, at: Self.at(day), commission: commission)
        for draft in decision.events {
            try commission.fold(draft, at: &seq, stream: "commission/c-2018")
        }
        return decision
    }

    static func held(present: [String] = ["m1", "m2", "m3", "m4"], shipped: JSONValue? = nil) throws -> MeetingFixture {
        var fixture = try MeetingFixture(shipped: shipped)
        try fixture.act(.schedule(meetingId: "mt-1", date: LocalDate("2019-01-15")!, caseIds: ["annual-2018-p1", "annual-2018-p2"], consentedBy: "m1"), by: hr, on: "2018-12-28")
        try fixture.act(.hold(meetingId: "mt-1", present: present), by: hr)
        return fixture
    }
}

struct CommissionMeetingTests {
    typealias M = MeetingFixture

    /// Issue 28 §3: "A meeting with 4 of 7 members (not quorate, 001 §30) became competent after a later order
    /// cut the commission to 5: the motion, three votes and the decision were accepted."
    @Test("001 §30, design 16: a meeting held with 4 of 7 members is not competent, and an order recorded after it that cuts the commission to 5 does not make it so — whatever date the order bears")
    func meetingJudgedAsComposedOnItsDay() throws {
        for orderDate in ["2019-01-16", "2019-01-14"] {
            var fixture = try M(members: ["m1", "m2", "m3", "m4", "m5", "m6", "m7"])
            try fixture.act(.schedule(meetingId: "mt-1", date: LocalDate("2019-01-15")!, caseIds: ["annual-2018-p1"], consentedBy: "m1"), by: M.hr, on: "2018-12-28")
            let held = try fixture.act(.hold(meetingId: "mt-1", present: ["m1", "m2", "m3", "m4"]), by: M.hr)
            #expect(held.events.first?.payload["quorate"] == .bool(false))
            let rules = CommissionRulesTests()
            let cut = try rules.rulebook.decide(
                .amend(orderNumber: "2-ө", orderDate: LocalDate(orderDate)!, chairId: nil, secretaryId: nil, addMemberIds: [], removeMemberIds: ["m6", "m7"]),
                by: rules.authorised, at: M.at("2019-01-16"), commission: fixture.commission, organisation: try rules.organisation())
            try fixture.commission.fold(cut, at: &fixture.seq, stream: "commission/c-2018")
            #expect(fixture.commission.memberIds.count == 5)
            let refused = refusal {
                try fixture.act(.putMotion(meetingId: "mt-1", motionId: "mo-1", caseId: "annual-2018-p1", proposal: "approve", revisedGrade: nil, reason: nil), by: M.chair, on: "2019-01-16")
            }
            #expect(refused?.message == "001 §30: no decision without a quorum: 4 of 7 members present, 2/3 needed", "order dated \(orderDate)")
        }
        // An order recorded before the meeting and dated before it counts: 4 of 5 are competent.
        var cutFirst = try M(members: ["m1", "m2", "m3", "m4", "m5", "m6", "m7"])
        let rules = CommissionRulesTests()
        let cut = try rules.rulebook.decide(
            .amend(orderNumber: "2-ө", orderDate: LocalDate("2019-01-14")!, chairId: nil, secretaryId: nil, addMemberIds: [], removeMemberIds: ["m6", "m7"]),
            by: rules.authorised, at: M.at("2019-01-14"), commission: cutFirst.commission, organisation: try rules.organisation())
        try cutFirst.commission.fold(cut, at: &cutFirst.seq, stream: "commission/c-2018")
        try cutFirst.act(.schedule(meetingId: "mt-1", date: LocalDate("2019-01-15")!, caseIds: ["annual-2018-p1"], consentedBy: "m1"), by: M.hr, on: "2019-01-14")
        #expect(try cutFirst.act(.hold(meetingId: "mt-1", present: ["m1", "m2", "m3", "m4"]), by: M.hr).events.first?.payload["quorate"] == .bool(true))
        try cutFirst.act(.putMotion(meetingId: "mt-1", motionId: "mo-1", caseId: "annual-2018-p1", proposal: "approve", revisedGrade: nil, reason: nil), by: M.chair)
    }

    @Test("001 §29: the schedule needs the chair's consent; notice is due 7 working days before Tue 15 Jan 2019 — by Thu 3 Jan (7 Jan is Orthodox Christmas), so a notice on 4 Jan is 1 day late")
    func scheduleAndNotice() throws {
        var fixture = try M()
        #expect(refusal { try fixture.act(.schedule(meetingId: "mt-1", date: LocalDate("2019-01-15")!, caseIds: ["c"], consentedBy: "m2"), by: M.hr, on: "2018-12-28") }?.message
            == "001 §29: the schedule needs the chair's consent (m1); got m2")
        try fixture.act(.schedule(meetingId: "mt-1", date: LocalDate("2019-01-15")!, caseIds: ["c"], consentedBy: "m1"), by: M.hr, on: "2018-12-28")
        let onTime = try fixture.act(.notify(meetingId: "mt-1", personId: "p1"), by: M.hr, on: "2019-01-03")
        #expect(onTime.findings.first?.dueBy == LocalDate("2019-01-03"))
        #expect(onTime.findings.first?.isLate == false)
        let late = try fixture.act(.notify(meetingId: "mt-1", personId: "p2"), by: M.hr, on: "2019-01-04")
        #expect(late.findings.first?.workingDaysLate == 1)
        #expect(fixture.commission.meetings["mt-1"]?.notified == ["p1", "p2"])
    }

    @Test("clauses as data: under Kazygurt's version (seed 002) the same rules cite 002's clauses — quorum 002 §29, the chair's casting vote 002 §32, the secretary 002 §33")
    func kazygurtClauses() throws {
        let kazygurt = try MethodologyEvents.annualEvaluation2018Kazygurt()
        var noQuorum = try M.held(present: ["m1", "m2", "m3"], shipped: kazygurt)
        #expect(refusal { try noQuorum.act(.putMotion(meetingId: "mt-1", motionId: "mo-1", caseId: "annual-2018-p1", proposal: "approve", revisedGrade: nil, reason: nil), by: M.chair) }?.message
            == "002 §29: no decision without a quorum: 3 of 5 members present, 2/3 needed")
        var fixture = try M.held(shipped: kazygurt)
        try fixture.act(.putMotion(meetingId: "mt-1", motionId: "mo-1", caseId: "annual-2018-p1", proposal: "approve", revisedGrade: nil, reason: nil), by: M.chair)
        #expect(refusal { try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: true), by: Actor(person: "hr-1", role: Roles.commissionMember)) }?.message
            == "002 §33: the secretary (hr-1) does not vote")
        try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: true), by: M.member("m2"))
        try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: false), by: M.member("m3"))
        #expect(refusal { try fixture.act(.decide(meetingId: "mt-1", motionId: "mo-1"), by: M.chair) }?.message
            == "002 §32: the votes are tied 1–1; the chair's vote decides, and the chair has not voted")
        // The work plan under the same version: exactly 5 KPIs is 002 §13 (001 §14).
        var annual = try AnnualFixture(shipped: kazygurt)
        try annual.act(.openCase(caseId: "annual-2018-p1", personId: "p1", year: 2018), by: AnnualFixture.hr, on: "2018-01-03")
        #expect(refusal { try annual.act(.draftPlan(kpis: AnnualFixture.kpis(4)), by: AnnualFixture.chief, on: "2018-01-10") }?.message
            == "002 §13: an individual work plan holds exactly 5 KPIs; got 4")
    }

    @Test("001 §30: \"competent when at least two thirds of its members are present\" — with 3 of 5 there is no quorum, and no motion can be put")
    func noQuorum() throws {
        var fixture = try M.held(present: ["m1", "m2", "m3"])
        #expect(refusal { try fixture.act(.putMotion(meetingId: "mt-1", motionId: "mo-1", caseId: "annual-2018-p1", proposal: "approve", revisedGrade: nil, reason: nil), by: M.chair) }?.message
            == "001 §30: no decision without a quorum: 3 of 5 members present, 2/3 needed")
    }

    @Test("001 §34: the secretary \"does not take part in the vote\"; 001 §30, §32: an absent member cannot vote, and nobody votes twice in the open vote")
    func whoVotes() throws {
        var fixture = try M.held()
        try fixture.act(.putMotion(meetingId: "mt-1", motionId: "mo-1", caseId: "annual-2018-p1", proposal: "approve", revisedGrade: nil, reason: nil), by: M.chair)
        #expect(refusal { try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: true), by: Actor(person: "hr-1", role: Roles.commissionMember)) }?.message
            == "001 §34: the secretary (hr-1) does not vote")
        #expect(refusal { try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: true), by: M.member("m5")) }?.message
            == "001 §30: m5 is not recorded as present and cannot vote")
        try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: true), by: M.member("m2"))
        #expect(refusal { try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: false), by: M.member("m2")) }?.message
            == "001 §32: m2 has voted on motion mo-1 already")
    }

    @Test("001 §33: \"on a tie the chair's vote decides\" — votes tied 2–2, the chair voted for, so the revision carries")
    func tieBrokenByChair() throws {
        var fixture = try M.held()
        try fixture.act(.putMotion(meetingId: "mt-1", motionId: "mo-1", caseId: "annual-2018-p1", proposal: "revise", revisedGrade: "effective", reason: "KPI 5 was met in December"), by: M.chair)
        try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: true), by: M.member("m2"))
        try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: false), by: M.member("m3"))
        try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: false), by: M.member("m4"))
        try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: true), by: M.chair)
        let decision = try fixture.act(.decide(meetingId: "mt-1", motionId: "mo-1"), by: M.chair)
        #expect(decision.events[0].payload["carried"] == true)
        #expect(decision.events[0].payload["tieBrokenByChair"] == true)
        #expect(decision.events[0].payload["votesFor"] == 2)
        #expect(fixture.commission.meetings["mt-1"]?.motions["mo-1"]?.carried == true)
    }

    @Test("001 §33: a tie with the chair's vote missing is not decided; once a motion is decided, no more votes")
    func tieNeedsTheChair() throws {
        var fixture = try M.held()
        try fixture.act(.putMotion(meetingId: "mt-1", motionId: "mo-1", caseId: "annual-2018-p1", proposal: "approve", revisedGrade: nil, reason: nil), by: M.chair)
        try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: true), by: M.member("m2"))
        try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: false), by: M.member("m3"))
        #expect(refusal { try fixture.act(.decide(meetingId: "mt-1", motionId: "mo-1"), by: M.chair) }?.message
            == "001 §33: the votes are tied 1–1; the chair's vote decides, and the chair has not voted")
        try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: false), by: M.chair)
        let decision = try fixture.act(.decide(meetingId: "mt-1", motionId: "mo-1"), by: M.chair)
        #expect(decision.events[0].payload["carried"] == false)
        #expect(decision.events[0].payload["tieBrokenByChair"] == false)
        #expect(refusal { try fixture.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: true), by: M.member("m4")) }?.message
            == "001 §33: motion mo-1 is decided already")
    }

    @Test("001 §37–§38: a revision must state the result the commission puts in its place; only scheduled cases are decided")
    func motions() throws {
        var fixture = try M.held()
        #expect(refusal { try fixture.act(.putMotion(meetingId: "mt-1", motionId: "mo-1", caseId: "annual-2018-p1", proposal: "revise", revisedGrade: nil, reason: nil), by: M.chair) }?.field
            == "payload.revisedGrade")
        #expect(refusal { try fixture.act(.putMotion(meetingId: "mt-1", motionId: "mo-1", caseId: "annual-2018-p9", proposal: "approve", revisedGrade: nil, reason: nil), by: M.chair) }?.message
            == "001 §29: case annual-2018-p9 is not on this meeting's schedule")
        #expect(refusal { try fixture.act(.putMotion(meetingId: "mt-1", motionId: "mo-1", caseId: "annual-2018-p1", proposal: "approve", revisedGrade: nil, reason: nil), by: M.member("m2")) }?.field
            == "actor")
    }
}
