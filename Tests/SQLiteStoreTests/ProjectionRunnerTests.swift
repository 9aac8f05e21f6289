import Foundation
import Evaluation
import GRDB
import LedgerCore
import LedgerTestSupport
import SQLiteStore
import Testing

struct ProjectionRunnerTests {
    @Test("design.md §4: a read model built page by page as acts arrive equals, byte for byte, one rebuilt from the log")
    func rebuildIsByteIdentical() async throws {
        let ledger = try TemporaryLedger()
        let runner = ProjectionRunner(readModels: ledger.readModels, projection: StaffDirectoryProjection(), pageSize: 3)
        for body in 0..<4 {
            _ = try await ledger.store.append(to: "body/b\(body)", expecting: .noStream, [Drafts.body("b\(body)")])
            try runner.catchUp()
            for person in 0..<5 {
                _ = try await ledger.store.append(to: "body/b\(body)", expecting: .any, [Drafts.appointment(body: "b\(body)", person: "p\(body)-\(person)")])
                if person % 2 == 0 { try runner.catchUp() }
            }
        }
        try runner.catchUp()
        let incremental = try runner.tableDigests()
        #expect(try runner.checkpoint() == 24)
        #expect(try runner.rows(of: StaffDirectoryProjection.bodies).map { $0[4] } == Array(repeating: .integer(5), count: 4))

        #expect(try runner.rebuild() == 24)
        #expect(try runner.tableDigests() == incremental)
        #expect(try runner.rows(of: StaffDirectoryProjection.servants).count == 20)
    }

    @Test("the staff directory names a body's role holder on any day as the fold of the body's stream does (001 §11; 004 §21): the HR officer from 2018-01-09, replaced on 2019-03-01 by two assignments recorded the same day — the first recorded holds — and a successor named ahead of time who holds only from 2020-01-01")
    func roleHolderAsTheFold() async throws {
        let ledger = try TemporaryLedger()
        func role(_ person: String, _ role: String, from: String) -> EventDraft {
            EventDraft(id: UUID().uuidString.lowercased(), type: "organisation.role-assigned", schemaVersion: 2, occurredAt: Timestamp(rfc3339: "2018-01-03T10:00:00+06:00")!,
                       actor: Drafts.hr, payload: ["bodyId": "b", "personId": .string(person), "role": .string(role), "effectiveFrom": .string(from)])
        }
        let events = try await ledger.store.append(to: "body/b", expecting: .noStream, [
            Drafts.body("b"), role("hr-1", "hr-officer", from: "2018-01-09"), role("head", "authorised-person", from: "2018-01-09"),
            role("hr-3", "hr-officer", from: "2020-01-01"), role("hr-2", "hr-officer", from: "2019-03-01"), role("hr-4", "hr-officer", from: "2019-03-01"),
        ])
        let organisation = try OrganisationState(events: events)
        let runner = ProjectionRunner(readModels: ledger.readModels, projection: StaffDirectoryProjection())
        try runner.catchUp()
        let roles = try runner.rows(of: StaffDirectoryProjection.roles, in: .text("b"))
        for day in ["2018-01-08", "2018-01-09", "2019-02-28", "2019-03-01", "2019-12-31", "2020-01-01"] {
            for name in ["hr-officer", "authorised-person", "first-head"] {
                let date = LocalDate(day)!
                #expect(StaffDirectoryProjection.holder(of: name, on: date, among: roles) == organisation.holder(of: name, on: date), "\(name) on \(day)")
            }
        }
        #expect(StaffDirectoryProjection.holder(of: "hr-officer", on: LocalDate("2019-06-01")!, among: roles) == "hr-2")
        #expect(StaffDirectoryProjection.holder(of: "hr-officer", on: LocalDate("2018-01-08")!, among: roles) == nil)
    }

    @Test("catch-up folds only what is new after the checkpoint, also across a reopened file")
    func resumesFromCheckpoint() async throws {
        let ledger = try TemporaryLedger()
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.body("a"), Drafts.appointment(body: "a", person: "p1")])
        #expect(try ProjectionRunner(readModels: ledger.readModels, projection: StaffDirectoryProjection()).catchUp() == 2)
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.appointment(body: "a", person: "p2")])
        let reopened = try SQLiteEventStore(path: ledger.path)
        let runner = ProjectionRunner(readModels: try ReadModelStore(beside: reopened), projection: StaffDirectoryProjection())
        #expect(try runner.catchUp() == 1)
        #expect(try runner.catchUp() == 0)
        #expect(try runner.rows(of: StaffDirectoryProjection.bodies)[0][4] == .integer(2))
    }

    @Test("live mode follows the catch-up subscription: acts appended after start reach the read model")
    func live() async throws {
        let ledger = try TemporaryLedger()
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.body("a")])
        let runner = ProjectionRunner(readModels: ledger.readModels, projection: StaffDirectoryProjection())
        let task = Task { try await runner.run(pollInterval: .milliseconds(10)) }
        defer { task.cancel() }
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.appointment(body: "a", person: "p1")])
        var checkpoint: Int64?
        for _ in 0..<500 where checkpoint != 2 {
            try await Task.sleep(for: .milliseconds(10))
            checkpoint = try runner.checkpoint()
        }
        #expect(checkpoint == 2)
        #expect(try runner.rows(of: StaffDirectoryProjection.bodies)[0][4] == .integer(1))
    }

    @Test("dropping the read-model tables loses nothing: the log rebuilds them")
    func readModelsAreDisposable() async throws {
        let ledger = try TemporaryLedger()
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.body("a"), Drafts.appointment(body: "a", person: "p1")])
        let runner = ProjectionRunner(readModels: ledger.readModels, projection: StaffDirectoryProjection())
        try runner.catchUp()
        let before = try runner.tableDigests()
        try await DatabaseQueue(path: ledger.readModels.path).write { try $0.execute(sql: "DROP TABLE rm_servants; DROP TABLE rm_bodies") }
        try runner.rebuild()
        #expect(try runner.tableDigests() == before)
    }

    @Test("a projection whose version changed is rebuilt from scratch on the next catch-up")
    func versionBumpRebuilds() async throws {
        struct Counting: Projection {
            let name = "counting"
            let version: Int
            static let table = ReadModelTable(name: "counting", columns: [.init("key", .text), .init("n", .integer)])
            var tables: [ReadModelTable] { [Self.table] }
            func apply(_ event: RecordedEvent, to session: inout ReadModelSession) throws {
                let n = try session.row(Self.table, key: [.text("all")])?[1].integer ?? 0
                session.upsert(Self.table, [.text("all"), .integer(n + Int64(version))])
            }
        }
        let ledger = try TemporaryLedger()
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.body("a"), Drafts.appointment(body: "a", person: "p1")])
        let v1 = ProjectionRunner(readModels: ledger.readModels, projection: Counting(version: 1))
        try v1.catchUp()
        #expect(try v1.rows(of: Counting.table) == [[.text("all"), .integer(2)]])
        let v10 = ProjectionRunner(readModels: ledger.readModels, projection: Counting(version: 10))
        #expect(try v10.catchUp() == 2)
        #expect(try v10.rows(of: Counting.table) == [[.text("all"), .integer(20)]])
    }
}

/// Issue 12 §2: "Read models in their own file or schema, so a read command never writes the ledger file."
struct ReadModelFileTests {
    @Test("issue 12 §2: one pass over the log rebuilds several read models to the same rows as each folded on its own, and their checkpoints to the head")
    func onePassRebuild() async throws {
        let ledger = try TemporaryLedger()
        for body in ["a", "b"] {
            _ = try await ledger.store.append(to: "body/\(body)", expecting: .noStream, [Drafts.body(body)])
            for person in 1...4 { _ = try await ledger.store.append(to: "body/\(body)", expecting: .any, [Drafts.appointment(body: body, person: "\(body)\(person)")]) }
        }
        let projections: [any Projection] = [StaffDirectoryProjection(), CaseAuditTrailProjection()]
        let runners = projections.map { ProjectionRunner(readModels: ledger.readModels, projection: $0, pageSize: 3) }
        for runner in runners { try runner.rebuild() }
        let separately = try runners.map { try $0.tableDigests() }
        #expect(try ProjectionRunner.rebuild(runners) == 10)
        #expect(try runners.map { try $0.tableDigests() } == separately)
        #expect(try runners.map { try $0.storedDigests() } == separately)
        #expect(try runners.map { try $0.checkpoint() } == [10, 10])
    }

    @Test("issue 12 §2: folding the read models leaves the ledger file byte for byte as it was, and the ledger holds no read-model table")
    func readsNeverWriteTheLedger() async throws {
        let ledger = try TemporaryLedger()
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.body("a"), Drafts.appointment(body: "a", person: "p1")])
        let files = [ledger.path, ledger.path + "-wal"]
        let before = files.map { FileManager.default.contents(atPath: $0) }
        let runner = ProjectionRunner(readModels: ledger.readModels, projection: StaffDirectoryProjection())
        #expect(try runner.catchUp() == 2)
        try runner.rebuild()
        #expect(files.map { FileManager.default.contents(atPath: $0) } == before)
        let tables = try await DatabaseQueue(path: ledger.path).read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(!tables.contains { $0.hasPrefix("rm_") || $0 == "projection_checkpoints" })
        #expect(try runner.rows(of: StaffDirectoryProjection.servants).count == 1)
    }

    @Test("read models folded from another log, or from a history that no longer holds the event they last folded, are folded anew, not continued")
    func anotherLogIsRebuilt() async throws {
        let first = try TemporaryLedger(), second = try TemporaryLedger()
        _ = try await first.store.append(to: "body/a", expecting: .any, [Drafts.body("a"), Drafts.appointment(body: "a", person: "p1")])
        _ = try await second.store.append(to: "body/b", expecting: .any, [Drafts.body("b"), Drafts.appointment(body: "b", person: "q1"), Drafts.appointment(body: "b", person: "q2")])
        #expect(try ProjectionRunner(readModels: first.readModels, projection: StaffDirectoryProjection()).catchUp() == 2)
        // The same file, now said to hold the read models of the second ledger: its seq 2 is another event.
        let moved = ProjectionRunner(readModels: try ReadModelStore(path: first.readModels.path, log: second.store), projection: StaffDirectoryProjection())
        #expect(try moved.catchUp() == 3)
        #expect(try moved.rows(of: StaffDirectoryProjection.servants).map { $0[1] } == [.text("q1"), .text("q2")])
        #expect(try moved.checkpoint() == 3)
    }
}

/// Issue 12 §3: a cold build writes rows only and seals each partition's digest from the finished tables.
struct ColdBuildTests {
    /// A projection (the staff directory unless another is named), failing once it reaches `failAt` — a
    /// rebuild killed part-way.
    struct Interrupted: Projection {
        var inner: any Projection = StaffDirectoryProjection()
        let failAt: Int64
        var name: String { inner.name }
        var version: Int { inner.version }
        var tables: [ReadModelTable] { inner.tables }
        var handledTypes: Set<String>? { inner.handledTypes }
        var readsPurgedEvents: Bool { inner.readsPurgedEvents }
        var readsPayloads: Bool { inner.readsPayloads }
        func apply(_ event: RecordedEvent, to session: inout ReadModelSession) throws {
            if event.seq >= failAt { throw LedgerError(.storage, field: "test", "killed at \(event.seq)") }
            try inner.apply(event, to: &session)
        }
    }

    @Test("issue 12 §3: a rebuild interrupted after some of its rows were written resumes at its checkpoint and seals the digests of every partition, as an uninterrupted one does; before it is sealed no read answers from it")
    func interruptedBuildResumes() async throws {
        let ledger = try TemporaryLedger()
        for body in 0..<4 {
            _ = try await ledger.store.append(to: "body/b\(body)", expecting: .noStream, [Drafts.body("b\(body)")])
            for person in 0..<5 { _ = try await ledger.store.append(to: "body/b\(body)", expecting: .any, [Drafts.appointment(body: "b\(body)", person: "p\(body)-\(person)")]) }
        }
        let whole = ProjectionRunner(readModels: ledger.readModels, projection: StaffDirectoryProjection())
        #expect(try whole.rebuild() == 24)
        let expected = try whole.tableDigests()
        #expect(try whole.storedDigests() == expected)

        // Rows flushed every few events (a budget of 6 rows), killed at seq 15.
        let killed = ProjectionRunner(readModels: ledger.readModels, projection: Interrupted(failAt: 15), pageSize: 3, rowBudget: 6)
        #expect(throws: LedgerError.self) { try killed.rebuild() }
        let stoppedAt = try #require(try killed.checkpoint())
        #expect(stoppedAt > 0 && stoppedAt < 15)
        let unsealed = #expect(throws: LedgerError.self) { try whole.rows(of: StaffDirectoryProjection.servants) }
        #expect(unsealed?.message.contains("cold build") == true)
        let check = try ReadModelCheck(readModels: ledger.readModels, projections: [StaffDirectoryProjection()])
        #expect(check.findings.isEmpty && check.results.map(\.unfinished) == [true], "\(check.results)")

        let resumed = ProjectionRunner(readModels: ledger.readModels, projection: StaffDirectoryProjection(), pageSize: 3, rowBudget: 6)
        #expect(try resumed.catchUp() == 24 - Int(stoppedAt))
        #expect(try resumed.tableDigests() == expected)
        #expect(try resumed.storedDigests() == expected)
        #expect(try resumed.rows(of: StaffDirectoryProjection.servants).count == 20)
        let sealed = try ReadModelCheck(readModels: ledger.readModels, projections: [StaffDirectoryProjection()])
        #expect(sealed.findings.isEmpty && sealed.results.map(\.unfinished) == [false])
    }

    @Test("issue 12 §3: a written-only table (the audit trail) has its rows staged in a cold build and puts them in key order at the end — killed part-way, the build resumes with what it staged and ends with the same rows and digests as an uninterrupted one")
    func stagedBuildResumes() async throws {
        let ledger = try TemporaryLedger()
        // Thirty acts over six cases, interleaved as the log interleaves a body's cases.
        for n in 0..<30 {
            _ = try await ledger.store.append(to: "case/annual/b/2018/p\(n % 6)", expecting: .any, [Drafts.body("b\(n)")])
        }
        /// The rows staged and the rows in the table (nil: no staging table).
        func counts() throws -> (staged: Int?, table: Int) {
            try DatabaseQueue(path: ledger.readModels.path).read { db in
                let staged = try Bool.fetchOne(db, sql: "SELECT 1 FROM sqlite_master WHERE name = 'rm_case_audit_trail__staged'") == true
                    ? try Int.fetchOne(db, sql: "SELECT count(*) FROM rm_case_audit_trail__staged") : nil
                return (staged, try Int.fetchOne(db, sql: "SELECT count(*) FROM rm_case_audit_trail") ?? 0)
            }
        }
        let whole = ProjectionRunner(readModels: ledger.readModels, projection: CaseAuditTrailProjection())
        #expect(try whole.rebuild() == 30)
        let (rows, digests) = (try whole.rows(of: CaseAuditTrailProjection.trail), try whole.tableDigests())
        #expect(rows.count == 30 && rows.map { $0[0].text! + "#\($0[1].integer!)" } == rows.map { $0[0].text! + "#\($0[1].integer!)" }.sorted())
        #expect(try whole.storedDigests() == digests && counts().staged == nil)

        let killed = ProjectionRunner(readModels: ledger.readModels, projection: Interrupted(inner: CaseAuditTrailProjection(), failAt: 20), pageSize: 3, rowBudget: 6)
        #expect(throws: LedgerError.self) { try killed.rebuild() }
        let stoppedAt = try #require(try killed.checkpoint())
        // What it wrote is staged, not in the table; no read answers before the build ends.
        let interrupted = try counts()
        #expect(stoppedAt > 0 && stoppedAt < 20 && (interrupted.staged ?? 0) > 0 && interrupted.table == 0, "\(interrupted)")
        #expect(throws: LedgerError.self) { try whole.rows(of: CaseAuditTrailProjection.trail) }

        let resumed = ProjectionRunner(readModels: ledger.readModels, projection: CaseAuditTrailProjection(), pageSize: 3, rowBudget: 6)
        #expect(try resumed.catchUp() == 30 - Int(stoppedAt))
        #expect(try resumed.rows(of: CaseAuditTrailProjection.trail) == rows)
        #expect(try resumed.tableDigests() == digests && resumed.storedDigests() == digests && counts().staged == nil)
    }

    /// Says its table is written only, and reads a row of it back.
    struct ReadsWhileWritingOnly: Projection {
        let name = "reads-while-writing-only"
        let version = 1
        static let table = ReadModelTable(name: "reads_while_writing_only", columns: [.init("stream", .text), .init("count", .integer)], keyColumnCount: 1, writtenOnly: true)
        var tables: [ReadModelTable] { [Self.table] }
        func apply(_ event: RecordedEvent, to session: inout ReadModelSession) throws {
            let count = try session.row(Self.table, key: [.text(event.stream)])?[1].integer ?? 0
            session.upsert(Self.table, [.text(event.stream), .integer(count + 1)])
        }
    }

    @Test("issue 12 §3: a projection that reads back a row of a table said to be written only is stopped with its name — the staged rows are not in the table it reads")
    func writesOnlyProjectionThatReads() async throws {
        let ledger = try TemporaryLedger()
        for n in 0..<12 { _ = try await ledger.store.append(to: "s\(n % 4)", expecting: .any, [Drafts.body("b\(n)")]) }
        let runner = ProjectionRunner(readModels: ledger.readModels, projection: ReadsWhileWritingOnly(), pageSize: 2, rowBudget: 2)
        let error = #expect(throws: LedgerError.self) { try runner.rebuild() }
        #expect(error?.message.contains("read a row of reads_while_writing_only, a table said to be written only") == true, "\(String(describing: error))")
    }

    @Test("issue 12 §3: a catch-up after a cold build moves each partition's digest with the rows it writes — a row changed behind the projection's back is still refused")
    func catchUpAfterColdBuild() async throws {
        let ledger = try TemporaryLedger()
        _ = try await ledger.store.append(to: "body/a", expecting: .noStream, [Drafts.body("a"), Drafts.appointment(body: "a", person: "p1")])
        let runner = ProjectionRunner(readModels: ledger.readModels, projection: StaffDirectoryProjection())
        try runner.rebuild()
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.appointment(body: "a", person: "p2")])
        #expect(try runner.catchUp() == 1)
        #expect(try runner.storedDigests() == runner.tableDigests())
        #expect(try runner.rows(of: StaffDirectoryProjection.servants, in: .text("a")).count == 2)
        try await DatabaseQueue(path: ledger.readModels.path).write { try $0.execute(sql: "UPDATE rm_servants SET full_name = 'forged' WHERE person_id = 'p1'") }
        #expect(throws: LedgerError.self) { try runner.rows(of: StaffDirectoryProjection.servants, in: .text("a")) }
    }
}
