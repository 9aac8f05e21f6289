import Foundation
import Testing

/// Issue 11 §6: what keeps a ledger from opening is reported as what it is, never as "no ledger …
/// create one", and an archive on read-only media can still be verified and read.
struct OpenErrorTests {
    @Test("on a read-only file system (a read-only bind mount): verify, stats, log and backup work; acts says the file system is read-only")
    func readOnlyArchive() throws {
        let workspace = try CLIWorkspace()
        try FileManager.default.createDirectory(atPath: workspace.path("archive"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: workspace.path("ro"), withIntermediateDirectories: true)
        try #require(try workspace.run("demo", "--db", "archive/l.sqlite").status == 0)
        // The archive folder mounted read-only; the test needs the machine to allow a bind mount (root).
        let mounted = try workspace.shell("mount --bind archive ro && mount -o remount,ro,bind ro")
        try #require(mounted.status == 0, "cannot mount the archive read-only: \(mounted.stderr)")
        defer { _ = try? workspace.shell("umount ro") }
        #expect(try workspace.shell("touch ro/x").stderr.contains("Read-only file system"))

        let verify = try workspace.run("verify", "--db", "ro/l.sqlite")
        #expect(verify.status == 0 && verify.stdout.contains("chain intact"), "\(verify.stderr)")
        #expect(try workspace.run("stats", "--db", "ro/l.sqlite").stdout.contains("events"))
        #expect(try workspace.run("log", "--db", "ro/l.sqlite", "--limit", "1").status == 0)
        let backup = try workspace.run("backup", "--db", "ro/l.sqlite", "--to", "copy.sqlite")
        #expect(backup.status == 0 && backup.stdout.contains("chain and Merkle tree verified"), "\(backup.stderr)")

        try workspace.write("acts.jsonl", "")
        let acts = try workspace.run("acts", "--db", "ro/l.sqlite", "acts.jsonl")
        #expect(acts.status == 1)
        #expect(acts.stderr.contains("cannot open the ledger at ro/l.sqlite for writing: it is on a read-only file system"), "\(acts.stderr)")
        #expect(!acts.stderr.contains("bagalau init"))
    }

    /// Issue 31 §7: "`--db Q` (any one-character path) crashes every command that opens the ledger (SIGILL,
    /// exit 132)."
    @Test("a ledger at a one-character path (--db Q) is created, verified, read and appended to like any other")
    func oneCharacterPath() throws {
        let workspace = try CLIWorkspace()
        #expect(try workspace.run("init", "--db", "Q").status == 0)
        let verify = try workspace.run("verify", "--db", "Q")
        #expect(verify.status == 0 && verify.stdout.contains("chain intact"), "\(verify.status) \(verify.stderr)")
        #expect(try workspace.run("stats", "--db", "Q").status == 0)
        #expect(try workspace.run("log", "--db", "Q", "--limit", "1").status == 0)
    }

    @Test("a directory, a file that is not SQLite, and an SQLite file that is not a ledger are each named so, and the last is not turned into a ledger")
    func notALedger() throws {
        let workspace = try CLIWorkspace()
        try FileManager.default.createDirectory(atPath: workspace.path("folder"), withIntermediateDirectories: true)
        let folder = try workspace.run("verify", "--db", "folder")
        #expect(folder.status == 66 && folder.stderr.contains("it is a directory"), "\(folder.stderr)")
        try workspace.write("text.sqlite", "hello\n")
        let text = try workspace.run("verify", "--db", "text.sqlite")
        #expect(text.status == 1 && text.stderr.contains("it is not a readable SQLite database"), "\(text.stderr)")
        #expect(try workspace.shell("python3 -c \"import sqlite3; sqlite3.connect('other.sqlite').execute('CREATE TABLE t (x)')\"").status == 0)
        try workspace.write("acts.jsonl", "")
        let other = try workspace.run("acts", "--db", "other.sqlite", "acts.jsonl")
        #expect(other.status == 66 && other.stderr.contains("is an SQLite file but not a Bagalau ledger"), "\(other.stderr)")
        let tables = try workspace.shell("python3 -c \"import sqlite3; print(sqlite3.connect('other.sqlite').execute('SELECT count(*) FROM sqlite_master').fetchone()[0])\"")
        #expect(tables.stdout == "1\n")
    }
}
