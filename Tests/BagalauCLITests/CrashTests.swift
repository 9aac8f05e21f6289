import Foundation
import LedgerCore
import SQLiteStore
import Testing

/// A crash at any moment loses no acknowledged act, and never leaves half a file imported.
struct CrashTests {
    @Test("SIGKILL during a large import: the acknowledged import survives whole, the killed one is all or nothing, the chain verifies")
    func killDuringImport() async throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        try workspace.write("first.jsonl", (0..<100).map { ImportLines.appointment(body: "a", person: "p\($0)") }.joined(separator: "\n"))
        let acknowledged = try workspace.run("import", "--db", "l.sqlite", "first.jsonl")
        #expect(acknowledged.status == 0)

        try workspace.write("second.jsonl", (0..<30_000).map { ImportLines.appointment(body: "b\($0 % 50)", person: "q\($0)") }.joined(separator: "\n"))
        for delay in [50, 150, 400] {
            let (process, _, _) = try workspace.start(["import", "--db", "l.sqlite", "second.jsonl"])
            try await Task.sleep(for: .milliseconds(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let store = try SQLiteEventStore(path: workspace.path("l.sqlite"))
            let head = try store.headSeqSync()
            #expect(head == 100 || head == 30_100, "after a kill at \(delay) ms the ledger holds \(head) events")
            #expect(try store.readAllSync(fromSeq: 1, limit: 100).count == 100)
            #expect(try store.verifySync().isIntact)
            if head == 30_100 { break }
        }
    }
}
