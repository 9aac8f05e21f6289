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

    @Test("--postgres naming a server that is not there: exit 1, the URL without its password and why, never 'no ledger'")
    func unreachable() throws {
        let workspace = try CLIWorkspace()
        let result = try workspace.run("verify", "--postgres", "postgres://auditor:secret@127.0.0.1:1/ledger")
        #expect(result.status == 1)
        #expect(result.stderr.contains("postgres://auditor@127.0.0.1:1/ledger") && result.stderr.contains("cannot be reached"), "\(result.stderr)")
        #expect(!result.stderr.contains("secret") && !result.stderr.contains("no ledger"))
    }
}
