import Foundation
import Testing

/// Issue 11 §7: `bagalau backup --to FILE` copies the ledger online, verifies the copy, and restoring is
/// opening the copy.
struct BackupTests {
    @Test("a backup taken while another process records acts verifies, holds the live ledger's signed head, and opens as a ledger; it never overwrites a file")
    func onlineBackup() throws {
        let workspace = try CLIWorkspace()
        try #require(try workspace.run("demo", "--db", "l.sqlite").status == 0)
        try workspace.run("keygen", "--out", "ledger.key")
        try #require(try workspace.run("checkpoint", "--db", "l.sqlite", "--key", "ledger.key", "--receipt", "head.receipt").status == 0)
        // A writer in another process, recording a large import while the backup runs.
        try workspace.write("bodies.jsonl", (1...3000).map { ImportLines.body("busy\($0)") }.joined(separator: "\n"))
        let (writer, _, _) = try workspace.start(["import", "--db", "l.sqlite", "bodies.jsonl"])
        let backup = try workspace.run("backup", "--db", "l.sqlite", "--to", "copy.sqlite")
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("chain and Merkle tree verified") && backup.stdout.contains("it holds the live ledger's signed tree head of seq 1–"), "\(backup.stdout)")
        // Restoring is opening the copy: it verifies on its own and extends the receipt kept.
        let restored = try workspace.run("verify", "--db", "copy.sqlite", "--receipt", "head.receipt")
        #expect(restored.status == 0, "\(restored.stderr)")
        let again = try workspace.run("backup", "--db", "l.sqlite", "--to", "copy.sqlite")
        #expect(again.status == 1 && again.stderr.contains("exists already; a backup never overwrites a file"), "\(again.stderr)")
    }

    /// Issue 31 §7: "a failed backup leaves a 0-byte file that blocks the retry".
    @Test("a backup that fails for want of room (a 64 KiB tmpfs) leaves no file behind, and the retry once there is room succeeds")
    func failedBackupLeavesNothing() throws {
        let workspace = try CLIWorkspace()
        try #require(try workspace.run("demo", "--db", "l.sqlite").status == 0)
        try FileManager.default.createDirectory(atPath: workspace.path("small"), withIntermediateDirectories: true)
        // The test needs the machine to allow a mount (root), as the read-only archive test does.
        let mounted = try workspace.shell("mount -t tmpfs -o size=64k tmpfs small")
        try #require(mounted.status == 0, "cannot mount a small tmpfs: \(mounted.stderr)")
        defer { _ = try? workspace.shell("umount small") }
        let full = try workspace.run("backup", "--db", "l.sqlite", "--to", "small/copy.sqlite")
        #expect(full.status != 0, "\(full.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path("small")).isEmpty, "the failed backup left a file")
        _ = try workspace.shell("umount small && mount -t tmpfs -o size=64m tmpfs small")
        let retry = try workspace.run("backup", "--db", "l.sqlite", "--to", "small/copy.sqlite")
        #expect(retry.status == 0 && retry.stdout.contains("chain and Merkle tree verified"), "\(retry.stderr)")
    }
}
