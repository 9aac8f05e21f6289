import Evaluation
import LedgerCore

/// A district maslikhat's apparatus in 2024 under the 2023 methodology: the chair (first head), the
/// head of apparatus reporting to the chair, the HR officer (chief specialist-lawyer) and servants
/// s1…s6 reporting to the head; one servant's quarterly case decided and folded without a database.
struct QuarterlyFixture {
    typealias F = OrganisationFixture
    var org: OrganisationFixture
    var methodology: MethodologyVersions
    var state = QuarterlyCaseState()
    /// The body's 2024 evaluation schedule (004 §11), folded from `scheduleAct`.
    var schedule = QuarterlySchedule()
    var scheduleSeq: Int64 = 0
    var seq: Int64 = 0
    let rulebook = QuarterlyRulebook()
    /// Every event decided, as the ledger would hand it back (the adoption first): for folding projections.
    var events: [RecordedEvent] = []

    static let hr = Actor(person: "hr", role: Roles.hrOfficer)
    static let chair = Actor(person: "chair", role: Roles.maslikhatChair)
    static let headAsEvaluator = Actor(person: "head", role: Roles.evaluator)
    static let chairAsEvaluator = Actor(person: "chair", role: Roles.evaluator)
    static func servant(_ person: String) -> Actor { Actor(person: person, role: Roles.servant) }
    static func participant(_ person: String) -> Actor { Actor(person: person, role: Roles.calibrationParticipant) }

    /// `parameters` edits the shipped 2023 version before adoption (e.g. to add an App. 3 table).
    init(parameters edit: (inout [(String, JSONValue)]) -> Void = { _ in }) throws {
        var org = try F.body()
        org = try Self.staffed(org)
        self.org = org
        var parameters = try MethodologyEvents.quarterlyEvaluation2023().objectMembers!
        edit(&parameters)
        let adoption = try MethodologyRulebook().decide(
            .adoptQuarterlyEvaluation(versionId: "quarterly-2023", basis: "№ 8/7 of 28.11.2023", effectiveFrom: F.day("2024-01-01"), parameters: .object(parameters)),
            bodyId: "b", by: Self.hr, at: Self.at("2023-12-20"), versions: MethodologyVersions())
        let adopted = RecordedEvent.stored(adoption, seq: 1, stream: "methodology/b")
        methodology = try MethodologyVersions(events: [adopted])
        events = [adopted]
    }

    private static func staffed(_ fixture: OrganisationFixture) throws -> OrganisationFixture {
        var org = fixture
        let hr = Actor(person: "hr-1", role: Roles.hrOfficer)
        for person in ["chair", "head", "hr", "s1", "s2", "s3", "s4", "s5", "s6"] { try org.appoint(person, on: "2020-01-06") }
        try org.record(.assignRole(personId: "hr", role: Roles.hrOfficer, effectiveFrom: F.day("2020-01-06")), by: hr)
        try org.record(.assignRole(personId: "chair", role: Roles.maslikhatChair, effectiveFrom: F.day("2020-01-06")), by: hr)
        try org.record(.assignRole(personId: "chair", role: Roles.firstHead, effectiveFrom: F.day("2020-01-06")), by: hr)
        try org.record(.assignRole(personId: "head", role: Roles.headOfApparatus, effectiveFrom: F.day("2020-01-06")), by: hr)
        try org.record(.assignSupervisor(personId: "head", supervisorId: "chair", effectiveFrom: F.day("2020-01-06")), by: hr)
        for person in ["hr", "s1", "s2", "s3", "s4", "s5", "s6"] {
            try org.record(.assignSupervisor(personId: person, supervisorId: "head", effectiveFrom: F.day("2020-01-06")), by: hr)
        }
        return org
    }

    var context: QuarterlyContext { QuarterlyContext(organisation: org.state, methodology: methodology, schedule: schedule) }

    /// Decides a schedule act of 2024 and folds it.
    mutating func scheduleAct(_ act: QuarterlyScheduleAct, by actor: Actor, on day: String) throws {
        let parameters = methodology.quarterlyInForce(on: F.day("2024-01-01"))!.parameters
        let draft = try QuarterlyScheduleRulebook().decide(act, bodyId: "b", year: 2024, by: actor, at: Self.at(day), schedule: schedule, organisation: org.state, parameters: parameters)
        try schedule.fold(draft, at: &scheduleSeq, stream: QuarterlyScheduleEvents.stream(bodyId: "b", year: 2024))
    }

    static func at(_ day: String) -> Timestamp { Timestamp(rfc3339: "\(day)T10:00:00+05:00")! }

    static func kpis(_ count: Int) -> [JSONValue] {
        (1...count).map { ["number": .integer(Int64($0)), "name": .string("KPI \($0)"), "unit": "%", "plannedValue": "100"] }
    }

    /// Decides, checks each event against its schema (as the ledger would) and folds; returns the decision.
    @discardableResult
    mutating func act(_ act: QuarterlyAct, by actor: Actor, on day: String) throws -> Decision {
        let decision = try rulebook.decide(act, by: actor, at: Self.at(day), state: state, context: context)
        for draft in decision.events {
            try BagalauCatalog.all.validate(draft)
            try state.fold(draft, at: &seq, stream: "case/quarterly/b/2024/x")
            events.append(.stored(draft, seq: Int64(events.count + 1), stream: "case/quarterly/b/2024/x"))
        }
        return decision
    }

    static func opened(_ person: String, on day: String = "2024-01-03", parameters edit: (inout [(String, JSONValue)]) -> Void = { _ in }) throws -> QuarterlyFixture {
        var fixture = try QuarterlyFixture(parameters: edit)
        try fixture.act(.openCase(caseId: "q-2024-\(person)", personId: person, year: 2024), by: hr, on: day)
        return fixture
    }

    /// A differentiation quarter scored and familiarised, ready for a calibration application.
    static func scoredAndFamiliarised(_ person: String = "s1", quarter: Int = 1, score: Int = 3) throws -> QuarterlyFixture {
        var fixture = try opened(person)
        try fixture.act(.scoreDifferentiation(quarter: quarter, score: score, quality: "q", timeliness: "t", initiative: "i", discipline: "d", workload: "w"),
                        by: headAsEvaluator, on: "2024-04-08")
        try fixture.act(.familiarise(quarter: quarter, channel: "system"), by: hr, on: "2024-04-09")
        return fixture
    }

    /// A calibration session convened with `participants`, the evaluator's argument given.
    static func inSession(participants: [String], score: Int = 3) throws -> QuarterlyFixture {
        var fixture = try scoredAndFamiliarised(score: score)
        try fixture.act(.applyForCalibration(quarter: 1, reason: "my work was underrated"), by: servant("s1"), on: "2024-04-10")
        try fixture.act(.conveneCalibration(quarter: 1, sessionId: "cal-1", participants: participants, sessionDate: F.day("2024-04-18")), by: chair, on: "2024-04-12")
        try fixture.act(.argueCalibration(quarter: 1, position: "support", proposedScore: nil, argument: "deadlines missed twice"), by: headAsEvaluator, on: "2024-04-18")
        return fixture
    }
}
