import LedgerCore
import Testing

@testable import Evaluation

/// A body with a first head, a chief reporting to the head, servant p1 under the chief and servant p2
/// directly under the head, and the 2018 methodology in force from 2018-01-01.
struct AnnualFixture {
    typealias F = OrganisationFixture
    var organisation: OrganisationState
    var methodology: MethodologyVersions
    var commission: CommissionState?
    var state = AnnualCaseState()
    var seq: Int64 = 0
    let rulebook = AnnualRulebook()

    static let hr = Actor(person: "hr-1", role: Roles.hrOfficer)
    static let chief = Actor(person: "chief", role: Roles.directSupervisor)
    static let headAsSuperior = Actor(person: "head", role: Roles.superiorSupervisor)

    /// `shipped`: the version's data — seed 001's (Akmola, the default) or seed 002's (Kazygurt).
    init(kpiCount: Int = 5, shipped: JSONValue? = nil) throws {
        var org = try F.body()
        for person in ["head", "chief", "p1", "p2", "hr-1"] { try org.appoint(person, on: "2015-01-05") }
        try org.record(.assignRole(personId: "head", role: Roles.firstHead, effectiveFrom: F.day("2015-01-05")))
        try org.record(.assignRole(personId: "hr-1", role: Roles.hrOfficer, effectiveFrom: F.day("2015-01-05")))
        try org.record(.assignRole(personId: "head", role: Roles.authorisedPerson, effectiveFrom: F.day("2015-01-05")))
        try org.record(.assignSupervisor(personId: "chief", supervisorId: "head", effectiveFrom: F.day("2015-01-05")))
        try org.record(.assignSupervisor(personId: "p1", supervisorId: "chief", effectiveFrom: F.day("2015-01-05")))
        try org.record(.assignSupervisor(personId: "p2", supervisorId: "head", effectiveFrom: F.day("2015-01-05")))
        organisation = org.state
        var parameters = try (shipped ?? MethodologyEvents.annualEvaluation2018()).objectMembers!
        parameters.removeAll { $0.0 == "kpiCount" }
        parameters.append(("kpiCount", .integer(Int64(kpiCount))))
        let adoption = try MethodologyRulebook().decide(
            .adoptAnnualEvaluation(versionId: "annual-2018", basis: "№ 6С-19-24", effectiveFrom: F.day("2018-01-01"), parameters: .object(parameters)),
            bodyId: "b", by: Self.hr, at: Self.at("2017-12-20"), versions: MethodologyVersions())
        methodology = try MethodologyVersions(events: [.stored(adoption, seq: 1, stream: "methodology/b")])
    }

    var context: AnnualContext { AnnualContext(organisation: organisation, methodology: methodology, commission: commission) }

    static func at(_ day: String) -> Timestamp { Timestamp(rfc3339: "\(day)T10:00:00+06:00")! }

    /// One KPI with the App. 1 fields.
    static func kpi(number: Int, deadline: String = "2018-12-20") -> JSONValue {
        ["number": .integer(Int64(number)), "name": .string("KPI \(number)"), "sourceDocument": "Strategic plan 2018–2022",
         "unit": "%", "plannedValue": "95.5", "deadline": .string(deadline), "expectedResult": "Result"]
    }

    static func kpis(_ count: Int) -> [JSONValue] { (0..<count).map { kpi(number: $0 + 1) } }

    /// Decides, checks each event against its schema (as the ledger would) and folds; returns the decision.
    @discardableResult
    mutating func act(_ act: AnnualAct, by actor: Actor, on day: String) throws -> Decision {
        let decision = try rulebook.decide(act, by: actor, at: Self.at(day), state: state, context: context)
        for draft in decision.events {
            try BagalauCatalog.all.validate(draft)
            try state.fold(draft, at: &seq, stream: "case/annual/b/2018/p1")
        }
        return decision
    }

    static func opened(person: String = "p1", kpiCount: Int = 5) throws -> AnnualFixture {
        var fixture = try AnnualFixture(kpiCount: kpiCount)
        try fixture.act(.openCase(caseId: "annual-2018-\(person)", personId: person, year: 2018), by: hr, on: "2018-01-03")
        return fixture
    }
}

struct AnnualWorkPlanTests {
    typealias A = AnnualFixture

    @Test("001 §14: a work plan of 4 KPIs is refused — exactly 5")
    func exactlyFive() throws {
        var fixture = try A.opened()
        let error = refusal { try fixture.act(.draftPlan(kpis: A.kpis(4)), by: A.chief, on: "2018-01-10") }
        #expect(error?.message == "001 §14: an individual work plan holds exactly 5 KPIs; got 4")
        #expect(error?.field == "payload.kpis")
        try fixture.act(.draftPlan(kpis: A.kpis(5)), by: A.chief, on: "2018-01-10")
        #expect(fixture.state.plan == .drafted)
    }

    @Test("001 §13: a KPI due 2019-02-01 is not time-bound within 2018 and is refused, naming the KPI")
    func timeBound() throws {
        var fixture = try A.opened()
        var kpis = A.kpis(5)
        kpis[2] = A.kpi(number: 3, deadline: "2019-02-01")
        let error = refusal { try fixture.act(.draftPlan(kpis: kpis), by: A.chief, on: "2018-01-10") }
        #expect(error?.field == "payload.kpis[2].deadline")
        #expect(error?.message == "001 §13: a KPI is time-bound within the evaluated period 2018-01-01–2018-12-31; got 2019-02-01")
    }

    @Test("001 §9: KPIs defined on 16 Jan 2018 are on time (10th working day); on 17 Jan they are recorded and flagged 1 working day late")
    func planDeadline() throws {
        var onTime = try A.opened()
        let first = try onTime.act(.draftPlan(kpis: A.kpis(5)), by: A.chief, on: "2018-01-16")
        #expect(first.findings.map(\.description) == ["001 §9: KPIs defined within 10 working days of the period start by 2018-01-16; done 2018-01-16, on time"])
        var late = try A.opened()
        let second = try late.act(.draftPlan(kpis: A.kpis(5)), by: A.chief, on: "2018-01-17")
        #expect(second.findings.first?.isLate == true)
        #expect(second.findings.first?.workingDaysLate == 1)
        #expect(late.state.plan == .drafted)
    }

    @Test("001 §9: only the servant's direct supervisor defines the KPIs")
    func onlyDirectSupervisor() throws {
        var fixture = try A.opened()
        let error = refusal { try fixture.act(.draftPlan(kpis: A.kpis(5)), by: Actor(person: "head", role: Roles.directSupervisor), on: "2018-01-10") }
        #expect(error?.message == "001 §9: the work plan of p1 is the direct supervisor's (chief on 2018-01-10); got head as direct-supervisor")
    }

    @Test("001 §10: the superior supervisor approves; the direct supervisor cannot approve the plan they submitted")
    func superiorApproves() throws {
        var fixture = try A.opened()
        try fixture.act(.draftPlan(kpis: A.kpis(5)), by: A.chief, on: "2018-01-10")
        try fixture.act(.submitPlan, by: A.chief, on: "2018-01-10")
        let error = refusal { try fixture.act(.approvePlan, by: Actor(person: "chief", role: Roles.superiorSupervisor), on: "2018-01-11") }
        #expect(error?.message == "001 §10: the work plan of p1 is approved or returned by head as superior-supervisor on 2018-01-11; got chief as superior-supervisor")
        try fixture.act(.approvePlan, by: A.headAsSuperior, on: "2018-01-11")
        #expect(fixture.state.plan == .approved(on: LocalDate("2018-01-11")!))
    }

    @Test("001 §11: where the direct supervisor is the body's first head, the first head approves the plan")
    func firstHeadApproves() throws {
        var fixture = try A.opened(person: "p2")
        let head = Actor(person: "head", role: Roles.directSupervisor)
        try fixture.act(.draftPlan(kpis: A.kpis(5)), by: head, on: "2018-01-10")
        try fixture.act(.submitPlan, by: head, on: "2018-01-10")
        #expect(refusal { try fixture.act(.approvePlan, by: A.headAsSuperior, on: "2018-01-11") }?.message.hasPrefix("001 §11:") == true)
        try fixture.act(.approvePlan, by: Actor(person: "head", role: Roles.firstHead), on: "2018-01-11")
    }

    @Test("001 §12: a plan returned on Fri 12 Jan 2018 and resubmitted Tue 16 Jan is on time; on Wed 17 Jan it is flagged 1 working day late")
    func returnAndResubmit() throws {
        for (day, late) in [("2018-01-16", 0), ("2018-01-17", 1)] {
            var fixture = try A.opened()
            try fixture.act(.draftPlan(kpis: A.kpis(5)), by: A.chief, on: "2018-01-10")
            try fixture.act(.submitPlan, by: A.chief, on: "2018-01-11")
            try fixture.act(.returnPlan(reason: "KPI 3 is not measurable (001 §13)"), by: A.headAsSuperior, on: "2018-01-12")
            #expect(fixture.state.plan == .returned(on: LocalDate("2018-01-12")!, reason: "KPI 3 is not measurable (001 §13)"))
            #expect(refusal { try fixture.act(.submitPlan, by: A.chief, on: day) }?.message.hasPrefix("001 §10: only a drafted plan") == true)
            let corrected = try fixture.act(.draftPlan(kpis: A.kpis(5)), by: A.chief, on: "2018-01-15")
            #expect(corrected.findings.isEmpty)
            let resubmitted = try fixture.act(.submitPlan, by: A.chief, on: day)
            #expect(resubmitted.findings.map(\.workingDaysLate) == [late])
            #expect(resubmitted.findings.first?.dueBy == LocalDate("2018-01-16"))
        }
    }

    @Test("a case is judged by the version bound when it opened: a 2019 version of 4 KPIs does not change the 2018 case")
    func boundVersion() throws {
        var fixture = try A.opened()
        var parameters = try MethodologyEvents.annualEvaluation2018().objectMembers!
        parameters.removeAll { $0.0 == "kpiCount" }
        parameters.append(("kpiCount", 4))
        let adoption = try MethodologyRulebook().decide(
            .adoptAnnualEvaluation(versionId: "annual-2019", basis: "№ 2", effectiveFrom: LocalDate("2019-01-01")!, parameters: .object(parameters)),
            bodyId: "b", by: A.hr, at: A.at("2018-06-01"), versions: fixture.methodology)
        try fixture.methodology.apply(.stored(adoption, seq: 2, stream: "methodology/b"))
        #expect(fixture.state.methodologyVersionId == "annual-2018")
        try fixture.act(.draftPlan(kpis: A.kpis(5)), by: A.chief, on: "2018-01-10")
    }

    @Test("no annual methodology in force on 1 Jan 2017: the 2017 case is refused, saying to adopt one")
    func noVersion() throws {
        var fixture = try A()
        let error = refusal { try fixture.act(.openCase(caseId: "c", personId: "p1", year: 2017), by: A.hr, on: "2017-01-05") }
        #expect(error?.message == "no annual evaluation methodology is in force on 2017-01-01; adopt one first")
    }
}
