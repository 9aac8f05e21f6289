import LedgerCore
import Testing

@testable import Evaluation

/// Builds organisation state the way the ledger does: every act decided, then folded.
struct OrganisationFixture {
    var state = OrganisationState()
    var seq: Int64 = 0
    let hr = Actor(person: "hr-1", role: Roles.hrOfficer)
    let rulebook = OrganisationRulebook()

    static func day(_ text: String) -> LocalDate { LocalDate(text)! }

    /// Decides and folds; returns the draft so tests can check it against the catalog.
    @discardableResult
    mutating func record(_ act: OrganisationAct, by actor: Actor? = nil) throws -> EventDraft {
        let draft = try rulebook.decide(act, by: actor ?? hr, at: Timestamp(rfc3339: "2018-01-03T09:00:00+06:00")!, state: state)
        try state.fold(draft, at: &seq, stream: "body/b")
        return draft
    }

    mutating func appoint(_ person: String, on date: String, probationUntil: String? = nil) throws {
        try record(.appoint(personId: person, fullName: "N", positionId: "pos-\(person)", positionTitle: "Specialist", category: "E-3",
                            appointedOn: Self.day(date), probationEndsOn: probationUntil.map(Self.day)))
    }

    static func body() throws -> OrganisationFixture {
        var fixture = OrganisationFixture()
        try fixture.record(.registerBody(bodyId: "b", nameKk: "Аппарат", region: "Ақмола облысы", timeZone: "Asia/Almaty"))
        return fixture
    }
}

struct OrganisationRulesTests {
    typealias F = OrganisationFixture

    @Test("001 §4: appointed 2017-11-20, a servant is under 3 months in the post on 2018-01-15 and is not evaluated; on 2018-02-20 they are")
    func underThreeMonths() throws {
        var org = try F.body()
        try org.appoint("p1", on: "2017-11-20")
        #expect(org.state.exemption(of: "p1", on: F.day("2018-01-15"), minimumMonths: 3) == "less than 3 months in the position on 2018-01-15 (since 2017-11-20)")
        #expect(org.state.exemption(of: "p1", on: F.day("2018-02-20"), minimumMonths: 3) == nil)
    }

    @Test("001 §4: a servant on probation until 2018-05-20 is not evaluated on 2018-03-01")
    func probation() throws {
        var org = try F.body()
        try org.appoint("p1", on: "2015-11-20", probationUntil: "2018-05-20")
        #expect(org.state.exemption(of: "p1", on: F.day("2018-03-01"), minimumMonths: 3) == "on probation until 2018-05-20")
    }

    @Test("001 §4: back from social leave on 2018-01-01, a servant of long standing is again under 3 months in the post on 2018-02-15")
    func afterSocialLeave() throws {
        var org = try F.body()
        try org.appoint("p1", on: "2012-03-01")
        try org.record(.recordLeave(personId: "p1", kind: .social, from: F.day("2016-01-10"), until: F.day("2017-12-31")))
        #expect(org.state.exemption(of: "p1", on: F.day("2018-02-15"), minimumMonths: 3) == "less than 3 months in the position on 2018-02-15 (since 2018-01-01)")
        #expect(org.state.absence(of: "p1", on: F.day("2017-06-01"))?.kind == .social)
    }

    @Test("001 §2: the superior supervisor is the direct supervisor's own direct supervisor, as of the date asked")
    func superior() throws {
        var org = try F.body()
        for person in ["head", "chief", "p1", "chief2"] { try org.appoint(person, on: "2015-01-05") }
        try org.record(.assignSupervisor(personId: "chief", supervisorId: "head", effectiveFrom: F.day("2015-01-05")))
        try org.record(.assignSupervisor(personId: "p1", supervisorId: "chief", effectiveFrom: F.day("2015-01-05")))
        try org.record(.assignSupervisor(personId: "p1", supervisorId: "chief2", effectiveFrom: F.day("2018-06-01")))
        #expect(org.state.directSupervisor(of: "p1", on: F.day("2018-01-10")) == "chief")
        #expect(org.state.superiorSupervisor(of: "p1", on: F.day("2018-01-10")) == "head")
        #expect(org.state.directSupervisor(of: "p1", on: F.day("2018-07-01")) == "chief2")
    }

    @Test("001 §2: supervision cannot run in a circle — the head cannot report to someone who reports to them")
    func noCircle() throws {
        var org = try F.body()
        for person in ["head", "chief"] { try org.appoint(person, on: "2015-01-05") }
        try org.record(.assignSupervisor(personId: "chief", supervisorId: "head", effectiveFrom: F.day("2015-01-05")))
        #expect(throws: LedgerError(.refused, field: "payload.supervisorId", "")) {
            try org.record(.assignSupervisor(personId: "head", supervisorId: "chief", effectiveFrom: F.day("2016-01-05")))
        }
    }

    @Test("001 §5: organisation acts are recorded by the HR officer or the authorised person; a servant's own request is refused")
    func whoRecords() throws {
        var org = try F.body()
        do {
            try org.appoint("p1", on: "2015-01-05")
            try org.record(.dismiss(personId: "p1", dismissedOn: F.day("2018-01-05")), by: Actor(person: "p1", role: Roles.servant))
            Issue.record("accepted")
        } catch let error as LedgerError {
            #expect(error.code == .refused)
            #expect(error.message == "001 §5: recording an organisation act is done by authorised-person or hr-officer; got servant")
        }
    }

    @Test("a leave that ends before it starts, and a dismissal before the appointment, are refused")
    func dates() throws {
        var org = try F.body()
        try org.appoint("p1", on: "2015-01-05")
        #expect(throws: LedgerError(.refused, field: "payload.until", "")) {
            try org.record(.recordLeave(personId: "p1", kind: .annual, from: F.day("2018-02-10"), until: F.day("2018-02-01")))
        }
        #expect(throws: LedgerError(.refused, field: "payload.dismissedOn", "")) {
            try org.record(.dismiss(personId: "p1", dismissedOn: F.day("2014-12-31")))
        }
        try org.record(.dismiss(personId: "p1", dismissedOn: F.day("2018-03-01")))
        #expect(org.state.servant("p1", on: F.day("2018-03-02")) == nil)
        #expect(org.state.servant("p1", on: F.day("2018-03-01")) != nil)
    }

    @Test("months are added as calendar months, clamped to the month's end")
    func addingMonths() {
        #expect(F.day("2018-01-31").adding(months: 1) == F.day("2018-02-28"))
        #expect(F.day("2020-01-31").adding(months: 1) == F.day("2020-02-29"))
        #expect(F.day("2017-11-20").adding(months: 3) == F.day("2018-02-20"))
        #expect(F.day("2018-03-31").adding(months: -13) == F.day("2017-02-28"))
    }
}

struct BodyTimeZoneTests {
    @Test("domain.md §5: an act at 18:30 UTC on 31 Dec 2018 is on 1 Jan 2019 in Almaty (UTC+6) but still 31 Dec in Aktobe (UTC+5); Almaty is UTC+5 from 1 Mar 2024")
    func localDates() {
        let instant = Timestamp(rfc3339: "2018-12-31T18:30:00Z")!
        #expect(BodyTimeZone.localDate(of: instant, zone: "Asia/Almaty") == LocalDate("2019-01-01"))
        #expect(BodyTimeZone.localDate(of: instant, zone: "Asia/Aqtobe") == LocalDate("2018-12-31"))
        let after = Timestamp(rfc3339: "2024-06-30T18:30:00Z")!
        #expect(BodyTimeZone.localDate(of: after, zone: "Asia/Almaty") == LocalDate("2024-06-30"))
    }

    @Test("the body's zone comes from its registration")
    func fromRegistration() throws {
        var org = OrganisationFixture()
        try org.record(.registerBody(bodyId: "b", nameKk: "Аппарат", region: "Ақтөбе облысы", timeZone: "Asia/Aqtobe"))
        #expect(org.state.timeZone == "Asia/Aqtobe")
    }
}
