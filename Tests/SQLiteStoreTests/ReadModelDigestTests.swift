import Foundation
import Evaluation
import GRDB
import LedgerCore
import LedgerTestSupport
import SQLiteStore
import Testing

/// Issue 11 §5: "Read-model tables (`rm_*`) edited: `grades` shows the forged grade, `verify` exits 0,
/// and the forged row survives later appends." Each read model now carries a digest written with its
/// rows; reads refuse a table that no longer matches it, and `ReadModelCheck` also folds a scratch copy.
struct ReadModelDigestTests {
    /// Two bodies of three servants, folded into the staff directory.
    static func directory() async throws -> (TemporaryLedger, ProjectionRunner) {
        let ledger = try TemporaryLedger()
        for body in ["a", "b"] {
            _ = try await ledger.store.append(to: "body/\(body)", expecting: .noStream, [Drafts.body(body)])
            for person in 1...3 {
                _ = try await ledger.store.append(to: "body/\(body)", expecting: .any, [Drafts.appointment(body: body, person: "\(body)\(person)")])
            }
        }
        let runner = ProjectionRunner(readModels: ledger.readModels, projection: StaffDirectoryProjection())
        try runner.catchUp()
        return (ledger, runner)
    }

    static func check(_ ledger: TemporaryLedger) throws -> [String] {
        try ReadModelCheck(readModels: ledger.readModels, projections: [StaffDirectoryProjection()]).findings
    }

    @Test("the digest is of the contents, not the order or the path: incremental, rebuilt and summed row by row agree; any edit moves it")
    func digestFollowsContents() async throws {
        let (_, runner) = try await Self.directory()
        let stored = try runner.storedDigests()
        #expect(try runner.tableDigests() == stored)
        #expect(stored["servants"]?.rows == 6)
        let rows = try runner.rows(of: StaffDirectoryProjection.servants)
        #expect(ReadModelDigest(of: rows.reversed()) == stored["servants"])
        var edited = rows
        edited[0][2] = .text("Forged")
        #expect(ReadModelDigest(of: edited) != stored["servants"])
        // An integer and the text of its digits are different values, and so different rows.
        #expect(ReadModelDigest(of: [[.integer(5)]]) != ReadModelDigest(of: [[.text("5")]]))
        var removed = ReadModelDigest(of: rows)
        removed.remove(rows[0])
        #expect(removed == ReadModelDigest(of: rows.dropFirst()))
        try runner.rebuild()
        #expect(try runner.storedDigests() == stored)
    }

    @Test("issue 11: a row edited behind the projection's back — the read refuses, the check names the table, and later appends do not launder it")
    func editedRowIsRefused() async throws {
        let (ledger, runner) = try await Self.directory()
        try await DatabaseQueue(path: ledger.readModels.path).write { try $0.execute(sql: "UPDATE rm_servants SET position_title = 'Head of department' WHERE person_id = 'a1'") }
        #expect(throws: LedgerError(.readModelAltered, field: "rm_servants", "")) { try runner.rows(of: StaffDirectoryProjection.servants) }
        // The other table of the same read model still answers.
        #expect(try runner.rows(of: StaffDirectoryProjection.bodies).count == 2)
        #expect(try Self.check(ledger) == [
            "rm_servants: its rows (6) no longer match the digest its projection wrote with them (6 rows): changed outside the ledger",
        ])

        // The forged row written over by its projection, and more acts folded: still refused.
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.appointment(body: "a", person: "a1"), Drafts.appointment(body: "a", person: "a4")])
        try runner.catchUp()
        #expect(throws: LedgerError(.readModelAltered, field: "rm_servants", "")) { try runner.rows(of: StaffDirectoryProjection.servants) }

        // A row deleted, or one inserted, is caught the same way.
        try runner.rebuild()
        try await DatabaseQueue(path: ledger.readModels.path).write { try $0.execute(sql: "DELETE FROM rm_bodies WHERE body_id = 'b'") }
        #expect(throws: LedgerError(.readModelAltered, field: "rm_bodies", "")) { try runner.rows(of: StaffDirectoryProjection.bodies) }
        try runner.rebuild()
        #expect(try runner.rows(of: StaffDirectoryProjection.bodies).count == 2)
        #expect(try Self.check(ledger).isEmpty)
    }

    @Test("issue 11: rows forged with their digest rewritten pass the read, but not the check, which folds a copy from the log")
    func forgedDigestIsFoundByTheFold() async throws {
        let (ledger, runner) = try await Self.directory()
        try await DatabaseQueue(path: ledger.readModels.path).write { db in
            try db.execute(sql: "UPDATE rm_servants SET category = 'A-1' WHERE person_id = 'b2'")
            // The forger recomputes the digest of body b's partition, which the edited row is in.
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM rm_servants WHERE body_id = 'b' ORDER BY 1, 2").map { row in
                (0..<row.count).map { index -> ReadModelValue in
                    let value = row[index] as DatabaseValue
                    switch value.storage {
                    case .int64(let number): return .integer(number)
                    case .string(let text): return .text(text)
                    default: return .null
                    }
                }
            }
            let digest = ReadModelDigest(of: rows)
            try db.execute(sql: "UPDATE read_model_digests SET digest = ? WHERE projection = ? AND table_name = 'servants' AND part = 'tb'",
                           arguments: [Data(digest.bytes), StaffDirectoryProjection().name])
        }
        #expect(try runner.rows(of: StaffDirectoryProjection.servants).contains { $0[4] == .text("A-1") })
        #expect(try Self.check(ledger) == [
            "rm_servants: differs from the log folded to seq 8 (6 rows stored, 6 from the log): rows forged with their digest rewritten, or the projection changed without a new version",
        ])
    }

    @Test("the check reads the log from a ledger opened read-only, and reports a read model never built as not built")
    func readOnlyAndUnbuilt() async throws {
        let (ledger, _) = try await Self.directory()
        let readOnly = try SQLiteEventStore(path: ledger.path, readOnly: true)
        let readModels = try ReadModelStore(path: ledger.readModels.path, log: readOnly)
        let check = try ReadModelCheck(readModels: readModels, projections: [StaffDirectoryProjection(), AnnualGradesProjection()])
        #expect(check.findings.isEmpty)
        #expect(check.results.map(\.checkpoint) == [8, nil])
    }

    @Test("issue 12 §2: a partition is read by its index and checked against its own digest — an edit in body a's rows refuses a's read, not b's; the partitions sum to the table's digest")
    func partitionsHaveDigestsOfTheirOwn() async throws {
        let (ledger, runner) = try await Self.directory()
        let servants = StaffDirectoryProjection.servants
        #expect(try runner.rows(of: servants, in: .text("a")).map { $0[1] } == [.text("a1"), .text("a2"), .text("a3")])
        #expect(try runner.rows(of: servants, in: .text("nobody")).isEmpty)
        #expect(try runner.storedDigests()["servants"] == ReadModelDigest(of: try runner.rows(of: servants)))
        try await DatabaseQueue(path: ledger.readModels.path).write { try $0.execute(sql: "UPDATE rm_servants SET position_title = 'Forged' WHERE person_id = 'a2'") }
        #expect(throws: LedgerError(.readModelAltered, field: "rm_servants", "")) { try runner.rows(of: servants, in: .text("a")) }
        #expect(try runner.rows(of: servants, in: .text("b")).count == 3)
        // A row moved into another partition is missing from its own and extra in the other: both refuse.
        try runner.rebuild()
        try await DatabaseQueue(path: ledger.readModels.path).write { try $0.execute(sql: "UPDATE rm_servants SET body_id = 'b' WHERE person_id = 'a3'") }
        #expect(throws: LedgerError(.readModelAltered, field: "rm_servants", "")) { try runner.rows(of: servants, in: .text("a")) }
        #expect(throws: LedgerError(.readModelAltered, field: "rm_servants", "")) { try runner.rows(of: servants, in: .text("b")) }
    }
}
