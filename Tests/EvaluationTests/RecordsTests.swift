import LedgerCore
import Testing

@testable import Evaluation

/// Retention, legal holds, purge certificates, recorded reads and the as-of axes (issue 6; 001 §8, 004 §15, §21).
struct RecordsTests {
    typealias Q = QuarterlyFixture
    static let records = Actor(person: "rec-1", role: Roles.recordsOfficer)
    static func at(_ day: String) -> Timestamp { Timestamp(rfc3339: "\(day)T10:00:00+05:00")! }

    static func schedule(_ acts: [(RecordsAct, String)]) throws -> RetentionSchedule {
        var schedule = RetentionSchedule()
        var seq: Int64 = 0
        for (act, day) in acts { try schedule.fold(try RecordsRulebook().decide(act, by: records, at: at(day), schedule: schedule), at: &seq, stream: "retention") }
        return schedule
    }

    @Test("001 §8, 004 §15: a case that ended on 2025-01-09 is kept through 2028-01-09 and due from 2028-01-10; a hold of 31 days (lifted) moves it to 2028-02-10; an active hold stops the clock")
    func dueDates() throws {
        let stream = "case/quarterly/m/2024/s1"
        #expect(RetentionSchedule().dueOn(stream, endedOn: LocalDate("2025-01-09")!) == LocalDate("2028-01-10"))
        let held = try Self.schedule([(.placeHold(holdId: "h", caseStream: stream, basis: "claim № 7"), "2027-03-01")])
        #expect(held.dueOn(stream, endedOn: LocalDate("2025-01-09")!) == nil)
        let lifted = try Self.schedule([
            (.placeHold(holdId: "h", caseStream: stream, basis: "claim № 7"), "2027-03-01"), (.liftHold(holdId: "h", basis: "decided"), "2027-04-01"),
        ])
        #expect(lifted.dueOn(stream, endedOn: LocalDate("2025-01-09")!) == LocalDate("2028-02-10"))
        #expect(lifted.dueOn("case/quarterly/m/2024/s2", endedOn: LocalDate("2025-01-09")!) == LocalDate("2028-01-10"))
    }

    /// Issue 28 §5: "A case ended 2018-12-21; three years run to the end of 2021-12-21, so the case is due on
    /// 2021-12-22, not 2021-12-21 (001 §8, 004 §15)." The boundaries of a leap year and a month's end too.
    @Test("001 §8 (kept three years after the evaluation ends): a case that ended on 2018-12-21 is kept through 2021-12-21 and due on 2021-12-22, not a day earlier")
    func retentionBoundary() throws {
        let stream = "case/annual/b/2018/p1"
        #expect(RetentionSchedule.keptThrough(endedOn: LocalDate("2018-12-21")!) == LocalDate("2021-12-21"))
        #expect(RetentionSchedule().dueOn(stream, endedOn: LocalDate("2018-12-21")!) == LocalDate("2021-12-22"))
        #expect(RetentionSchedule().dueOn(stream, endedOn: LocalDate("2020-02-29")!) == LocalDate("2023-03-01"))
        #expect(RetentionSchedule().dueOn(stream, endedOn: LocalDate("2021-12-31")!) == LocalDate("2025-01-01"))
        let due = DueCase(caseStream: stream, endedOn: LocalDate("2018-12-21")!, dueOn: LocalDate("2021-12-22")!, events: [(5, "annual.case-opened", String(repeating: "a", count: 64))])
        let early = RecordsAct.certifyPurge(certificateId: "c1", legalBasis: "001 §8", purgedOn: LocalDate("2021-12-21")!, cases: [due])
        #expect(refusal { _ = try RecordsRulebook().decide(early, by: Self.records, at: Self.at("2021-12-21"), schedule: RetentionSchedule()) }?.clause == "001 §8; 004 §15")
        let onTime = RecordsAct.certifyPurge(certificateId: "c1", legalBasis: "001 §8", purgedOn: LocalDate("2021-12-22")!, cases: [due])
        _ = try RecordsRulebook().decide(onTime, by: Self.records, at: Self.at("2021-12-22"), schedule: RetentionSchedule())
    }

    /// Issue 28 §6: "`POST /retention/purge {"on":"2099-12-31"}` is accepted and removed 157 payloads of
    /// cases not due until 2027–28." A purge is never dated after the day it is done.
    @Test("001 §8, design 17: a purge dated 2099-12-31, done on 2026-12-08, is refused naming purgedOn; one dated that day is decided")
    func purgeNeverInTheFuture() throws {
        let due = DueCase(caseStream: "case/annual/b/2018/p1", endedOn: LocalDate("2019-01-17")!, dueOn: LocalDate("2022-01-18")!, events: [(5, "annual.case-opened", String(repeating: "a", count: 64))])
        let future = RecordsAct.certifyPurge(certificateId: "c1", legalBasis: "001 §8", purgedOn: LocalDate("2099-12-31")!, cases: [due])
        let refused = refusal { _ = try RecordsRulebook().decide(future, by: Self.records, at: Self.at("2026-12-08"), schedule: RetentionSchedule()) }
        #expect(refused?.field == "payload.purgedOn")
        #expect(refused?.message.contains("never dated in the future") == true)
        let today = RecordsAct.certifyPurge(certificateId: "c1", legalBasis: "001 §8", purgedOn: LocalDate("2026-12-08")!, cases: [due])
        _ = try RecordsRulebook().decide(today, by: Self.records, at: Self.at("2026-12-08"), schedule: RetentionSchedule())
    }

    @Test("001 §8, 004 §15 through the index of case ends: a case whose last act was on 2025-01-09 (10:00 in Almaty) cannot be due before 2028-01-08 and is a candidate from then on; only the months up to 36 months back are read")
    func caseEndIndex() {
        let last = "2025-01-09T04:00:00.000000Z"
        #expect(!CaseActivityProjection.mayBeDue(lastOccurredAt: last, on: LocalDate("2028-01-07")!))
        #expect(CaseActivityProjection.mayBeDue(lastOccurredAt: last, on: LocalDate("2028-01-08")!))
        // An act at 01:00 on 10 January in Almaty is 9 January in UTC: the day before covers the zone.
        #expect(CaseActivityProjection.mayBeDue(lastOccurredAt: "2025-01-09T19:00:00.000000Z", on: LocalDate("2028-01-10")!))
        #expect(CaseActivityProjection.monthsMayBeDue(["2024-11", "2024-12", "2025-01", "2025-02", "2026-05"], on: LocalDate("2028-01-08")!) == ["2024-11", "2024-12", "2025-01", "2025-02"])
        #expect(CaseActivityProjection.monthsMayBeDue(["2025-01", "2025-03"], on: LocalDate("2028-01-31")!) == ["2025-01"])
    }

    @Test("001 §8: a purge is the records office's, of cases due on its day only; holds are placed once and lifted once")
    func purgeRules() throws {
        let due = DueCase(caseStream: "case/annual/b/2018/p1", endedOn: LocalDate("2019-01-17")!, dueOn: LocalDate("2022-01-18")!, events: [(5, "annual.case-opened", String(repeating: "a", count: 64))])
        let purge = RecordsAct.certifyPurge(certificateId: "c1", legalBasis: "001 §8", purgedOn: LocalDate("2022-01-17")!, cases: [due])
        #expect(refusal { _ = try RecordsRulebook().decide(purge, by: Self.records, at: Self.at("2022-01-17"), schedule: RetentionSchedule()) }?.clause == "001 §8; 004 §15")
        let onTime = RecordsAct.certifyPurge(certificateId: "c1", legalBasis: "001 §8", purgedOn: LocalDate("2022-01-18")!, cases: [due])
        #expect(refusal { _ = try RecordsRulebook().decide(onTime, by: Actor(person: "hr", role: Roles.hrOfficer), at: Self.at("2022-01-18"), schedule: RetentionSchedule()) }?.field == "actor.role")
        let certificate = try RecordsRulebook().decide(onTime, by: Self.records, at: Self.at("2022-01-18"), schedule: RetentionSchedule())
        try BagalauCatalog.all.validate(certificate)
        let after = try Self.schedule([(onTime, "2022-01-18")])
        #expect(after.certified["case/annual/b/2018/p1"] == [5])
        #expect(refusal { _ = try RecordsRulebook().decide(.placeHold(holdId: "h", caseStream: "case/annual/b/2018/p1", basis: "x"), by: Self.records, at: Self.at("2022-02-01"), schedule: after) }?.field == "payload.caseStream")
        #expect(refusal { _ = try RecordsRulebook().decide(.liftHold(holdId: "none", basis: "x"), by: Self.records, at: Self.at("2022-02-01"), schedule: after) }?.field == "payload.holdId")
    }

    @Test("004 §21, design §12: only auditors and appeals reviewers leave recorded reads; a colleague cannot")
    func recordedReads() throws {
        let read = RecordsAct.recordRead(caseStream: "case/quarterly/m/2024/s1", what: "case-file", reason: "appeal № 3")
        let draft = try RecordsRulebook().decide(read, by: Actor(person: "rev", role: Roles.appealsReviewer), at: Self.at("2025-02-01"), schedule: RetentionSchedule())
        try BagalauCatalog.all.validate(draft)
        #expect(refusal { _ = try RecordsRulebook().decide(read, by: Actor(person: "s2", role: Roles.servant), at: Self.at("2025-02-01"), schedule: RetentionSchedule()) }?.clause == "004 §21")
    }

    @Test("004 §15: a quarterly evaluation ends when every quarter is scored and familiarised and a calibration applied for is signed")
    func quarterlyEnd() throws {
        var q = try Q.opened("s1")
        for (quarter, day, next) in [(1, "2024-04-08", "2024-04-09"), (2, "2024-07-08", "2024-07-09"), (3, "2024-10-08", "2024-10-09"), (4, "2025-01-08", "2025-01-09")] {
            try q.act(QuarterlyDifferentiationTests.score(quarter, 4), by: Q.headAsEvaluator, on: day)
            #expect(!q.state.isClosed)
            try q.act(.familiarise(quarter: quarter, channel: "system"), by: Q.hr, on: next)
        }
        #expect(q.state.isClosed)
        try q.act(.applyForCalibration(quarter: 4, reason: "underrated"), by: Q.servant("s1"), on: "2025-01-10")
        #expect(!q.state.isClosed)
    }

    @Test("a replay's grades are folded from no act of the organisation: a case's replay reads its case, the body's methodology versions and attestation rounds, and not the body's staff stream (issue 12 §2)")
    func replayFoldsNoOrganisationAct() {
        let organisation = Set(OrganisationEvents.catalog.all.map(\.type))
        for view in AsOfReplay.views {
            let folded = view.projection.handledTypes
            #expect(folded != nil && folded!.isDisjoint(with: organisation), "\(view.projection.name) folds \(folded.map { $0.intersection(organisation).sorted() } ?? ["every type"])")
        }
    }

    @Test("the two time axes: an act done on paper on 2024-04-08 and entered on 2024-05-02 is true as of 2024-04-20 but unknown to the ledger then")
    func axes() {
        let event = RecordedEvent(
            seq: 1, stream: "case/quarterly/m/2024/s1", version: 1, id: "e", type: "quarterly.familiarised", schemaVersion: 1,
            occurredAt: Self.at("2024-04-08"), recordedAt: Self.at("2024-05-02"), actor: Q.hr, canonicalPayload: "{}", payloadSalt: nil,
            payloadDigest: ChainHasher.digest("{}"), prevHash: ChainHasher.genesis, hash: ChainHasher.genesis)
        #expect(TimeAxis.occurred.includes(event, asOf: Self.at("2024-04-20")))
        #expect(!TimeAxis.recorded.includes(event, asOf: Self.at("2024-04-20")))
        #expect(TimeAxis.recorded.includes(event, asOf: Self.at("2024-05-02")))
    }
}
