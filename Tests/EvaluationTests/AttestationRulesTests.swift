import LedgerCore
import Testing

@testable import Evaluation

/// The attestation rules (seeds 000, 003), one case each.
struct AttestationRulesTests {
    typealias F = OrganisationFixture
    static let hr = Actor(person: "hr-1", role: Roles.hrOfficer)
    static let director = Actor(person: "dir", role: Roles.authorisedPerson)
    static let chair = Actor(person: "dep", role: Roles.commissionChair)
    static func member(_ person: String) -> Actor { Actor(person: person, role: Roles.commissionMember) }
    static func at(_ day: String) -> Timestamp { Timestamp(rfc3339: "\(day)T10:00:00+05:00")! }

    struct Fixture {
        var organisation: OrganisationState
        var methodology: MethodologyVersions
        var commission: CommissionState
        var round = AttestationRound()
        var state = AttestationCaseState()
        var seq: Int64 = 0
        let rulebook = AttestationRulebook()

        var context: AttestationContext { AttestationContext(round: round, organisation: organisation, methodology: methodology, commission: commission) }

        /// The shipped seed 000 (culture) regulation, or with `civilService` seed 003's.
        init(civilService: Bool = false) throws {
            var org = try F.body()
            for person in ["dir", "hr-1", "dep", "c2", "c3", "c4", "c5", "p1", "p2"] { try org.appoint(person, on: "2019-09-02") }
            try org.record(.assignRole(personId: "hr-1", role: Roles.hrOfficer, effectiveFrom: F.day("2019-09-02")))
            try org.record(.assignRole(personId: "dir", role: Roles.authorisedPerson, effectiveFrom: F.day("2019-09-02")))
            try org.record(.assignSupervisor(personId: "p1", supervisorId: "dir", effectiveFrom: F.day("2019-09-02")))
            organisation = org.state
            let parameters = civilService ? try MethodologyEvents.attestationCivilService2017() : try MethodologyEvents.attestationCulture2016()
            let adoption = try MethodologyRulebook().decide(
                .adoptAttestationRegulation(versionId: "att", basis: "№ 189", effectiveFrom: F.day("2025-01-01"), parameters: parameters),
                bodyId: "b", by: AttestationRulesTests.hr, at: AttestationRulesTests.at("2024-12-20"), versions: MethodologyVersions())
            try BagalauCatalog.all.validate(adoption)
            methodology = try MethodologyVersions(events: [.stored(adoption, seq: 1, stream: "methodology/b")])
            let members = civilService ? ["dep", "c2", "c3", "c4", "c5"] : ["dep", "c2", "c3"]
            let formed = try CommissionRulebook(minimumMembers: 3, clauses: .attestationCommission).decide(
                .form(commissionId: "c-att", purpose: "attestation", orderNumber: "7", orderDate: F.day("2025-02-03"), chairId: "dep", secretaryId: "hr-1", memberIds: members),
                by: AttestationRulesTests.director, at: AttestationRulesTests.at("2025-02-03"), commission: CommissionState(), organisation: organisation)
            commission = try CommissionState(events: [.stored(formed, seq: 1, stream: "commission/c-att")])
        }

        mutating func round(_ act: AttestationAct, by actor: Actor, on day: String) throws {
            for draft in try rulebook.decideRound(act, roundId: "r1", by: actor, at: AttestationRulesTests.at(day), context: context).events {
                try round.fold(draft, at: &seq, stream: "attestation/b/r1")
            }
        }

        @discardableResult
        mutating func act(_ act: AttestationAct, by actor: Actor, on day: String) throws -> Decision {
            let decision = try rulebook.decideCase(act, by: actor, at: AttestationRulesTests.at(day), state: state, context: context)
            for draft in decision.events {
                try BagalauCatalog.all.validate(draft)
                try state.fold(draft, at: &seq, stream: "case/attestation/b/r1/p1")
            }
            return decision
        }

        /// Ordered, scheduled for 2025-04-15, case open, notice signed on `noticeOn`.
        static func opened(noticeOn: String? = "2025-03-10", civilService: Bool = false) throws -> Fixture {
            var f = try Fixture(civilService: civilService)
            try f.round(.order(orderNumber: "12", orderDate: F.day("2025-02-10"), commissionId: "c-att", publicRepresentativeIds: civilService ? ["c5"] : [],
                               subject: ["p1"], notSubject: [("p2", "two years to pension age")], methods: "interview"), by: AttestationRulesTests.director, on: "2025-02-10")
            try f.round(.schedule(entries: [("p1", F.day("2025-04-15"))]), by: AttestationRulesTests.hr, on: "2025-02-11")
            try f.act(.openCase(personId: "p1"), by: AttestationRulesTests.hr, on: "2025-02-12")
            if let noticeOn { try f.act(.signNotice(signedOn: F.day(noticeOn)), by: AttestationRulesTests.hr, on: noticeOn) }
            return f
        }

        mutating func package() throws {
            try act(.fileDocument(kind: "characterisation", content: "c", hrSheet: nil, test: nil), by: Actor(person: "dir", role: Roles.directSupervisor), on: "2025-04-01")
            try act(.fileDocument(kind: "self-assessment", content: "s", hrSheet: nil, test: nil), by: Actor(person: "p1", role: Roles.servant), on: "2025-04-01")
            for kind in ["attestation-sheet", "evaluation-sheet"] { try act(.fileDocument(kind: kind, content: "x", hrSheet: nil, test: nil), by: AttestationRulesTests.hr, on: "2025-04-01") }
        }

        mutating func interview(present: [String] = ["dep", "c2", "c3"], recording: JSONValue? = nil) throws {
            try act(.holdInterview(present: present, report: "r", supervisorHeard: nil, previousComparison: "none", recording: recording), by: AttestationRulesTests.hr, on: "2025-04-15")
        }
    }

    @Test("000 §I.4: \"at least one month before\" — a notice signed on 2025-03-25 for 2025-04-15 is under a month before: recorded and flagged 10 calendar days late (the month ran out on 2025-03-15), not in working days")
    func lateNotice() throws {
        var f = try Fixture.opened(noticeOn: nil)
        let decision = try f.act(.signNotice(signedOn: F.day("2025-03-25")), by: Self.hr, on: "2025-03-25")
        #expect(decision.findings.first?.isLate == true && decision.findings.first?.dueBy == F.day("2025-03-15"))
        #expect(decision.findings.first?.calendarDaysLate == 10)
        #expect(decision.findings.first?.description.hasSuffix("done 2025-03-25, 10 calendar days late") == true)
        // Signed on the last day of the month's margin: on time, whatever kind of day it is.
        var onTime = try Fixture.opened(noticeOn: nil)
        #expect(try onTime.act(.signNotice(signedOn: F.day("2025-03-15")), by: Self.hr, on: "2025-03-15").findings.first?.isLate == false)
    }

    @Test("000 §I.4 (decided): no interview without a signed notice, nor before a month has passed since it — the date is moved instead")
    func interviewNeedsNotice() throws {
        var none = try Fixture.opened(noticeOn: nil)
        try none.package()
        #expect(refusal { try none.interview() }?.message == "000 §I.4: no signed written notice: the attestation cannot be held")
        var late = try Fixture.opened(noticeOn: "2025-03-25")
        try late.package()
        #expect(refusal { try late.interview() }?.clause == "000 §I.4")
        try late.act(.reschedule(date: F.day("2025-04-28"), reason: "late notice"), by: Self.hr, on: "2025-04-10")
        #expect(late.state.date == F.day("2025-04-28"))
    }

    @Test("000 §I.4: staff on the list not subject to attestation (p2, two years to pension age) get no date")
    func notSubject() throws {
        var f = try Fixture.opened()
        #expect(refusal { try f.round(.schedule(entries: [("p2", F.day("2025-04-15"))]), by: Self.hr, on: "2025-02-11") }?.message
            == "000 §I.4: p2 is not on the order's list of staff subject to attestation (not subject: two years to pension age)")
    }

    @Test("000 §II: the interview waits for the whole package; the characterisation is the direct supervisor's, not HR's")
    func package() throws {
        var f = try Fixture.opened()
        #expect(refusal { try f.act(.fileDocument(kind: "characterisation", content: "c", hrSheet: nil, test: nil), by: Self.hr, on: "2025-04-01") }?.clause == "000 §II.1")
        try f.act(.fileDocument(kind: "self-assessment", content: "s", hrSheet: nil, test: nil), by: Actor(person: "p1", role: Roles.servant), on: "2025-04-01")
        #expect(refusal { try f.interview() }?.message == "000 §II: the package is incomplete: characterisation, attestation-sheet, evaluation-sheet not filed")
    }

    @Test("000 §III: a quorum of two thirds — one member of three present is refused")
    func quorum() throws {
        var f = try Fixture.opened()
        try f.package()
        #expect(refusal { try f.interview(present: ["dep"]) }?.clause == "000 §III")
    }

    @Test("000 §III.2: exactly one of the four outcomes; a tie (fits vs needs-training) is decided by the chair's vote; outcome 3 alone opens a re-attestation")
    func decision() throws {
        var f = try Fixture.opened()
        try f.package()
        try f.interview(present: ["dep", "c2"])
        #expect(refusal { try f.act(.vote(outcome: "promotion"), by: Self.chair, on: "2025-04-15") }?.field == "payload.outcome")
        #expect(refusal { try f.act(.vote(outcome: "fits"), by: Self.member("c3"), on: "2025-04-15") }?.field == "actor")  // absent
        try f.act(.vote(outcome: "needs-training"), by: Self.chair, on: "2025-04-15")
        try f.act(.vote(outcome: "fits"), by: Self.member("c2"), on: "2025-04-15")
        let decided = try f.act(.decide(category: nil), by: Self.chair, on: "2025-04-15")
        #expect(decided.events[0].payload["outcome"] == "needs-training" && decided.events[0].payload["tieBrokenByChair"] == .bool(true))
        #expect(f.state.reattestation)
        var re = try Fixture.opened()
        #expect(refusal { try re.act(.openReattestation(roundId: "r1-re", personId: "p1", firstCase: AttestationCaseState(), date: F.day("2025-09-01"), measures: "m"), by: Self.hr, on: "2025-08-01") }?.field
            == "payload.roundId")  // a case is open on this stream already
        var fresh = try Fixture(civilService: false)
        try fresh.act(.openReattestation(roundId: "r1-re", personId: "p1", firstCase: f.state, date: F.day("2025-09-01"), measures: "72-hour course"), by: Self.hr, on: "2025-08-01")
        #expect(fresh.state.reattestationOf == "attestation-r1-p1")
        var refused = try Fixture(civilService: false)
        #expect(refusal { try refused.act(.openReattestation(roundId: "r1-re", personId: "p1", firstCase: re.state, date: F.day("2025-09-01"), measures: "m"), by: Self.hr, on: "2025-08-01") }?.clause == "000 §III.2")
        // One re-attestation per decision (decided, docs/attestation.md): a second one from the same first case is refused.
        var second = try Fixture(civilService: false)
        #expect(refusal {
            try second.act(.openReattestation(roundId: "r1-re2", personId: "p1", firstCase: f.state, date: F.day("2025-12-01"), measures: "m", reattestedIn: "attestation-r1-re-p1"), by: Self.hr, on: "2025-11-01")
        }?.message == "000 §III.2: attestation-r1-p1 is re-attested already in attestation-r1-re-p1; a further re-attestation follows that case's decision, when it again requires one")
    }

    @Test("003: the 2017 civil-service regulation needs public representatives, the HR evaluation sheet, the three-block test and a recorded interview; the agency's department analyses the decision, once")
    func civilService() throws {
        var f = try Fixture(civilService: true)
        #expect(refusal {
            try f.round(.order(orderNumber: "1", orderDate: F.day("2025-02-10"), commissionId: "c-att", publicRepresentativeIds: [], subject: ["p1"], notSubject: [], methods: "m"), by: Self.director, on: "2025-02-10")
        }?.message == "003: the regulation requires public representatives on the attestation commission")
        var g = try Fixture.opened(civilService: true)
        #expect(refusal { try g.act(.fileDocument(kind: "hr-evaluation-sheet", content: "x", hrSheet: nil, test: nil), by: Self.hr, on: "2025-04-01") }?.clause == "003")
        try g.act(.fileDocument(kind: "hr-evaluation-sheet", content: "x", hrSheet: ["incentives": ["gratitude 2023"], "sanctions": [], "deadlineBreaches": 2, "previousResults": "2024: effective"], test: nil), by: Self.hr, on: "2025-04-01")
        let twoBlocks: JSONValue = ["blocks": [["block": "serving-the-people", "score": "80"], ["block": "work-efficiency", "score": "70"]], "strengths": "s", "weaknesses": "w"]
        #expect(refusal { try g.act(.fileDocument(kind: "competency-test", content: "x", hrSheet: nil, test: twoBlocks), by: Self.hr, on: "2025-04-01") }?.field == "payload.test.blocks")
        let threeBlocks: JSONValue = ["blocks": [["block": "serving-the-people", "score": "80"], ["block": "work-efficiency", "score": "70"], ["block": "transparency-accountability", "score": "90"]],
                                      "strengths": "planning", "weaknesses": "public communication"]
        try g.act(.fileDocument(kind: "competency-test", content: "x", hrSheet: nil, test: threeBlocks), by: Self.hr, on: "2025-04-01")
        #expect(refusal { try g.interview(present: ["dep", "c2", "c3", "c4"]) }?.clause == "003")
        try g.interview(present: ["dep", "c2", "c3", "c4"], recording: ["sha256": .string(String(repeating: "ab", count: 32)), "mediaType": "video/mp4", "durationSeconds": 1260])
        #expect(refusal { try g.act(.vote(outcome: "needs-training"), by: Self.chair, on: "2025-04-15") }?.field == "payload.outcome")  // not a 2017 outcome
        try g.act(.vote(outcome: "fits-promotion"), by: Self.chair, on: "2025-04-15")
        try g.act(.decide(category: nil), by: Self.chair, on: "2025-04-15")
        #expect(g.state.outcome == "fits-promotion" && !g.state.reattestation)
        // 003: "representatives of our department will analyse the decisions taken by the attestation commission".
        #expect(refusal { try g.act(.reviewDecision(conclusion: "consistent", findings: "f"), by: Self.hr, on: "2025-05-05") }?.field == "actor.role")
        let agency = Actor(person: "ag-1", role: Roles.agencyOfficer)
        try g.act(.reviewDecision(conclusion: "consistent", findings: "the interview record and the test support the outcome"), by: agency, on: "2025-05-05")
        #expect(g.state.reviewedOn == F.day("2025-05-05") && g.state.outcome == "fits-promotion")
        #expect(refusal { try g.act(.reviewDecision(conclusion: "inconsistent", findings: "again"), by: agency, on: "2025-05-06") }?.message == "003: the decision was reviewed already on 2025-05-05")
        // A culture organisation's case (seed 000) has no such review.
        var culture = try Fixture.opened()
        try culture.package()
        try culture.interview()
        #expect(refusal { try culture.act(.reviewDecision(conclusion: "consistent", findings: "f"), by: agency, on: "2025-04-16") }?.message
            == "not in 000: the agency department reviews the decisions of the civil-service attestation; this case is under culture-organisation")  // its regulation's own table
    }

    @Test("003: appeals go to the head of the body, the agency's department or court; the agency officer decides an agency appeal, and a changed decision replaces the outcome")
    func appeal() throws {
        var f = try Fixture.opened()
        try f.package()
        try f.interview()
        for member in ["dep", "c2", "c3"] { try f.act(.vote(outcome: "does-not-fit"), by: member == "dep" ? Self.chair : Self.member(member), on: "2025-04-15") }
        try f.act(.decide(category: nil), by: Self.chair, on: "2025-04-15")
        #expect(refusal { try f.act(.fileAppeal(authority: "ombudsman"), by: Actor(person: "p1", role: Roles.servant), on: "2025-04-20") }?.field == "payload.authority")
        try f.act(.fileAppeal(authority: "agency-department"), by: Actor(person: "p1", role: Roles.servant), on: "2025-04-20")
        #expect(refusal { try f.act(.decideAppeal(outcome: "upheld", newOutcome: nil, reasoning: "r"), by: Self.director, on: "2025-05-20") }?.field == "actor.role")
        try f.act(.decideAppeal(outcome: "changed", newOutcome: "fits", reasoning: "the test results were not weighed"), by: Actor(person: "ag", role: Roles.agencyOfficer), on: "2025-05-20")
        #expect(f.state.outcome == "fits")
    }
}
