import Evaluation
import Foundation
import LedgerCore
import SQLiteStore
import Testing

/// Issue #6 through the CLI, on a ledger with a 2018 annual case (body b) and a 2023 quarterly year
/// (body m): signed checkpoints, as-of replay on both axes, diff, the case file with its recorded reads,
/// export bundles checked offline, legal holds and the retention purge.
struct AuditorCLITests {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
    }

    @discardableResult
    func bagalau(_ arguments: String..., status expected: Int32 = 0) throws -> CLIWorkspace.Result { try bagalau(arguments, status: expected) }

    @discardableResult
    func bagalau(_ arguments: [String], status expected: Int32 = 0) throws -> CLIWorkspace.Result {
        let result = try workspace.run(arguments)
        #expect(result.status == expected, "\(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    func acts(_ name: String, _ lines: [String]) throws {
        try workspace.write(name, lines.joined(separator: "\n"))
        try bagalau("acts", "--db", "l.sqlite", name)
    }

    /// The annual cycle of p1 and the quarterly year of body m, a checkpoint after each; returns the
    /// recorded moment between the quarterly year's first and second part.
    func ledgerWithBothMethodologies() throws -> String {
        try bagalau("keygen", "--out", "ledger.key")
        try acts("annual.jsonl", ActsCLITests.cycle())
        var year = QuarterlyYearCLITests()
        try year.setUp()
        try acts("q-a.jsonl", year.lines)
        try bagalau("checkpoint", "--db", "l.sqlite", "--key", "ledger.key")
        let between = SystemClock().now().description
        year.lines = []
        year.restOfYear()
        try acts("q-b.jsonl", year.lines)
        try bagalau("checkpoint", "--db", "l.sqlite", "--key", "ledger.key")
        return between
    }

    /// The ledger file's bytes with its WAL's, as a disk search would see them.
    /// The ledger file and its read models' file, with their write-ahead logs.
    func databaseBytes() throws -> Data {
        var bytes = Data()
        for file in ["l.sqlite", "l.sqlite-wal", "l.sqlite.read-models", "l.sqlite.read-models-wal"] where FileManager.default.fileExists(atPath: workspace.path(file)) {
            bytes += try Data(contentsOf: URL(fileURLWithPath: workspace.path(file)))
        }
        return bytes
    }

    static func lines(_ text: String) throws -> [JSONValue] { try text.split(separator: "\n").map { try JSONParser.parse(String($0)) } }

    @Test("replay as of a moment on both axes, and diff between two moments with the acts in between (issue 6 §1)")
    func replayAndDiff() throws {
        let between = try ledgerWithBothMethodologies()
        let reader = ["--operator", "op", "--reader", "aud-1", "--role", "auditor", "--reason", "annual audit of body m"]
        // What was true on 20 July 2024: Q1 and Q2 of s5, Q2 already lowered by the session of 17 July.
        let occurred = try Self.lines(try workspace.run(["replay", "--db", "l.sqlite", "--as-of", "2024-07-20", "--axis", "occurred", "--case", "case/quarterly/m/2024/s5", "--json"] + reader).stdout)
        let annual = occurred.first { $0["table"] == "quarterly_annual" }
        #expect(annual?["quarter_scores"] == "Q1: 3; Q2: 4" && annual?["mean"] == "7/2")
        // Q3 and Q4 are neither scored nor exempt: the year shows as incomplete, with no band (004 §5).
        #expect(annual?["status"] == "incomplete: Q3, Q4 neither scored nor exempt" && annual?["result"] == .null && annual?["rounded"] == .null)
        // What the ledger knew on 20 July 2024: nothing — every act was entered afterwards.
        let known = try Self.lines(try workspace.run(["replay", "--db", "l.sqlite", "--as-of", "2024-07-20", "--axis", "recorded", "--case", "case/quarterly/m/2024/s5", "--json"] + reader).stdout)
        #expect(known.isEmpty)
        // Between the two runs of acts the ledger knew the cases but no score.
        let midway = try Self.lines(try workspace.run(["replay", "--db", "l.sqlite", "--as-of", between, "--body", "m", "--json"] + reader).stdout)
        #expect(midway.filter { $0["table"] == "quarterly_annual" }.count == 7)
        #expect(midway.allSatisfy { $0["table"] != "quarterly_grades" || $0["status"] == "due" })

        let diff = try workspace.run(["diff", between, SystemClock().now().description, "--db", "l.sqlite", "--case", "case/quarterly/m/2024/s5"] + reader)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("[quarterly_grades] quarterly-2024-s5 / 2\n  status: due → calibrated\n"))
        #expect(diff.stdout.contains("  final_score: NULL → 4\n"))
        #expect(diff.stdout.contains("quarterly.calibration-protocol-signed [004 §42] by chair (maslikhat-chair); happened 2024-07-17T04:00:00.000000Z"))

        // Every replayed case records the auditor's read, shown in the servant's case file.
        let file = try bagalau("case-file", "--db", "l.sqlite", "--case", "case/quarterly/m/2024/s5", "--operator", "op", "--reason", "checking the view", "--reader", "s5", "--role", "servant").stdout
        #expect(file.contains("op (operator) read the replay as aud-1 (auditor): annual audit of body m"))
    }

    @Test("the case file shows every act, vote, clause, deadline and recorded read, as text, JSON and HTML; others are refused (issue 6 §2, §5)")
    func caseFile() throws {
        _ = try ledgerWithBothMethodologies()
        let reviewer = ["--operator", "op", "--reader", "rev-9", "--role", "appeals-reviewer", "--reason", "appeal № 14 of p1"]
        let json = try JSONParser.parse(try workspace.run(["case-file", "--db", "l.sqlite", "--case", "case/annual/b/2018/p1", "--format", "json"] + reviewer).stdout)
        guard case .array(let acts)? = json["acts"], case .array(let reads)? = json["reads"] else { Issue.record("no acts"); return }
        let votes = acts.filter { $0["type"] == "commission.vote-cast" }.map { "\($0["actor"]?["person"]?.stringValue ?? ""):\($0["payload"]?["vote"]?.stringValue ?? "")" }
        #expect(votes == ["m1:for", "m2:for", "m3:against"])
        let notice = acts.first { $0["type"] == "commission.notice-given" }
        #expect(notice?["deadlines"]?[0]?["workingDaysLate"] == 1 && notice?["clause"] == "001 §29")
        #expect(acts.first?["type"] == "annual.case-opened" && acts.first?["actor"]?["role"] == "hr-officer")
        #expect(acts.allSatisfy { $0["recordedAt"] != nil && $0["occurredAt"] != nil })
        #expect(reads.count == 1 && reads.first?["person"] == "op" && reads.first?["reason"] == "appeal № 14 of p1")

        let html = try bagalau(["case-file", "--db", "l.sqlite", "--case", "case/quarterly/m/2024/s1", "--format", "html", "--out", "s1.html"] + reviewer)
        #expect(html.stdout.contains("wrote the case file"))
        let page = try String(contentsOfFile: workspace.path("s1.html"), encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("quarterly.calibration-protocol-signed") && page.contains("004 §13"))
        #expect(page.contains("<b>position</b>: raise") && page.contains("<b>correction</b>: up"))

        let text = try bagalau("case-file", "--db", "l.sqlite", "--case", "case/quarterly/m/2024/s1", "--operator", "op", "--reason", "checking the view", "--reader", "hr", "--role", "hr-officer").stdout
        #expect(text.contains("    correction: up\n") && text.contains("    before: 3\n") && text.contains("    votes: [{\"participantId\":\"head\",\"score\":\"3\"}"))
        // 004 §21: a colleague may not read it, nor a reviewer without a reason.
        try bagalau("case-file", "--db", "l.sqlite", "--case", "case/quarterly/m/2024/s1", "--operator", "op", "--reason", "checking the view", "--reader", "s2", "--role", "servant", status: 77)
        try bagalau("case-file", "--db", "l.sqlite", "--case", "case/quarterly/m/2024/s1", "--operator", "op", "--reason", "checking the view", "--reader", "s2", "--role", "commission-member", status: 77)
        // With no reason, nothing confidential is read (the parser refuses the line, exit 64).
        try bagalau("case-file", "--db", "l.sqlite", "--case", "case/quarterly/m/2024/s1", "--operator", "op", "--reader", "rev-9", "--role", "appeals-reviewer", status: 64)
    }

    @Test("signed checkpoints verify; an export bundle verifies offline and fails on every altered byte tried (issue 6 §3, §4, §7)")
    func bundles() throws {
        _ = try ledgerWithBothMethodologies()
        let verify = try bagalau("verify", "--db", "l.sqlite")
        #expect(verify.stdout.contains("signed tree heads: 2 valid"))
        let auditor = ["--operator", "op", "--reader", "aud-1", "--role", "auditor", "--reason", "audit"]
        try bagalau(["export", "--db", "l.sqlite", "--case", "case/quarterly/m/2024/s6", "--out", "s6.bundle"] + auditor)
        try bagalau(["export", "--db", "l.sqlite", "--body", "b", "--out", "b.bundle"] + auditor)
        try bagalau(["export", "--db", "l.sqlite", "--from", "2000-01-01", "--to", "2100-01-01", "--out", "all.bundle"] + auditor)
        for bundle in ["s6.bundle", "b.bundle", "all.bundle"] {
            #expect(try bagalau("verify-bundle", workspace.path(bundle)).stdout.hasPrefix("bundle verified:"))
        }
        // Pinned to another key, it fails.
        try bagalau("keygen", "--out", "other.key")
        let other = try bagalau("keygen", "--out", "third.key").stdout.split(separator: " ")[2]
        try bagalau("verify-bundle", workspace.path("s6.bundle"), "--public-key", String(other), status: 3)

        // Every altered byte fails: one at a time, at 300 spread positions, each flipped to another printable byte.
        let original = try Data(contentsOf: URL(fileURLWithPath: workspace.path("s6.bundle")))
        var bytes = Array(original)
        let step = max(1, bytes.count / 300)
        var tried = 0
        for position in stride(from: 0, to: bytes.count, by: step) {
            let saved = bytes[position]
            bytes[position] = saved == UInt8(ascii: "0") ? UInt8(ascii: "1") : saved == UInt8(ascii: "\n") ? UInt8(ascii: " ") : UInt8(ascii: "0")
            #expect(throws: ExportBundle.Failure.self, "byte \(position) altered") { _ = try ExportBundle.verify(bytes) }
            bytes[position] = saved
            tried += 1
        }
        #expect(tried >= 300)
        #expect(try ExportBundle.verify(bytes).selected > 0)
        // And through the CLI.
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: workspace.path("altered.bundle")))
        let altered = try bagalau("verify-bundle", workspace.path("altered.bundle"), status: 3)
        #expect(altered.stderr.contains("bundle does not verify"))
    }

    @Test("retention: due 3 years after the end, a legal hold suspends the clock, the purge certifies and removes payloads from the log, the file and every read model; verify still passes (issue 6 §6, §7)")
    func retention() throws {
        _ = try ledgerWithBothMethodologies()
        func state(_ on: String) throws -> String {
            try bagalau("retention", "due", "--db", "l.sqlite", "--on", on, "--all").stdout
        }
        // 001 §8: p1's case ended with the familiarisation on 2019-01-17: kept through 2022-01-17, due from
        // 2022-01-18 (issue 28 §5); the 2024 quarterly cases in 2028.
        #expect(try state("2022-01-17").contains("case/annual/b/2018/p1\t2019-01-17\t2022-01-18\tkept"))
        #expect(try state("2022-01-18").contains("case/annual/b/2018/p1\t2019-01-17\t2022-01-18\tdue"))
        #expect(try state("2026-11-23").contains("case/quarterly/m/2024/s1\t2025-01-09\t2028-01-10\tkept"))
        #expect(try state("2026-11-23").contains("case/quarterly/m/2024/head\t—\t—\topen"))  // the head's results were never familiarised

        // A legal hold from 2021-12-01 to 2022-03-01 suspends the clock for 90 days: due 2022-04-18.
        let hold = [
            ActsCLITests.line("retention.place-hold", id: 9001, on: "2021-12-01", by: "rec-1", as: "records-officer", #""holdId":"h-1","caseStream":"case/annual/b/2018/p1","basis":"court case № 2-113/2021""#),
        ]
        try acts("hold.jsonl", hold)
        #expect(try state("2026-11-23").contains("case/annual/b/2018/p1\t2019-01-17\t—\theld (clock suspended)"))
        #expect(try bagalau("retention", "purge", "--db", "l.sqlite", "--on", "2026-11-23", "--by", "rec-1").stdout.contains("no case is due"))
        try acts("lift.jsonl", [
            ActsCLITests.line("retention.lift-hold", id: 9002, on: "2022-03-01", by: "rec-1", as: "records-officer", #""holdId":"h-1","basis":"the court's decision is final""#),
        ])
        #expect(try state("2022-04-17").contains("case/annual/b/2018/p1\t2019-01-17\t2022-04-18\tkept"))

        let quarterlyBefore = try bagalau("quarterly", "grades", "--db", "l.sqlite", "--body", "m", "--year", "2024", "--operator", "op", "--reason", "checking the view", "--reader", "hr", "--on", "2025-01-20", "--json").stdout
        let dry = try bagalau("retention", "purge", "--db", "l.sqlite", "--on", "2026-11-23", "--by", "rec-1", "--dry-run").stdout
        #expect(dry.contains("would purge case/annual/b/2018/p1: ended 2019-01-17, due 2022-04-18"))
        let secrets = ["Development plan", "Cooperation", "\"achieved\":false"]
        let before = try databaseBytes()
        for secret in secrets { #expect(before.range(of: Data(secret.utf8)) != nil, "\(secret) should be in the ledger before the purge") }

        let purge = try bagalau("retention", "purge", "--db", "l.sqlite", "--on", "2026-11-23", "--by", "rec-1")
        #expect(purge.stdout.contains("purged case/annual/b/2018/p1"))
        #expect(purge.stdout.contains("certificate purge-2026-11-23 recorded"))
        let verify = try bagalau("verify", "--db", "l.sqlite")
        #expect(verify.status == 0 && verify.stdout.contains("purged payloads (digests kept, each named by a purge certificate)"))
        // The personal data is gone from the database file and the read models' file, WALs included: p1's plan (its source document), KPI results and competency sheet.
        let raw = try databaseBytes()
        for secret in secrets {
            #expect(raw.range(of: Data(secret.utf8)) == nil, "\(secret) is still in the database file")
        }
        // Gone from the read models too; the unrelated quarterly cases are byte-identical.
        #expect(try bagalau("grades", "--operator", "op", "--reason", "checking the view", "--db", "l.sqlite", "--body", "b", "--year", "2018").stdout.contains("(none)"))
        #expect(try bagalau("quarterly", "grades", "--db", "l.sqlite", "--body", "m", "--year", "2024", "--operator", "op", "--reason", "checking the view", "--reader", "hr", "--on", "2025-01-20", "--json").stdout == quarterlyBefore)
        // The certificate names the case, its events and their digests; the case is purged, not due again.
        #expect(try state("2026-11-23").contains("case/annual/b/2018/p1\t—\t—\tpurged"))
        let log = try bagalau("log", "--db", "l.sqlite", "--stream", "retention", "--json").stdout
        let certificate = try Self.lines(log).first { $0["type"] == "retention.purge-certified" }
        #expect(certificate?["payload"]?["cases"]?[0]?["caseStream"] == "case/annual/b/2018/p1")
        #expect(certificate?["payload"]?["cases"]?[0]?["events"]?[0]?["payloadDigest"]?.stringValue?.count == 64)
        // A purged case still exports and verifies: its envelopes and digests prove what was there.
        try bagalau("checkpoint", "--db", "l.sqlite", "--key", "ledger.key")
        try bagalau("export", "--db", "l.sqlite", "--case", "case/annual/b/2018/p1", "--out", "p1.bundle", "--operator", "op", "--reader", "aud-1", "--role", "auditor", "--reason", "after the purge")
        #expect(try bagalau("verify-bundle", workspace.path("p1.bundle")).stdout.contains("10 selected events (10 purged)"))
        // 001 §8 with §28–§39: the commission that decided p1's case outlives it — its notice, motion, votes
        // and decision on p1 were purged with the case, and its next act is decided on what remains.
        try acts("amend.jsonl", [
            ActsCLITests.line("commission.amend", id: 9003, on: "2026-11-24", by: "head", as: "authorised-person",
                              #""commissionId":"c-2018","orderNumber":"88-ө","orderDate":"2026-11-24","addMemberIds":["m6"]"#),
        ])
        // Issue 31 §4: "`bagalau log --json --stream commission/c-2018` prints every vote and the tally with no
        // operator and no record; `--operator " "` (blank) is accepted." A commission's payloads are withheld
        // without a named operator and a reason, a blank name is refused, and the read is recorded.
        let withheld = try bagalau("log", "--db", "l.sqlite", "--stream", "commission/c-2018", "--json").stdout
        #expect(!withheld.contains("\"m6\"") && !withheld.contains("\"vote\":") && withheld.contains("withheld: confidential"))
        #expect(try bagalau("log", "--db", "l.sqlite", "--stream", "commission/c-2018", "--json", "--operator", " ", "--reason", "x", status: 65).stderr.contains("operator"))
        #expect(try bagalau("log", "--db", "l.sqlite", "--stream", "commission/c-2018", "--json", "--operator", "op", "--reason", " ", status: 65).stderr.contains("reason"))
        let read = ["log", "--db", "l.sqlite", "--stream", "commission/c-2018", "--json", "--operator", "op", "--reason", "checking the amendment"]
        #expect(try bagalau(read).stdout.contains("\"m6\""))
        let reads = try bagalau("log", "--db", "l.sqlite", "--stream", "access/commission/c-2018", "--json").stdout
        #expect(reads.contains("checking the amendment") && reads.contains("\"operator\""))
    }
}

extension AuditorCLITests {
    @Test("a purge interrupted after its certificate (a crash before the payloads went) is completed by the next run (issue 6 §6)")
    func interruptedPurge() async throws {
        _ = try ledgerWithBothMethodologies()
        let store = try SQLiteEventStore(path: workspace.path("l.sqlite"))
        let service = RetentionService(store: store)
        let due = try await service.dueCases(on: LocalDate("2026-11-23")!)
        #expect(due.map(\.caseStream) == ["case/annual/b/2018/p1"])
        // The certificate is recorded, as the purge does first; then the process dies.
        let schedule = try await service.schedule()
        let certificate = try RecordsRulebook().decide(
            .certifyPurge(certificateId: "purge-crashed", legalBasis: "001 §8", purgedOn: LocalDate("2026-11-23")!, cases: due),
            by: Actor(person: "rec-1", role: Roles.recordsOfficer), at: SystemClock().now(), schedule: schedule)
        try await service.ledger.record(to: RecordsEvents.retentionStream, expecting: schedule.expectedVersion, [certificate])
        #expect(try await store.readStream("case/annual/b/2018/p1", fromVersion: 1).allSatisfy { $0.canonicalPayload != nil })

        let rerun = try bagalau("retention", "purge", "--db", "l.sqlite", "--on", "2026-11-23", "--by", "rec-1")
        #expect(rerun.stdout.contains("completed an interrupted purge: \(due[0].events.count) payloads"))
        #expect(try await store.readStream("case/annual/b/2018/p1", fromVersion: 1).allSatisfy { $0.canonicalPayload == nil })
        #expect(try bagalau("verify", "--db", "l.sqlite").status == 0)
    }
}
