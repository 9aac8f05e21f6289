import LedgerCore
import Testing

@testable import Evaluation

extension AnnualFixture {
    static let authorised = Actor(person: "head", role: Roles.authorisedPerson)
    static let servant = Actor(person: "p1", role: Roles.servant)

    /// p1's sheets (3 of 5 KPIs: satisfactory) with the commission; the commission, meeting on
    /// Tue 15 Jan 2019, decides `proposal` for the case.
    static func decided(proposal: String, revisedGrade: String? = nil) throws -> AnnualFixture {
        var fixture = try approvedPlan()
        try fixture.act(.signKpiSheet(results: results(achieved: 3)), by: chief, on: "2018-12-26")
        try fixture.act(.agreeKpiSheet, by: headAsSuperior, on: "2018-12-27")
        try fixture.act(.signCompetencySheet(competencies: [("Cooperation", ["a", "b", "c"], ["d"])]), by: chief, on: "2018-12-27")
        try fixture.act(.handToCommission(commissionId: "c-2018"), by: hr, on: "2018-12-28")
        var meeting = try MeetingFixture()
        try meeting.act(.schedule(meetingId: "mt-1", date: LocalDate("2019-01-15")!, caseIds: ["annual-2018-p1"], consentedBy: "m1"), by: MeetingFixture.hr, on: "2018-12-28")
        try meeting.act(.hold(meetingId: "mt-1", present: ["m1", "m2", "m3", "m4"]), by: MeetingFixture.hr)
        try meeting.act(.putMotion(meetingId: "mt-1", motionId: "mo-1", caseId: "annual-2018-p1", proposal: proposal, revisedGrade: revisedGrade, reason: nil), by: MeetingFixture.chair)
        for member in ["m2", "m3", "m4"] { try meeting.act(.vote(meetingId: "mt-1", motionId: "mo-1", inFavour: true), by: MeetingFixture.member(member)) }
        try meeting.act(.decide(meetingId: "mt-1", motionId: "mo-1"), by: MeetingFixture.chair)
        fixture.commission = meeting.commission
        return fixture
    }
}

struct AnnualResultTests {
    typealias A = AnnualFixture

    @Test("001 §38–§39: the commission revised a 'satisfactory' KPI grade to 'effective'; the authorised person approves 'effective', corrected by the commission")
    func revisionApproved() throws {
        var fixture = try A.decided(proposal: "revise", revisedGrade: "effective")
        #expect(refusal { try fixture.act(.approveResult, by: A.headAsSuperior, on: "2019-01-16") }?.field == "actor")
        let approved = try fixture.act(.approveResult, by: A.authorised, on: "2019-01-16")
        #expect(approved.events[0].payload["kpiGrade"] == "satisfactory")
        #expect(approved.events[0].payload["finalGrade"] == "effective")
        #expect(approved.events[0].payload["correctedByCommission"] == true)
        #expect(fixture.state.result?.finalGrade == "effective")
        #expect(refusal { try fixture.act(.approveResult, by: A.authorised, on: "2019-01-17") }?.message
            == "001 §39: the result is approved already; only a reconsideration (001 §43) reopens it")
    }

    @Test("001 §37: with no decision of the commission on the case, the result cannot be approved")
    func noDecision() throws {
        var fixture = try A.decided(proposal: "approve")
        fixture.commission = try MeetingFixture().commission
        #expect(refusal { try fixture.act(.approveResult, by: A.authorised, on: "2019-01-16") }?.message
            == "001 §37: the commission has not yet approved or revised this result")
    }

    @Test("001 §40: results approved Wed 16 Jan 2019 — familiarised Fri 18 Jan is on time, Mon 21 Jan is 1 working day late")
    func familiarisation() throws {
        for (day, late) in [("2019-01-18", 0), ("2019-01-21", 1)] {
            var fixture = try A.decided(proposal: "approve")
            try fixture.act(.approveResult, by: A.authorised, on: "2019-01-16")
            #expect(fixture.state.result?.correctedByCommission == false)
            let done = try fixture.act(.recordFamiliarisation, by: A.hr, on: day)
            #expect(done.findings.map(\.workingDaysLate) == [late])
        }
    }

    @Test("001 §41–§42: a refusal act is signed by the HR officer and two other employees — two signatures, or the servant's own, are refused; the result stands")
    func refusalAct() throws {
        var fixture = try A.decided(proposal: "approve")
        try fixture.act(.approveResult, by: A.authorised, on: "2019-01-16")
        #expect(refusal { try fixture.act(.recordFamiliarisationRefusal(signatories: ["hr-1", "chief"]), by: A.hr, on: "2019-01-17") }?.field == "payload.signatories")
        #expect(refusal { try fixture.act(.recordFamiliarisationRefusal(signatories: ["hr-1", "chief", "p1"]), by: A.hr, on: "2019-01-17") }?.field == "payload.signatories")
        try fixture.act(.recordFamiliarisationRefusal(signatories: ["hr-1", "chief", "p2"]), by: A.hr, on: "2019-01-17")
        #expect(fixture.state.familiarisationRefusedOn == LocalDate("2019-01-17"))
        #expect(fixture.state.result?.finalGrade == "satisfactory")
    }

    @Test("001 §42: \"the refusal does not prevent the results entering the service record … they are sent through the intranet portal\" — sent only after a refusal act, once")
    func refusalSent() throws {
        var fixture = try A.decided(proposal: "approve")
        try fixture.act(.approveResult, by: A.authorised, on: "2019-01-16")
        #expect(refusal { try fixture.act(.sendResult(reference: "IP-2019-114"), by: A.hr, on: "2019-01-17") }?.message
            == "001 §42: the result is sent through the intranet portal after a refusal act; none is recorded")
        try fixture.act(.recordFamiliarisationRefusal(signatories: ["hr-1", "chief", "p2"]), by: A.hr, on: "2019-01-17")
        #expect(refusal { try fixture.act(.sendResult(reference: "IP-2019-114"), by: A.servant, on: "2019-01-17") }?.field == "actor.role")
        let sent = try fixture.act(.sendResult(reference: "IP-2019-114"), by: A.hr, on: "2019-01-17")
        #expect(sent.events[0].payload["channel"] == "intranet-portal" && fixture.state.resultSentOn == LocalDate("2019-01-17"))
        #expect(refusal { try fixture.act(.sendResult(reference: "IP-2019-115"), by: A.hr, on: "2019-01-18") }?.message == "001 §42: the result was sent already on 2019-01-17")
    }

    @Test("001 §44: the servant may go to court; HR records the decision, and an annulment reopens the result")
    func court() throws {
        var fixture = try A.decided(proposal: "approve")
        #expect(refusal { try fixture.act(.recordCourtDecision(court: "Kokshetau city court", outcome: "annulled", decisionDate: LocalDate("2019-03-01")!), by: A.hr, on: "2019-03-02") }?.message
            == "001 §44: there is no result for a court to decide on")
        try fixture.act(.approveResult, by: A.authorised, on: "2019-01-16")
        try fixture.act(.recordCourtDecision(court: "Kokshetau city court", outcome: "annulled", decisionDate: LocalDate("2019-03-01")!), by: A.hr, on: "2019-03-02")
        #expect(fixture.state.courtOutcome == "annulled")
    }

    @Test("001 §43: decided Tue 15 Jan 2019, an appeal on Tue 29 Jan (10th working day) is on time; the agency's 'recommend reconsideration' reopens the result for a new decision")
    func appealReconsidered() throws {
        var fixture = try A.decided(proposal: "approve")
        try fixture.act(.approveResult, by: A.authorised, on: "2019-01-16")
        #expect(refusal { try fixture.act(.fileAppeal(authority: "Agency department, Akmola region"), by: A.hr, on: "2019-01-29") }?.field == "actor")
        let filed = try fixture.act(.fileAppeal(authority: "Agency department, Akmola region"), by: A.servant, on: "2019-01-29")
        #expect(filed.findings.first?.dueBy == LocalDate("2019-01-29"))
        #expect(filed.findings.first?.isLate == false)
        try fixture.act(.decideAppeal(outcome: "recommend-reconsideration", reasoning: "KPI 4 evidence was not weighed"), by: Actor(person: "agency-7", role: Roles.agencyOfficer), on: "2019-02-20")
        #expect(refusal { try fixture.act(.approveResult, by: A.authorised, on: "2019-02-21") }?.message
            == "001 §37: the commission has not yet approved or revised this result")
        var meeting = try MeetingFixture.held2(fixture.commission!)
        try meeting.act(.putMotion(meetingId: "mt-2", motionId: "mo-2", caseId: "annual-2018-p1", proposal: "revise", revisedGrade: "effective", reason: "reconsidered (001 §43)"), by: MeetingFixture.chair, on: "2019-03-01")
        for member in ["m2", "m3", "m4"] { try meeting.act(.vote(meetingId: "mt-2", motionId: "mo-2", inFavour: true), by: MeetingFixture.member(member), on: "2019-03-01") }
        try meeting.act(.decide(meetingId: "mt-2", motionId: "mo-2"), by: MeetingFixture.chair, on: "2019-03-01")
        fixture.commission = meeting.commission
        try fixture.act(.approveResult, by: A.authorised, on: "2019-03-04")
        #expect(fixture.state.result?.finalGrade == "effective")
        #expect(fixture.state.result?.motionId == "mo-2")
    }

    @Test("001 §43: an appeal on Wed 30 Jan 2019, the 11th working day after the decision, is recorded and flagged late; 'unchanged' leaves the result closed")
    func appealUnchanged() throws {
        var fixture = try A.decided(proposal: "approve")
        try fixture.act(.approveResult, by: A.authorised, on: "2019-01-16")
        let filed = try fixture.act(.fileAppeal(authority: "Agency"), by: A.servant, on: "2019-01-30")
        #expect(filed.findings.first?.workingDaysLate == 1)
        try fixture.act(.decideAppeal(outcome: "unchanged", reasoning: "The sheets prove the grade"), by: Actor(person: "agency-7", role: Roles.agencyOfficer), on: "2019-02-20")
        #expect(refusal { try fixture.act(.approveResult, by: A.authorised, on: "2019-02-21") }?.message
            == "001 §39: the result is approved already; only a reconsideration (001 §43) reopens it")
        try fixture.act(.recordCourtDecision(court: "Kokshetau city court", outcome: "upheld", decisionDate: LocalDate("2019-05-10")!), by: A.hr, on: "2019-05-12")
        #expect(fixture.state.courtOutcome == "upheld")
    }
}

extension MeetingFixture {
    /// A second meeting, on Fri 1 Mar 2019, of the commission as it stands.
    static func held2(_ commission: CommissionState) throws -> MeetingFixture {
        var fixture = try MeetingFixture()
        fixture.commission = commission
        fixture.seq = commission.version
        try fixture.act(.schedule(meetingId: "mt-2", date: LocalDate("2019-03-01")!, caseIds: ["annual-2018-p1"], consentedBy: "m1"), by: hr, on: "2019-02-21")
        try fixture.act(.hold(meetingId: "mt-2", present: ["m1", "m2", "m3", "m4"]), by: hr, on: "2019-03-01")
        return fixture
    }
}
