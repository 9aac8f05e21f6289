import LedgerCore
import Testing

@testable import Evaluation

struct CommissionRulesTests {
    typealias F = OrganisationFixture
    let authorised = Actor(person: "head", role: Roles.authorisedPerson)
    let rulebook = CommissionRulebook(parameters: try! AnnualEvaluationParameters(MethodologyEvents.annualEvaluation2018()))

    func organisation() throws -> OrganisationState {
        var org = try F.body()
        for person in ["head", "m1", "m2", "m3", "m4", "m5", "hr-1"] { try org.appoint(person, on: "2015-01-05") }
        try org.record(.assignRole(personId: "hr-1", role: Roles.hrOfficer, effectiveFrom: F.day("2015-01-05")))
        try org.record(.assignRole(personId: "head", role: Roles.authorisedPerson, effectiveFrom: F.day("2015-01-05")))
        return org.state
    }

    func form(members: [String], chair: String = "m1", secretary: String = "hr-1", by actor: Actor? = nil) throws -> EventDraft {
        let draft = try rulebook.decide(
            .form(commissionId: "c-2018", purpose: "annual-evaluation", orderNumber: "12-ө", orderDate: F.day("2018-01-10"),
                  chairId: chair, secretaryId: secretary, memberIds: members),
            by: actor ?? authorised, at: Timestamp(rfc3339: "2018-01-10T09:00:00+06:00")!, commission: CommissionState(), organisation: try organisation())
        try BagalauCatalog.all.validate(draft)
        return draft
    }

    @Test("001 §5: a commission of 4 members is refused — at least 5")
    func tooSmall() {
        let error = refusal { _ = try form(members: ["m1", "m2", "m3", "m4"]) }
        #expect(error?.message == "001 §5: a commission has at least 5 members; got 4")
        #expect(error?.field == "payload.memberIds")
    }

    @Test("001 §34: \"the secretary of the commission is the HR employee … and does not take part in the vote\", so cannot also be a member")
    func secretaryDoesNotVote() {
        #expect(refusal { _ = try form(members: ["m1", "m2", "m3", "m4", "hr-1"]) }?.message
            == "001 §34: the secretary hr-1 does not vote, so is not a member")
        #expect(refusal { _ = try form(members: ["m1", "m2", "m3", "m4", "m5"], secretary: "head") }?.message
            == "001 §34: the secretary is the HR officer (hr-1 on 2018-01-10); got head")
    }

    @Test("001 §5: only the authorised person's order creates the commission; the chair is one of its members")
    func authorisedPersonAndChair() {
        #expect(refusal { _ = try form(members: ["m1", "m2", "m3", "m4", "m5"], by: Actor(person: "hr-1", role: Roles.hrOfficer)) }?.field == "actor.role")
        #expect(refusal { _ = try form(members: ["m1", "m2", "m3", "m4", "m5"], chair: "head") }?.field == "payload.chairId")
    }

    @Test("001 §31: members are replaced by an amending order of the authorised person — one that would leave 4 members is refused (001 §5: at least 5); one replacing a member is accepted")
    func amend() throws {
        let formed = try form(members: ["m1", "m2", "m3", "m4", "m5"])
        let commission = try CommissionState(events: [.stored(formed, seq: 1, stream: "commission/c-2018")])
        let at = Timestamp(rfc3339: "2018-03-01T09:00:00+06:00")!
        let smaller = refusal {
            _ = try rulebook.decide(.amend(orderNumber: "30-ө", orderDate: F.day("2018-03-01"), chairId: nil, secretaryId: nil, addMemberIds: [], removeMemberIds: ["m5"]),
                                    by: authorised, at: at, commission: commission, organisation: try organisation())
        }
        #expect(smaller?.message == "001 §5: a commission has at least 5 members; got 4")
        let replaced = try rulebook.decide(
            .amend(orderNumber: "31-ө", orderDate: F.day("2018-03-01"), chairId: "m2", secretaryId: nil, addMemberIds: ["head"], removeMemberIds: ["m1"]),
            by: authorised, at: at, commission: commission, organisation: try organisation())
        try BagalauCatalog.all.validate(replaced)
        // A second founding order is no way to change it: 001 §31 asks for an amendment; amending needs a commission.
        #expect(refusal { _ = try rulebook.decide(.form(commissionId: "c-2018", purpose: "annual-evaluation", orderNumber: "40-ө", orderDate: F.day("2018-03-01"),
                                                        chairId: "m1", secretaryId: "hr-1", memberIds: ["m1", "m2", "m3", "m4", "m5"]),
                                                  by: authorised, at: at, commission: commission, organisation: try organisation()) }?.clause == "001 §31")
        #expect(refusal { _ = try rulebook.decide(.amend(orderNumber: "41-ө", orderDate: F.day("2018-03-01"), chairId: nil, secretaryId: nil, addMemberIds: [], removeMemberIds: []),
                                                  by: Actor(person: "hr-1", role: Roles.hrOfficer), at: at, commission: commission, organisation: try organisation()) }?.message
            == "001 §31: forming or changing the commission is done by authorised-person; got hr-officer")
    }

    @Test("001 §30: a meeting is competent with two thirds of the members present — 4 of 5 yes, 3 of 5 no; the secretary does not count")
    func quorum() throws {
        let formed = try form(members: ["m1", "m2", "m3", "m4", "m5"])
        let commission = try CommissionState(events: [.stored(formed, seq: 1, stream: "commission/c-2018")])
        #expect(commission.memberIds.count == 5)
        #expect(commission.hasQuorum(present: ["m1", "m2", "m3", "m4"]))  // 4 of 5
        #expect(!commission.hasQuorum(present: ["m1", "m2", "m3", "hr-1"]))  // 3 of 5 plus the secretary
        #expect(commission.hasQuorum(present: ["m1", "m2", "m3", "m4"], numerator: 2, denominator: 3))
    }
}
