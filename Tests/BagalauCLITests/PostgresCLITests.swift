import Foundation
import LedgerTestSupport
import Testing

/// `--postgres` (design.md §3, issue 12): the commands that work on the event log alone do the same on a
/// PostgreSQL database as on the file — the same acts decided, the same events, a chain that verifies.
struct PostgresCLITests {
    @Test("the 2018 example year recorded with acts --postgres: the same events as in the file, verify intact, a re-run skips every act, a receipt proved extended, log reads them")
    func exampleYearOnPostgres() async throws {
        let workspace = try CLIWorkspace()
        let url = try await PostgresTestServer.newDatabase()
        let example = ExamplesCLITests.repository.appendingPathComponent("docs/examples/annual-2018.jsonl").path
        let file = try workspace.run("init", "--db", "l.sqlite")
        #expect(file.status == 0)
        let intoFile = try workspace.run("acts", "--db", "l.sqlite", example)
        let intoPostgres = try workspace.run("acts", "--postgres", url, example)
        #expect(intoPostgres.status == 0, "\(intoPostgres.stderr)")
        // The same acts decided the same way: line for line the same positions.
        #expect(intoPostgres.stdout == intoFile.stdout && intoPostgres.stdout.contains("recorded "))
        let again = try workspace.run("acts", "--postgres", url, example)
        #expect(again.status == 0 && again.stdout.contains("recorded 0 acts"), "\(again.stdout)")
        let verified = try workspace.run("verify", "--postgres", url)
        #expect(verified.status == 0 && verified.stdout.contains("chain intact"), "\(verified.stdout)\(verified.stderr)")
        let fileVerified = try workspace.run("verify", "--db", "l.sqlite")
        let count = { (text: String) in text.split(separator: "\n").first.map { $0.split(separator: " ")[2] } }
        #expect(count(verified.stdout) == count(fileVerified.stdout))
        // A signed tree head kept as a receipt, and the ledger proved to extend it after more acts.
        #expect(try workspace.run("keygen", "--out", "ledger.key").status == 0)
        let checkpoint = try workspace.run("checkpoint", "--postgres", url, "--key", "ledger.key", "--receipt", "head.receipt")
        #expect(checkpoint.status == 0 && checkpoint.stdout.contains("signed tree head"), "\(checkpoint.stderr)")
        let quarterly = ExamplesCLITests.repository.appendingPathComponent("docs/examples/quarterly-2024.jsonl").path
        #expect(try workspace.run("acts", "--postgres", url, quarterly).status == 0)
        let extended = try workspace.run("verify", "--postgres", url, "--receipt", "head.receipt")
        #expect(extended.status == 0 && extended.stdout.contains("extends the tree head"), "\(extended.stdout)\(extended.stderr)")
        let log = try workspace.run("log", "--postgres", url, "--limit", "2", "--json")
        #expect(log.status == 0 && log.stdout.split(separator: "\n").count == 2 && log.stdout.contains("\"seq\":1"))
    }

    @Test("retention on PostgreSQL (001 §8, 004 §15): p1's 2018 case, ended 2019-01-17, is kept through 2022-01-17 and due on 2022-01-18 — a dry run names it and purges nothing; the purge certifies it and removes its payloads from the database and its read models; the chain still verifies, naming the purge certificate; the 2024 quarterly grades are the same as before")
    func retentionOnPostgres() async throws {
        let workspace = try CLIWorkspace()
        let url = try await PostgresTestServer.newDatabase()
        for example in ["annual-2018", "quarterly-2024"] {
            let path = ExamplesCLITests.repository.appendingPathComponent("docs/examples/\(example).jsonl").path
            #expect(try workspace.run("acts", "--postgres", url, path).status == 0)
        }
        let on = ["--postgres", url, "--read-model-file", "pg.read-models"]
        func due(_ day: String) throws -> String { try workspace.run(["retention", "due", "--all", "--on", day] + on).stdout }
        #expect(try due("2022-01-17").contains("case/annual/b/2018/p1\t2019-01-17\t2022-01-18\tkept"))
        #expect(try due("2022-01-18").contains("case/annual/b/2018/p1\t2019-01-17\t2022-01-18\tdue"))
        let quarterly = ["quarterly", "grades", "--body", "m", "--year", "2024", "--operator", "op", "--reason", "checking the view", "--reader", "hr", "--on", "2025-01-20", "--json"] + on
        let quarterlyBefore = try workspace.run(quarterly).stdout
        let caseLog = ["log", "--postgres", url, "--stream", "case/annual/b/2018/p1", "--json", "--operator", "op", "--reason", "checking the purge"]
        let dry = try workspace.run(["retention", "purge", "--on", "2026-11-23", "--by", "rec-1", "--dry-run"] + on)
        #expect(dry.status == 0 && dry.stdout.contains("would purge case/annual/b/2018/p1: ended 2019-01-17, due 2022-01-18"), "\(dry.stdout)\(dry.stderr)")
        #expect(try workspace.run(caseLog).stdout.contains("Development plan"), "a dry run purges nothing")

        let purge = try workspace.run(["retention", "purge", "--on", "2026-11-23", "--by", "rec-1"] + on)
        #expect(purge.status == 0 && purge.stdout.contains("purged case/annual/b/2018/p1") && purge.stdout.contains("certificate purge-2026-11-23 recorded"),
                "\(purge.stdout)\(purge.stderr)")
        #expect(!(try workspace.run(caseLog).stdout.contains("Development plan")), "the plan's source document is gone from the database")
        let verified = try workspace.run("verify", "--postgres", url)
        #expect(verified.status == 0 && verified.stdout.contains("purged payloads (digests kept, each named by a purge certificate)"), "\(verified.stdout)\(verified.stderr)")
        #expect(try workspace.run(["grades", "--operator", "op", "--reason", "checking the view", "--body", "b", "--year", "2018"] + on).stdout.contains("(none)"))
        #expect(try workspace.run(quarterly).stdout == quarterlyBefore)
        #expect(try due("2026-11-23").contains("case/annual/b/2018/p1\t—\t—\tpurged"))
    }

    @Test("issue 12 §2: the reads on PostgreSQL — read models folded into a local file of their own give the same grades as from the ledger file; replay, diff, a case file and a bundle read the database; verify --read-models")
    func readsOnPostgres() async throws {
        let workspace = try CLIWorkspace()
        let url = try await PostgresTestServer.newDatabase()
        #expect(try workspace.run("init", "--db", "l.sqlite").status == 0)
        for example in ["annual-2018", "quarterly-2024"] {
            let path = ExamplesCLITests.repository.appendingPathComponent("docs/examples/\(example).jsonl").path
            #expect(try workspace.run("acts", "--db", "l.sqlite", path).status == 0)
            #expect(try workspace.run("acts", "--postgres", url, path).status == 0)
        }
        let reads = [
            ["grades", "--body", "b", "--year", "2018", "--operator", "op", "--reason", "comparing stores", "--json"],
            ["quarterly", "grades", "--body", "m", "--year", "2024", "--operator", "op", "--reason", "comparing stores", "--reader", "hr", "--on", "2025-01-20", "--json"],
        ]
        for read in reads {
            let fromFile = try workspace.run(read + ["--db", "l.sqlite"])
            let fromPostgres = try workspace.run(read + ["--postgres", url, "--read-model-file", "pg.read-models"])
            #expect(fromPostgres.status == 0, "\(fromPostgres.stderr)")
            #expect(!fromFile.stdout.isEmpty && fromPostgres.stdout == fromFile.stdout, "\(read[0]): \(fromPostgres.stdout) vs \(fromFile.stdout)")
        }
        #expect(FileManager.default.fileExists(atPath: workspace.path("pg.read-models")))
        // The reads of the log itself: replay on the occurred axis, diff, a case file, a bundle that verifies offline.
        let auditor = ["--operator", "op", "--reason", "comparing stores", "--reader", "aud-1", "--role", "auditor"]
        for read in [["replay", "--case", "case/annual/b/2018/p1", "--as-of", "2019-12-31", "--axis", "occurred"],
                     ["diff", "--case", "case/annual/b/2018/p1", "2018-06-01", "2019-12-31", "--axis", "occurred"]] {
            // The same acts, recorded at other moments in each store: the recorded times aside, the same answer.
            let withoutRecordedTimes = { (text: String) in text.replacingOccurrences(of: #"recorded \S+Z;"#, with: "recorded …;", options: .regularExpression) }
            let fromFile = try workspace.run(read + auditor + ["--db", "l.sqlite"])
            let fromPostgres = try workspace.run(read + auditor + ["--postgres", url])
            #expect(fromPostgres.status == 0 && withoutRecordedTimes(fromPostgres.stdout) == withoutRecordedTimes(fromFile.stdout),
                    "\(read[0]): \(fromPostgres.stdout)\(fromPostgres.stderr) vs \(fromFile.stdout)")
        }
        let caseFile = try workspace.run(["case-file", "--case", "case/annual/b/2018/p1", "--postgres", url] + auditor)
        #expect(caseFile.status == 0 && caseFile.stdout.contains("case/annual/b/2018/p1"), "\(caseFile.stderr)")
        #expect(try workspace.run("keygen", "--out", "ledger.key").status == 0)
        #expect(try workspace.run("checkpoint", "--postgres", url, "--key", "ledger.key").status == 0)
        let export = try workspace.run(["export", "--case", "case/annual/b/2018/p1", "--out", "pg.bundle", "--postgres", url] + auditor)
        #expect(export.status == 0, "\(export.stderr)")
        let bundle = try workspace.run("verify-bundle", workspace.path("pg.bundle"))
        #expect(bundle.status == 0, "\(bundle.stdout)\(bundle.stderr)")
        let verify = try workspace.run("verify", "--postgres", url, "--read-models", "--read-model-file", "pg.read-models")
        #expect(verify.status == 0 && verify.stdout.contains("read models: "), "\(verify.stdout)\(verify.stderr)")
        #expect(!verify.stdout.contains("not built: annual-grades") && verify.stdout.contains("quarterly"), "\(verify.stdout)")
    }

    @Test("--postgres naming a server that is not there: exit 1, the URL without its password and why, never 'no ledger'")
    func unreachable() throws {
        let workspace = try CLIWorkspace()
        let result = try workspace.run("verify", "--postgres", "postgres://auditor:secret@127.0.0.1:1/ledger")
        #expect(result.status == 1)
        #expect(result.stderr.contains("postgres://auditor@127.0.0.1:1/ledger") && result.stderr.contains("cannot be reached"), "\(result.stderr)")
        #expect(!result.stderr.contains("secret") && !result.stderr.contains("no ledger"))
    }
}
