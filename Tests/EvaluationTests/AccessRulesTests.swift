import LedgerCore
import Testing

@testable import Evaluation

/// Accounts, mandates and powers (design.md §13), decided without a database.
struct AccessRulesTests {
    static let at = Timestamp(rfc3339: "2026-12-02T10:00:00+05:00")!
    let rulebook = AccessRulebook()

    /// Body b with its HR officer hr-1 and a servant p1.
    static func body() throws -> OrganisationState {
        var org = try OrganisationFixture.body()
        try org.appoint("hr-1", on: "2017-01-09")
        try org.appoint("p1", on: "2017-01-09")
        try org.record(.assignRole(personId: "hr-1", role: Roles.hrOfficer, effectiveFrom: LocalDate("2017-01-09")!))
        return org.state
    }

    /// Folds decided access acts into one person's account, each recorded at its own moment.
    static func account(_ drafts: [EventDraft]) throws -> AccountState {
        var account = AccountState(), seq: Int64 = 0
        for draft in drafts { try account.fold(draft, at: &seq, stream: "account/x") }
        return account
    }

    @Test("a staff account is kept by the body's HR officer on the day: hr-1 opens p1's; p1, claiming hr-officer, cannot open anyone's; nor can hr-1 open one for a person not on the staff")
    func staffAccountKeeper() throws {
        let org = try Self.body()
        let open = AccessAct.openAccount(personId: "p1", bodyId: "b", offices: [])
        let draft = try rulebook.decide(open, by: Actor(person: "hr-1", role: Roles.hrOfficer), at: Self.at, account: AccountState(), organisation: org)
        try BagalauCatalog.all.validate(draft)
        #expect(refusal { _ = try rulebook.decide(open, by: Actor(person: "p1", role: Roles.hrOfficer), at: Self.at, account: AccountState(), organisation: org) }?.field == "actor")
        let stranger = refusal { _ = try rulebook.decide(.openAccount(personId: "x9", bodyId: "b", offices: []), by: Actor(person: "hr-1", role: Roles.hrOfficer), at: Self.at, account: AccountState(), organisation: org) }
        #expect(stranger?.message.contains("x9 is not on the staff of b") == true)
        // Opened once: a second opening is refused until the account is closed.
        let opened = try Self.account([draft])
        #expect(refusal { _ = try rulebook.decide(open, by: Actor(person: "hr-1", role: Roles.hrOfficer), at: Self.at, account: opened, organisation: org) }?.field == "personId")
    }

    @Test("an auditor's account is the records office's to open; an administrator's is an administrator's alone — a records officer opening one is refused")
    func officeKeepers() throws {
        let records = Actor(person: "rec", role: Roles.recordsOfficer)
        _ = try rulebook.decide(.openAccount(personId: "aud", bodyId: nil, offices: [Roles.auditor]), by: records, at: Self.at, account: AccountState(), organisation: nil)
        let refused = refusal { _ = try rulebook.decide(.openAccount(personId: "adm2", bodyId: nil, offices: [Roles.administrator]), by: records, at: Self.at, account: AccountState(), organisation: nil) }
        #expect(refused?.field == "actor.role")
        #expect(refusal { _ = try rulebook.decide(.openAccount(personId: "z", bodyId: nil, offices: ["judge"]), by: records, at: Self.at, account: AccountState(), organisation: nil) }?.field == "offices")
    }

    @Test("the first administrator is bootstrapped by the operator once: with an administrator's account open, bootstrap is refused")
    func bootstrapOnce() throws {
        let first = try rulebook.bootstrap(personId: "admin", operator: "root", at: Self.at, account: AccountState(), administrators: 0)
        #expect(first.actor.role == Roles.operator && first.payload["offices"] == ["administrator"])
        #expect(refusal { _ = try rulebook.bootstrap(personId: "admin2", operator: "root", at: Self.at, account: AccountState(), administrators: 1) }?.code == .refused)
    }

    @Test("a mandate granted 2026-11-01 to 2026-12-01 is in force on 1 December and not on the 2nd; an auditor suspended on the 3rd is replayed as suspended only from then")
    func mandatePeriodAndReplay() throws {
        let records = Actor(person: "rec", role: Roles.recordsOfficer)
        let opened = try rulebook.bootstrap(personId: "aud", operator: "root", at: Self.at, account: AccountState(), administrators: 0)
        var auditor = try Self.account([EventDraft(type: opened.type, schemaVersion: 1, occurredAt: Self.at, actor: records, payload: ["personId": "aud", "offices": ["auditor"]])])
        let grant = AccessAct.grantMandate(mandateId: "m1", personId: "aud", power: Roles.auditor, scope: "body", scopeId: "b", from: LocalDate("2026-11-01")!, until: LocalDate("2026-12-01")!, basis: "order 7")
        var seq = auditor.version
        try auditor.fold(try rulebook.decide(grant, by: records, at: Self.at, account: auditor, organisation: nil), at: &seq, stream: "account/aud")
        let mandate = try #require(auditor.mandates["m1"])
        #expect(mandate.inForce(on: LocalDate("2026-12-01")!, at: Self.at) && !mandate.inForce(on: LocalDate("2026-12-02")!, at: Self.at))
        #expect(mandate.covers(caseStream: "case/quarterly/b/2026/p1", bodyId: "b") && !mandate.covers(caseStream: "case/quarterly/c/2026/p1", bodyId: "c"))
        let backwards = AccessAct.grantMandate(mandateId: "m2", personId: "aud", power: Roles.auditor, scope: "ledger", scopeId: nil, from: LocalDate("2026-12-05")!, until: LocalDate("2026-12-01")!, basis: "x")
        #expect(refusal { _ = try rulebook.decide(backwards, by: records, at: Self.at, account: auditor, organisation: nil) }?.field == "until")
        let wrongPower = AccessAct.grantMandate(mandateId: "m3", personId: "aud", power: Roles.appealsReviewer, scope: "ledger", scopeId: nil, from: LocalDate("2026-12-01")!, until: LocalDate("2026-12-31")!, basis: "x")
        #expect(refusal { _ = try rulebook.decide(wrongPower, by: records, at: Self.at, account: auditor, organisation: nil) }?.field == "personId")
        // Replay: the status and mandates as the ledger stood at a moment.
        let later = Timestamp(rfc3339: "2026-12-03T10:00:00+05:00")!
        let suspend = try rulebook.decide(.suspendAccount(personId: "aud", reason: "order 8"), by: records, at: later, account: auditor, organisation: nil)
        try auditor.fold(suspend, at: &seq, stream: "account/aud")
        #expect(auditor.status(at: Self.at) == .active && auditor.status(at: later) == .suspended)
        #expect(auditor.mandates(Roles.auditor, covering: "case/quarterly/b/2026/p1", bodyId: "b", on: LocalDate("2026-12-01")!, at: Self.at).count == 1)
        #expect(auditor.mandates(Roles.auditor, covering: "case/quarterly/b/2026/p1", bodyId: "b", on: LocalDate("2026-12-01")!, at: later).isEmpty)
    }

    @Test("powers at the request: the actor must be the signed-in person; hr-officer only for the body's holder today; offices only from the account; case roles are left to the case's rulebook; an unknown role is refused")
    func powers() throws {
        let org = try Self.body()
        let staff = try Self.account([try rulebook.decide(.openAccount(personId: "p1", bodyId: "b", offices: []), by: Actor(person: "hr-1", role: Roles.hrOfficer), at: Self.at, account: AccountState(), organisation: org)])
        func act(_ person: String, _ role: String) throws -> ActRequest {
            try ActRequest(["act": "quarterly.apply-for-calibration", "occurredAt": "2026-12-02T10:00:00+05:00", "actor": ["person": .string(person), "role": .string(role)], "bodyId": "b",
                              "year": 2026, "personId": "p1", "quarter": 4, "reason": "the score is too low"])
        }
        #expect(refusal { try Powers.requireAct(try act("p2", Roles.servant), by: "p1", account: staff, organisation: org, at: Self.at) }?.field == "actor.person")
        #expect(refusal { try Powers.requireAct(try act("p1", Roles.hrOfficer), by: "p1", account: staff, organisation: org, at: Self.at) }?.code == .forbidden)
        #expect(refusal { try Powers.requireAct(try act("p1", Roles.auditor), by: "p1", account: staff, organisation: org, at: Self.at) }?.code == .forbidden)
        #expect(refusal { try Powers.requireAct(try act("p1", "king"), by: "p1", account: staff, organisation: org, at: Self.at) }?.field == "actor.role")
        #expect(refusal { try Powers.requireAct(try act("p1", Roles.servant), by: "p1", account: staff, organisation: org, at: Self.at) } == nil)
        #expect(refusal { try Powers.requireAct(try act("p1", Roles.servant), by: "p1", account: AccountState(), organisation: org, at: Self.at) }?.field == "actor")
    }
}
