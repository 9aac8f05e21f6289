import Foundation
import LedgerCore
import Testing

/// Issue 11 §6: a full disk and a ledger locked by another process are storage failures (exit 1) said as
/// what they are, and nothing is left half-written.
struct StorageFailureTests {
    /// An appointment act in body `b` of the example ledger, with its own id and person.
    static func appointment(_ number: Int) -> String {
        #"{"act":"organisation.appoint","id":"00000000-0000-4000-c000-\#(String(format: "%012d", number))","occurredAt":"2017-12-02T10:00:00+06:00","actor":{"person":"hr-1","role":"hr-officer"},"bodyId":"b","personId":"q\#(number)","fullName":"\#(String(repeating: "Н", count: 200))","positionId":"pos-q\#(number)","positionTitle":"Specialist","category":"E-3","appointedOn":"2015-01-05"}"#
    }

    /// Body `b` and its first two appointments: the first three acts of the 2018 example.
    static func body() throws -> [String] {
        try String(contentsOfFile: ExamplesCLITests.repository.appendingPathComponent("docs/examples/annual-2018.jsonl").path, encoding: .utf8)
            .split(separator: "\n").prefix(3).map(String.init)
    }

    static func events(_ workspace: CLIWorkspace, _ db: String) throws -> Int64? {
        try JSONParser.parse(try workspace.run("stats", "--db", db, "--json").stdout)["events"]?.integerValue
    }

    @Test("disk full (a 1 MiB file system): import stores nothing, acts keeps exactly the acts it acknowledged; both exit 1 saying the disk is full, and the ledger verifies")
    func diskFull() throws {
        let workspace = try CLIWorkspace()
        try FileManager.default.createDirectory(atPath: workspace.path("small"), withIntermediateDirectories: true)
        // A real file system that fills up; the test needs the machine to allow a tmpfs mount (root).
        let mounted = try workspace.shell("mount -t tmpfs -o size=1m tmpfs small")
        try #require(mounted.status == 0, "cannot mount a small file system: \(mounted.stderr)")
        defer { _ = try? workspace.shell("umount small") }
        try workspace.recordActs(try Self.body(), into: "small/l.sqlite")

        try workspace.write("many.jsonl", (1...4000).map { ImportLines.appointment(body: "b", person: "i\($0)") }.joined(separator: "\n"))
        let imported = try workspace.run("import", "--db", "small/l.sqlite", "many.jsonl")
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("the disk holding the ledger is full") && imported.stderr.contains("nothing of this write was stored"), "\(imported.stderr)")
        #expect(try Self.events(workspace, "small/l.sqlite") == 3)

        try workspace.write("acts.jsonl", (1...4000).map(Self.appointment).joined(separator: "\n"))
        let acts = try workspace.run("acts", "--db", "small/l.sqlite", "acts.jsonl")
        #expect(acts.status == 1)
        #expect(acts.stderr.contains("the disk holding the ledger is full"), "\(acts.stderr)")
        let acknowledged = acts.stdout.split(separator: "\n").filter { $0.contains("→ seq") }.count
        #expect(acknowledged > 0 && acknowledged < 4000)
        #expect(try Self.events(workspace, "small/l.sqlite") == Int64(3 + acknowledged))
        let verify = try workspace.run("verify", "--db", "small/l.sqlite")
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test("a ledger another process holds locked: acts waits its 10 s, then exits 1 saying so, and records nothing")
    func lockedByAnotherProcess() async throws {
        let workspace = try CLIWorkspace()
        try workspace.recordActs(try Self.body())
        // In WAL mode an exclusive transaction still lets readers in: the act is decided, and its write waits.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // It holds the lock until the file `release` appears (at most a minute).
        holder.arguments = ["python3", "-c", """
            import os, sqlite3, time
            c = sqlite3.connect('\(workspace.path("l.sqlite"))', isolation_level=None); c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True)
            for _ in range(1200):
                if os.path.exists('\(workspace.path("release"))'): break
                time.sleep(0.05)
            """]
        let said = Pipe()
        holder.standardOutput = said
        try holder.run()
        defer { try? workspace.write("release", "") }
        #expect(String(decoding: said.fileHandleForReading.availableData, as: UTF8.self).hasPrefix("locked"))
        try workspace.write("acts.jsonl", Self.appointment(1))
        let acts = try workspace.run("acts", "--db", "l.sqlite", "acts.jsonl")
        #expect(acts.status == 1)
        #expect(acts.stderr.contains("another process holds"), "\(acts.stderr)")
        #expect(!acts.stderr.contains("bagalau init"))
        try workspace.write("release", "")
        holder.waitUntilExit()
        #expect(try Self.events(workspace, "l.sqlite") == 3)
    }
}
